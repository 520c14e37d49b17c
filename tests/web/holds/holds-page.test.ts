import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, postRating, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('the held ratings page', () => {
  it('shows Home Affairs a rating staff sent from their own browser, and counts it only on a decision with a reason', async () => {
    const staff = await t.addStaff();
    const link = await t.app.request(`/api/transactions/${t.dossiers[0]!.id}/rating-token`, { method: 'POST', headers: { cookie: staff } });
    const { token } = (await link.json()) as { token: string };
    const rated = await postRating(t, { token, level: 5 }, { cookie: staff });
    expect(((await rated.json()) as { counted: boolean }).counted).toBe(false);
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);

    const server = await listen(t);
    const browser = await launchChromium();
    try {
      const refused = await signedInPage(browser, server.url, staff);
      expect((await refused.goto(`${server.url}/staff/holds`))?.status()).toBe(403);
      expect(await refused.locator('main .error').textContent()).toBe('Chức năng này dành cho: quản trị hệ thống, cán bộ Nội vụ, lãnh đạo');

      const page = await signedInPage(browser, server.url, ha, { width: 1100, height: 800 });
      await page.goto(`${server.url}/staff`);
      await Promise.all([
        page.waitForEvent('load'),
        page.locator('.staff-nav').getByRole('link', { name: 'Đánh giá chờ xem xét' }).click(),
      ]);
      const row = page.locator('table.holds tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.locator('th').textContent()).toBe('Phường Ba Đình');
      expect(await row.locator('ul.reasons').textContent()).toContain('Gửi từ trình duyệt đang đăng nhập tài khoản cán bộ');
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/holds.png', fullPage: true });

      // Without a reason the browser asks for one and nothing is sent.
      await row.getByLabel('Tính vào số liệu').check();
      await row.getByRole('button', { name: 'Ghi quyết định' }).click();
      expect((await t.query('select decision from rating_holds'))[0]).toEqual({ decision: null });

      await row.getByLabel('Lý do (bắt buộc)').fill('Đã gọi lại công dân, xác nhận người dân đánh giá tại quầy');
      await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'Ghi quyết định' }).click()]);
      expect(await page.locator('main').textContent()).toContain('Không có đánh giá chờ xem xét.');
      await page.goto(`${server.url}/staff/holds?status=decided`);
      expect(await page.locator('table.holds tbody tr td').last().textContent()).toContain('Đã tính');
      await page.screenshot({ path: 'test-results/holds-decided.png', fullPage: true });
      expect(await t.query('select counted from ratings')).toEqual([{ counted: 1 }]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
