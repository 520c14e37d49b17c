import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kioskDevices, transactions } from '../../../api/platform/db/schema.js';
import { DAY, kioskHistory } from '../../helpers/alerts.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

const HOUR = 3_600_000;
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('a kiosk that went quiet', () => {
  it('shows Home Affairs the terminal probably down: on the home page, the alerts page and the fleet', async () => {
    const now = Date.now();
    await t.deps.store.db.delete(transactions).run();
    await t.deps.store.db
      .update(kioskDevices)
      .set({ createdAt: new Date(now - 60 * DAY) })
      .run();
    await kioskHistory(t, 100, 60, now - 30 * DAY, now - 2 * HOUR); // its usual rate: 60 taps for 100 dossiers
    await kioskHistory(t, 12, 0, now - 2 * HOUR + 60_001, now - 60_000); // then 12 citizens served, not one tap
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    expect((await t.call('POST', '/api/alerts/scan', undefined, ha)).status).toBe(200); // what the server runs every hour
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const page = await signedInPage(browser, server.url, ha, { width: 1366, height: 768 });
      await page.goto(`${server.url}/staff`);
      const tile = page.locator('#attention li', { hasText: 'thiết bị đánh giá có thể hỏng' });
      expect(await tile.locator('.attention-count').textContent()).toBe('1');
      await Promise.all([
        page.waitForEvent('load'),
        page.locator('#attention li', { hasText: 'cảnh báo chưa xử lý' }).getByRole('link').click(),
      ]);
      const alert = page.locator('#alerts-table tbody tr');
      expect(await alert.count()).toBe(1);
      expect(await alert.locator('th').textContent()).toContain('Thiết bị đánh giá có thể đã hỏng');
      expect(await alert.locator('th').textContent()).toContain('Không nhận được tín hiệu từ');
      await page.goto(`${server.url}/staff/kiosks`);
      expect(await page.locator('tr[data-kiosk="bd-q1"] .kiosk-state').textContent()).toContain('Im lặng');
      await page.screenshot({ path: 'test-results/kiosk-silent-fleet.png', fullPage: true });
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
