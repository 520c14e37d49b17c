import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';
import { FROM, openDemo, TO } from '../../helpers/demo.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
});
afterAll(() => demo.close());

describe('the comparison page', () => {
  it('draws the comparison page with a series per unit', async () => {
    const picked = await demo.wards(3);
    const server = await listen({ app: demo.app } as never);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await signedInPage(browser, server.url, demo.cookie);
      await page.goto(
        `${server.url}/staff/compare?definition=tap-rating&from=${FROM}&to=${TO}&${picked.map((w) => `u=${w.id}`).join('&')}`,
      );
      const series = await page.evaluate(() => {
        const chart = (
          window as unknown as { Chart: { getChart(c: Element): { data: { datasets: { label: string }[] } } | undefined } }
        ).Chart.getChart(document.getElementById('compare') as Element);
        return chart?.data.datasets.map((d) => d.label);
      });
      expect(series).toEqual(picked.map((w) => w.name));
      expect(await page.locator('#compare-table tbody tr').count()).toBe(1); // the tap rating has no parts
      expect(await page.locator('#compare-table td.differences').textContent()).toMatch(/ > |không có/);
      expect(await page.locator('#compare-rules').textContent()).toContain(`(${(picked.length * (picked.length - 1)) / 2} cặp)`);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/compare.png', fullPage: true });
    } finally {
      await browser?.close();
      await server.close();
    }
  }, 60_000);

  it('says at the top, on a phone, why one unit, eleven units or a province beside its own ward cannot be compared', async () => {
    const all = (await demo.query('select id from units where valid_to is null order by id limit 11')) as { id: number }[];
    const [province, ward] = [await demo.unitId('01'), (await demo.wards(1))[0]?.id];
    const server = await listen({ app: demo.app } as never);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await signedInPage(browser, server.url, demo.cookie, { width: 390, height: 844 });
      for (const [ids, words] of [
        [[all[0]?.id], 'Đơn vị: Chọn từ 2 đến 10 đơn vị khác nhau'],
        [all.map((u) => u.id), 'Đơn vị: Chọn từ 2 đến 10 đơn vị khác nhau'],
        [[province, ward], 'Thành phố Hà Nội đã gồm'],
      ] as const) {
        const res = await page.goto(
          `${server.url}/staff/compare?definition=tap-rating&from=${FROM}&to=${TO}&${ids.map((id) => `u=${id}`).join('&')}`,
        );
        expect(res?.status()).toBe(422);
        const error = page.locator('#page-error');
        expect(await error.textContent()).toContain(words);
        expect(await error.isVisible()).toBe(true);
        expect(((await error.boundingBox())?.y ?? 9999) + 40).toBeLessThan(844); // in view without scrolling
        expect(await page.locator('#compare-table').count()).toBe(0);
      }
    } finally {
      await browser?.close();
      await server.close();
    }
  }, 60_000);
});
