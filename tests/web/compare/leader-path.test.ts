import { mkdirSync } from 'node:fs';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../api/platform/auth/secrets.js';
import { users } from '../../../api/platform/db/schema.js';
import { TEST_PASSWORD_COST } from '../../helpers/app.js';
import { launchChromium, listen } from '../../helpers/browser.js';
import { openDemo } from '../../helpers/demo.js';

let demo: Awaited<ReturnType<typeof openDemo>>;
const PASSWORD = 'a leader reads the figures';
beforeAll(async () => {
  demo = await openDemo();
  await demo.store.db
    .insert(users)
    .values({
      username: 'lanhdao',
      displayName: 'Lãnh đạo UBND',
      passwordHash: await hashPassword(PASSWORD, TEST_PASSWORD_COST),
      role: 'leader',
      unitId: await demo.unitId('01'),
      createdAt: new Date(),
    })
    .run();
});
afterAll(() => demo.close());

describe('a leader comparing their units', () => {
  it('goes from signing in to four departments side by side, each with its interval and n, in four clicks', async () => {
    const server = await listen({ app: demo.app } as never);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
      let clicks = 0;
      const click = async (target: Locator) => {
        clicks += 1;
        await target.click();
      };
      await page.goto(`${server.url}/login`);
      await page.fill('input[name=username]', 'lanhdao');
      await page.fill('input[name=password]', PASSWORD);
      await Promise.all([page.waitForURL(/\/staff$/), click(page.locator('button[type=submit]'))]);
      // The home page lists the departments apart from the wards and communes, each block with its comparison.
      await Promise.all([page.waitForURL(/\/staff\/compare/), click(page.locator('a[data-compare="department"]'))]);
      expect(await page.locator('#compare-table thead th[data-series]').count()).toBe(5);
      // One department left out, then shown.
      await click(page.locator('input[name=u]:checked').first());
      await Promise.all([page.waitForURL(/\/staff\/compare/), click(page.locator('.compare-form button[type=submit]'))]);
      expect(clicks).toBeLessThan(5);
      const heads = await page.locator('#compare-table thead th[data-series]').allTextContents();
      expect(heads).toHaveLength(4);
      expect(heads.every((h) => h.startsWith('Sở'))).toBe(true);
      // Every cell: the value, its interval and its n, readable without hovering.
      const cells = await page.locator('#compare-table tbody td.figure').allInnerTexts();
      expect(cells).toHaveLength(4);
      for (const cell of cells) expect(cell).toMatch(/^\d{2},\d{2}\n\d{2},\d–\d{2},\d\nn = [\d.]+$/);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/leader-compare.png', fullPage: true });
    } finally {
      await browser?.close();
      await server.close();
    }
  }, 90_000);
});
