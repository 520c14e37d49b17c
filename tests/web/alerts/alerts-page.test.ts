import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAY, homeAffairsApp, WEEK } from '../../helpers/alerts.js';
import { START } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

const f = homeAffairsApp();

describe('the alerts page', () => {
  it('lists the alert with both shares and n, and takes an acknowledgement typed by Home Affairs', async () => {
    await f.ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await f.ratings(60, 36, WEEK, START);
    await f.call('POST', '/api/alerts/scan');
    const server = await listen(f.t);
    const browser = await launchChromium();
    try {
      const page = await signedInPage(browser, server.url, f.ha, { width: 1100, height: 900 });
      await page.goto(`${server.url}/staff/alerts`);
      const rows = page.locator('#alerts-table tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.first().locator('td').first().textContent()).toBe('60,00% (n = 60)');
      await rows.first().locator('textarea').fill('Đã nhắc quầy 1');
      await Promise.all([page.waitForEvent('load'), rows.first().locator('button').click()]);
      expect(await page.locator('#alerts-table tbody tr').count()).toBe(1); // the acknowledged one leaves the open list
      await page.goto(`${server.url}/staff/alerts?status=all`);
      expect(await page.locator('.note').first().textContent()).toContain('Đã nhắc quầy 1');
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/alerts.png', fullPage: true });
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
