import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kioskTap, makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('the call-back page', () => {
  it('lets the unit’s staff call a citizen back, note it, and close the matter', async () => {
    const rated = await kioskTap(t, { level: 1, reasons: ['poor_attitude'], followUp: { phone: '0912 345 678', consent: true } });
    expect(rated.status).toBe(201);
    const staff = await t.addStaff();
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const page = await signedInPage(browser, server.url, staff, { width: 390, height: 844 });
      await page.goto(`${server.url}/staff`);
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Người dân đề nghị gọi lại' }).click()]);
      const row = page.locator('#callbacks tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.locator('a.phone').getAttribute('href')).toBe('tel:0912345678');
      expect(await row.textContent()).toContain('Thái độ chưa tốt');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: 'test-results/callbacks-phone.png', fullPage: true });

      await row.getByLabel('Ghi chú').fill('Đã gọi, công dân hẹn gọi lại chiều nay');
      await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'Đã liên hệ' }).click()]);
      expect(await row.locator('.badge').textContent()).toBe('Đã liên hệ');
      expect(await row.locator('.note').textContent()).toContain('canbo.badinh');
      await row.getByLabel('Ghi chú').fill('Đã xin lỗi công dân, nhắc nhở cán bộ quầy');
      await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'Đã giải quyết' }).click()]);
      expect(await page.locator('main').textContent()).toContain('Không có đề nghị gọi lại nào.');
      expect(await t.query('select status, note from follow_ups')).toEqual([
        { status: 'resolved', note: 'Đã xin lỗi công dân, nhắc nhở cán bộ quầy' },
      ]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
