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
      type Row = { unit: { id: number; name: string }; value: number; tier: { rankRange: [number, number]; alike: string[] } };
      const blocks = api.blocks as { block: string; label: { vi: string }; comparisons: { tests: number }; rows: Row[] }[];
      expect(await page.locator('.ranking-block h2').allTextContents()).toEqual(blocks.map((b) => b.label.vi));
      const vi = (x: number) => x.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      for (const block of blocks) {
        const table = page.locator(`#ranking-${block.block}`);
        const shown = await table.locator('tbody tr').evaluateAll((rows) =>
          rows.map((r) => ({
            name: r.querySelector('th a')?.textContent?.trim(),
            href: r.querySelector('th a')?.getAttribute('href'),
            value: r.querySelector('.value')?.textContent?.trim(),
            range: r.querySelector('.range')?.textContent?.trim(),
            alike: r.querySelector('.alike')?.textContent?.trim(),
          })),
        );
        expect(shown.map((s) => s.name)).toEqual(block.rows.map((r) => r.unit.name));
        expect(shown.map((s) => s.value)).toEqual(block.rows.map((r) => vi(r.value)));
        expect(shown[0]?.value).toMatch(/^\d{2},\d{2}$/);
        // Each name opens its dashboard for the period; "alike" names the units chance cannot separate it from.
        expect(shown[0]?.href).toBe(`/staff/dashboard?unit=${block.rows[0]?.unit.id}&from=2025-07-01&to=2025-12-31`);
        const names = new Map(block.rows.map((r) => [String(r.unit.id), r.unit.name]));
        block.rows.forEach((r, k) => {
          expect(shown[k]?.range).toBe(`${r.tier.rankRange[0]}–${r.tier.rankRange[1]}`);
          expect(shown[k]?.alike).toBe(
            r.tier.alike.length ? r.tier.alike.map((key) => names.get(key)).join(', ') : 'khác biệt với mọi đơn vị khác',
          );
        });
        await expect
          .poll(() => page.locator(`.ranking-block[data-block="${block.block}"] .ranking-rules`).textContent())
          .toMatch(new RegExp(`\\(${block.comparisons.tests} cặp\\).*Holm.*theo tên đơn vị`));
      }
      // Ticking two wards and asking for their comparison opens it.
      const communes = page.locator('#ranking-commune_level');
      await communes.locator('input[name=u]').nth(0).check();
      await communes.locator('input[name=u]').nth(1).check();
      await Promise.all([
        page.waitForURL(/\/staff\/compare/),
        page.locator('.ranking-block[data-block="commune_level"] button.compare-ticked').click(),
      ]);
      expect(await page.locator('#compare-table thead th[data-series]').allTextContents()).toEqual(
        blocks[1]?.rows.slice(0, 2).map((r) => r.unit.name),
      );
      await page.goBack();
      await page.screenshot({ path: 'test-results/ranking.png', fullPage: true });
    } finally {
      await browser?.close();
      await server.close();
    }
  });
});
