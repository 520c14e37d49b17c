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

describe('the dashboard page', () => {
  it('draws the page in Chromium with the figures of the API, written the Vietnamese way', async () => {
    const province = await demo.unitId('01');
    const d = await demo.dashboard(province);
    const t = { app: demo.app } as never as Parameters<typeof listen>[0];
    const server = await listen(t);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await signedInPage(browser, server.url, demo.cookie);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.url}/staff/dashboard?unit=${province}&from=${FROM}&to=${TO}`);
      const shown = await page.locator('#card-tap .big-figure').textContent();
      expect(shown).toBe(`${(d.tap.value as number).toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`);
      expect(shown).toMatch(/^\d{2},\d{2}%$/);
      expect(await page.locator('#trend-table tbody tr').count()).toBe(10); // January to October
      // Every chart was drawn by Chart.js (served from node_modules) from its table.
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll('canvas[data-kind]')].map((c) => {
          const chart = (
            window as unknown as { Chart: { getChart(c: Element): { data: { datasets: { data: unknown[] }[] } } | undefined } }
          ).Chart.getChart(c);
          return { id: c.id, points: chart?.data.datasets[0]?.data.length ?? 0 };
        }),
      );
      expect(charts).toEqual([
        { id: 'trend', points: 10 },
        { id: 'channels', points: d.channels.length },
        { id: 'reasons', points: d.reasons.length },
        ...(d.sipas.headline.value === null ? [] : [{ id: 'elements', points: d.sipas.elements.length }]),
      ]);
      expect(errors).toEqual([]);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
      await page.screenshot({ path: 'test-results/dashboard-top.png' });
    } finally {
      await browser?.close();
      await server.close();
    }
  }, 60_000);
});
