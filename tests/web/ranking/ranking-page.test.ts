import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, listen } from '../../helpers/browser.js';
import { DEMO_PASSWORD, openDemo } from '../../helpers/demo.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
});
afterAll(() => demo.close());
const query = async () => `definition=tap-rating&parent=${await demo.unitId('01')}&from=2025-07-01&to=2025-12-31`;

describe('the ranking page', () => {
  it('shows the same numbers on the page, in Vietnamese format', async () => {
    const api = await (await demo.app.request(`/api/rankings?${await query()}`, { headers: { cookie: demo.cookie } })).json();
    const t = { app: demo.app } as never as Parameters<typeof listen>[0];
    const server = await listen(t);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      await context.request.post(`${server.url}/api/auth/login`, { data: { username: 'admin', password: DEMO_PASSWORD } });
      const page = await context.newPage();
      await page.goto(`${server.url}/staff/ranking?${await query()}`);
      const shown = await page
        .locator('#ranking tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => ({ name: r.children[3]?.textContent?.trim(), value: r.querySelector('.value')?.textContent?.trim() })),
        );
      expect(shown.map((s) => s.name?.replace(/ \(.*\)$/, ''))).toEqual(api.rows.map((r: { unit: { name: string } }) => r.unit.name));
      const vi = (x: number) => x.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(shown.map((s) => s.value)).toEqual(api.rows.map((r: { value: number }) => vi(r.value)));
      expect(shown[0]?.value).toMatch(/^\d{2},\d{2}$/);
      await expect
        .poll(() => page.locator('#ranking-rules').textContent())
        .toMatch(new RegExp(`\\(${api.comparisons.tests} cặp\\).*Holm.*theo tên đơn vị`));
      await page.screenshot({ path: 'test-results/ranking.png', fullPage: true });
    } finally {
      await browser?.close();
      await server.close();
    }
  });
});
