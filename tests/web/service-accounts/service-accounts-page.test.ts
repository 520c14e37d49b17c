import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('the service accounts page', () => {
  it('lets an admin give the portal a key, shown once, that issues links; then revoke it', async () => {
    const admin = await t.addUser('quantri', 'admin', null);
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const page = await signedInPage(browser, server.url, admin, { width: 1366, height: 768 });
      await page.goto(`${server.url}/staff/users`);
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Tài khoản hệ thống kết nối →' }).click()]);
      const create = page.locator('#new-service-account');
      await create.getByLabel('Tên hệ thống').fill('Cổng dịch vụ công');
      await create.locator('select[name=unitId]').selectOption({ label: 'Phường Ba Đình' });
      // No permission ticked: the API's refusal is said in the form.
      await create.getByRole('button', { name: 'Tạo' }).click();
      await expect.poll(() => create.locator('.error').textContent()).toContain('Quyền');
      await create.getByLabel('cấp đường dẫn đánh giá').check();
      await create.getByRole('button', { name: 'Tạo' }).click();
      await page.locator('#new-key').waitFor({ state: 'visible' });
      const key = (await page.locator('#new-key-value').textContent()) ?? '';
      expect(key).toMatch(/^sk_/);
      expect(await page.locator('#new-key').isVisible()).toBe(true);
      await page.screenshot({ path: 'test-results/service-accounts-key.png', fullPage: true });

      const issue = () =>
        fetch(`${server.url}/api/rating-links`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ receiptCodes: [t.dossiers[0]!.receiptCode] }),
        });
      expect((await issue()).status).toBe(201);

      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Đã chép khóa' }).click()]);
      const row = page.locator('#service-accounts tbody tr', { hasText: 'Cổng dịch vụ công' });
      expect(await row.locator('td').first().textContent()).toBe('Phường Ba Đình');
      expect(await row.locator('.keys li').first().getAttribute('data-prefix')).toBe(key.slice(0, 10));
      expect(await row.locator('.keys li').first().textContent()).not.toContain('dùng lần cuối: –');
      // The key itself is nowhere on the page once it has been shown.
      expect(await page.content()).not.toContain(key);

      await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'Thu hồi' }).click()]);
      expect(await row.locator('th').textContent()).toContain('đã thu hồi');
      expect((await issue()).status).toBe(401);
      await page.screenshot({ path: 'test-results/service-accounts.png', fullPage: true });
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
