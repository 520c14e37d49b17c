import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('the accounts page', () => {
  it('lets an admin create a unit officer’s account, move it to Home Affairs and disable it', async () => {
    const admin = await t.addUser('quantri', 'admin', null);
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const page = await signedInPage(browser, server.url, admin, { width: 1366, height: 768 });
      await page.goto(`${server.url}/staff`);
      await Promise.all([page.waitForEvent('load'), page.locator('.staff-nav').getByRole('link', { name: 'Tài khoản' }).click()]);
      const create = page.locator('#new-user');
      await create.getByLabel('Tên đăng nhập').fill('canbo.moi');
      await create.getByLabel('Họ và tên').fill('Trần Thị Bình');
      await create.locator('select[name=unitId]').selectOption({ label: 'Phường Ba Đình' });
      await create.getByLabel('Mật khẩu').fill('short');
      await create.getByRole('button', { name: 'Tạo' }).click();
      expect(await create.getByLabel('Mật khẩu').evaluate((i: HTMLInputElement) => i.validity.tooShort)).toBe(true);
      await create.getByLabel('Mật khẩu').fill('mật khẩu đủ dài để dùng');
      await Promise.all([page.waitForEvent('load'), create.getByRole('button', { name: 'Tạo' }).click()]);
      const row = page.locator('#users tbody tr', { hasText: 'canbo.moi' });
      expect(await row.locator('td').first().textContent()).toBe('cán bộ đơn vị');

      await row.locator('summary').click();
      const change = row.locator('form.user-change');
      await change.locator('select[name=role]').selectOption('home_affairs');
      await change.locator('select[name=unitId]').selectOption({ label: 'Thành phố Hà Nội' });
      await Promise.all([page.waitForEvent('load'), change.getByRole('button', { name: 'Lưu' }).click()]);
      expect(await row.locator('td').nth(0).textContent()).toBe('cán bộ Nội vụ');
      expect(await row.locator('td').nth(1).textContent()).toBe('Thành phố Hà Nội');
      await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'Khóa tài khoản' }).click()]);
      expect(await row.locator('.account-state').textContent()).toContain('Đã khóa');
      await page.screenshot({ path: 'test-results/users.png', fullPage: true });
      const [stored] = (await t.query("select role, disabled_at from users where username = 'canbo.moi'")) as {
        role: string;
        disabled_at: unknown;
      }[];
      expect(stored?.role).toBe('home_affairs');
      expect(stored?.disabled_at).not.toBeNull();
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
