import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vnDate, vnDayStart } from '../../../api/platform/time.js';
import { makeTestApp, START, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

const DAY = 86_400_000;
/** Where the scan's week starts: 00:00 in Hà Nội six days before START's day (so today and six before). */
const WEEK = vnDayStart(vnDate(START)) - 6 * DAY;
let t: TestApp;
let ha: string;
beforeEach(async () => {
  t = await makeTestApp();
  ha = await t.addUser('noivu', 'home_affairs', t.ward.parentId);
});
afterEach(() => t.close());

const ratings = (n: number, satisfied: number, from: number, to: number) => t.storeRatings(n, satisfied, from, to);
const call = (method: string, path: string, body?: unknown, cookie = ha) => t.call(method, path, body, cookie);

describe('the alerts page', () => {
  it('lists the alert with both shares and n, and takes an acknowledgement typed by Home Affairs', async () => {
    await ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await ratings(60, 36, WEEK, START);
    await call('POST', '/api/alerts/scan');
    const server = await listen(t);
    const browser = await launchChromium();
    try {
      const page = await signedInPage(browser, server.url, ha, { width: 1100, height: 900 });
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
