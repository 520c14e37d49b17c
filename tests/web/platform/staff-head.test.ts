import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, STAFF_PASSWORD, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('the top of every staff page', () => {
  it('offers each role only where it may go, says who is signed in, and signs out', async () => {
    await t.addStaff('canbo.badinh');
    await t.addUser('lanhdao.hanoi', 'leader', t.ward.parentId);
    const server = await listen(t);
    const browser = await launchChromium();
    try {
      const signIn = async (username: string) => {
        const page = await (await browser.newContext({ viewport: { width: 1100, height: 700 } })).newPage();
        await page.goto(`${server.url}/login`);
        await page.getByLabel('Tên đăng nhập').fill(username);
        await page.getByLabel('Mật khẩu').fill(STAFF_PASSWORD);
        await Promise.all([page.waitForURL(`${server.url}/staff`), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
        return page;
      };
      const places = async (page: Awaited<ReturnType<typeof signIn>>) => page.locator('.staff-head nav a').allTextContents();

      const leader = await signIn('lanhdao.hanoi');
      expect(await places(leader)).toEqual([
        'Trang cán bộ',
        'Bảng theo dõi đơn vị',
        'Xếp hạng',
        'So sánh đơn vị',
        'Cảnh báo',
        'Đợt khảo sát',
        'Chỉ số CCHC',
        'Thiết bị đánh giá',
        'Đánh giá chờ xem xét',
        'Đơn vị và thủ tục',
      ]);
      expect(await leader.locator('.staff-head .signed-in').textContent()).toBe('lanhdao.hanoi · lãnh đạo · Thành phố Hà Nội');

      const staff = await signIn('canbo.badinh');
      expect(await places(staff)).toEqual([
        'Trang cán bộ',
        'Bảng theo dõi đơn vị',
        'Cảnh báo',
        'Đợt khảo sát',
        'Nhập hồ sơ',
        'Chỉ số CCHC',
        'Thiết bị đánh giá',
        'In phiếu đánh giá cho người dân',
        'Người dân đề nghị gọi lại',
        'Đơn vị và thủ tục',
      ]);
      await staff.goto(`${server.url}/staff/alerts`);
      mkdirSync('test-results', { recursive: true });
      await staff.screenshot({ path: 'test-results/staff-head.png' });
      const sessions = async () =>
        Number(
          (
            (
              await t.query("select count(*) as n from sessions s join users u on u.id = s.user_id where u.username = 'canbo.badinh'")
            )[0] as {
              n: number;
            }
          ).n,
        );
      const before = await sessions();
      await Promise.all([staff.waitForURL(`${server.url}/login`), staff.getByRole('button', { name: 'Đăng xuất' }).click()]);
      await staff.goto(`${server.url}/staff`);
      expect(new URL(staff.url()).pathname).toBe('/login'); // the session is over
      expect(await sessions()).toBe(before - 1);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
