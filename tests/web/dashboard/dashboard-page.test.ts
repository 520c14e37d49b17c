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
          return { id: c.id, points: chart?.data.datasets[0]?.data.length ?? 0, series: chart?.data.datasets.length ?? 0 };
        }),
      );
      expect(charts).toEqual([
        { id: 'trend', points: 10, series: 3 }, // the line and its 95% band (upper, lower)
        { id: 'channels', points: d.channels.length, series: 1 },
        { id: 'reasons', points: d.reasons.length, series: 1 },
        ...(d.sipas.headline.value === null ? [] : [{ id: 'elements', points: d.sipas.elements.length, series: 1 }]),
      ]);
      // Bars start at zero: a bar's length is its value.
      const axisStarts = await page.evaluate(() =>
        ['channels', 'reasons', 'elements'].map((id) => {
          const canvas = document.getElementById(id);
          const chart = (
            window as unknown as { Chart: { getChart(c: Element): { scales: Record<string, { min: number; axis: string }> } | undefined } }
          ).Chart.getChart(canvas as Element);
          const value = Object.values(chart?.scales ?? {}).find((s) => s.axis === (id === 'channels' ? 'y' : 'x'));
          return value?.min;
        }),
      );
      expect(axisStarts).toEqual([0, 0, 0]);
      // The province's units, each with its figure, interval, n, coverage and change, linked to its dashboard.
      const below = page.locator('#units-below-table tbody tr');
      expect(await below.count()).toBe(13);
      expect(await below.first().locator('th a').getAttribute('href')).toMatch(
        /^\/staff\/dashboard\?unit=\d+&from=2026-01-01&to=2026-10-31$/,
      );
      expect(await below.first().locator('td').allTextContents()).toEqual([
        expect.stringMatching(/^\d{2},\d{2}$/),
        expect.stringMatching(/^\d{2},\d–\d{2},\d$/),
        expect.stringMatching(/^[\d.]+$/),
        expect.stringMatching(/^\d+,\d%$/),
        expect.stringMatching(/^[+−-]?\d+,\d{2} \((có ý nghĩa|không đáng kể)\)$|^–$/),
      ]);
      // Hours with few ratings are greyed, and every filled hour shows its n without hovering.
      const heat = await page
        .locator('#heat-table td[data-n]')
        .evaluateAll((cells) =>
          cells.map((c) => ({ n: Number((c as HTMLElement).dataset.n), few: c.classList.contains('heat-few'), text: c.textContent ?? '' })),
        );
      const filled = heat.filter((c) => c.n > 0);
      expect(filled.length).toBeGreaterThan(0);
      for (const c of filled) {
        expect(c.few).toBe(c.n < 30);
        expect(c.text).toContain(`n=${c.n.toLocaleString('vi-VN')}`);
      }
      expect(filled.some((c) => c.few)).toBe(true);
      // The CSV links read in Vietnamese.
      expect(await page.locator('.downloads a[href*="dashboard.csv"]').first().textContent()).toBe('Tổng hợp');
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
