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
});
