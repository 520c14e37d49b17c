import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAlerts } from '../../../api/alerts/service.js';
import { loadEnv } from '../../../api/platform/env.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';
import { DEMO_NOW, openDemo } from '../../helpers/demo.js';

let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
  // What the server does on its first run: alerts scanned, so the alerts page has rows to fit.
  await scanAlerts({ store: demo.store, env: loadEnv({}), now: () => DEMO_NOW });
});
afterAll(() => demo.close());

/** Every staff page on the demo, with what it shows once data is there. */
async function pages() {
  const departments = (await demo.query("select id from units where kind = 'department' and valid_to is null order by id limit 4")) as {
    id: number;
  }[];
  return [
    '/',
    '/staff',
    '/staff/dashboard',
    '/staff/ranking',
    '/staff/ranking?definition=sipas-qd1001-2023&from=2026-01-01&to=2026-10-31',
    `/staff/compare?${departments.map((d) => `u=${d.id}`).join('&')}`,
    '/staff/alerts',
    '/staff/kiosks',
    '/staff/par',
    '/staff/par/results?year=2025&definitionId=par-hanoi-departments-2024',
    '/staff/surveys',
    '/staff/imports',
    '/staff/units',
    '/staff/users',
    '/staff/users/service-accounts',
    '/staff/links',
    '/staff/holds',
    '/staff/callbacks',
    '/staff/webhooks',
  ];
}

describe('every staff page on a desk and on a phone', () => {
  it('is drawn at 1366×768 and fits 390×844 without sideways scrolling (wide tables scroll in their frame)', async () => {
    const server = await listen({ app: demo.app } as never);
    let browser: Browser | undefined;
    mkdirSync('test-results/fit', { recursive: true });
    try {
      browser = await launchChromium();
      const overflowing: string[] = [];
      for (const viewport of [
        { width: 1366, height: 768 },
        { width: 390, height: 844 },
      ]) {
        const page = await signedInPage(browser, server.url, demo.cookie, viewport);
        for (const path of await pages()) {
          const res = await page.goto(`${server.url}${path}`);
          expect(res?.status(), path).toBe(200);
          const { scroll, client } = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          if (path === '/staff/alerts') expect(await page.locator('#alerts-table tbody tr').count()).toBeGreaterThan(0);
          if (scroll > client) overflowing.push(`${path} at ${viewport.width}: ${scroll} px wide`);
          await page.screenshot({ path: `test-results/fit/${path.replace(/[^a-z0-9]+/gi, '_')}-${viewport.width}.png`, fullPage: true });
        }
        await page.context().close();
      }
      expect(overflowing).toEqual([]);
    } finally {
      await browser?.close();
      await server.close();
    }
  }, 180_000);
});
