import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ TRUST_PROXY: 1 }, { realClock: true });
});
afterEach(() => t.close());

/** The "what needs attention" tiles of a home page: label → count. */
const tiles = async (page: Page) =>
  Object.fromEntries(
    (await page.locator('#attention li').allTextContents()).map((text) => {
      const [, n, label] = /^\s*(\d+)\s+(.*)$/.exec(text.trim()) as RegExpExecArray;
      return [label as string, Number(n)];
    }),
  );

describe('each role’s home', () => {
  it('walks Home Affairs through a day: links by receipt code, a citizen rates, a rating from the office is held and shows on the home page', async () => {
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const leader = await t.addUser('lanhdao.hanoi', 'leader', t.ward.parentId);
    const staff = await t.addStaff();
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const office = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        extraHTTPHeaders: { 'x-forwarded-for': '10.0.0.5' },
      });
      const [name, ...value] = ha.split('=');
      await office.addCookies([{ name: name as string, value: value.join('='), url: server.url }]);
      const home = await office.newPage();
      await home.goto(`${server.url}/staff`);
      expect(await tiles(home)).toMatchObject({
        'đánh giá chờ xem xét': 0,
        'bản tự đánh giá CCHC chờ thẩm định': 0,
        'người dân chờ được gọi lại': 0,
      });
      expect(await home.locator('table.overview tbody tr th').allTextContents()).toEqual(['Phường Ba Đình']);

      await Promise.all([home.waitForEvent('load'), home.getByRole('link', { name: 'In phiếu đánh giá cho người dân' }).click()]);
      await home.getByLabel('Mã hồ sơ').fill('00004-260301-0001\n00004-260301-0002');
      await home.getByRole('button', { name: 'Cấp đường dẫn' }).click();
      await expect.poll(() => home.locator('.slip').count()).toBe(2);
      const [first, second] = (await home.locator('.slip-url').allTextContents()).map((u) => u.replace(/^https?:\/\/[^/]+/, server.url));

      // A citizen rates on their phone from home; the second link is rated from the office's own address.
      const rate = async (url: string, address: string, level: number) => {
        const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, extraHTTPHeaders: { 'x-forwarded-for': address } });
        const page = await phone.newPage();
        await page.goto(url as string);
        await page.click(`.face-btn[data-level="${level}"]`);
        await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
        // The thanks is in the page from the start, hidden: wait until it shows (the server has stored the rating).
        await page.locator('#online-thanks').waitFor();
        expect(await page.locator('#online-thanks').textContent()).toContain('Cảm ơn');
        await phone.close();
      };
      await rate(first as string, '203.0.113.7', 4);
      await rate(second as string, '10.0.0.5', 5);
      expect(await t.query('select level, counted from ratings order by id')).toEqual([
        { level: 4, counted: 1 },
        { level: 5, counted: 0 },
      ]);

      await home.goto(`${server.url}/staff`);
      expect((await tiles(home))['đánh giá chờ xem xét']).toBe(1);
      await home.screenshot({ path: 'test-results/home-home-affairs.png', fullPage: true });
      await Promise.all([home.waitForEvent('load'), home.getByRole('link', { name: /đánh giá chờ xem xét/ }).click()]);
      expect(await home.locator('table.holds tbody tr').count()).toBe(1);

      // A leader reads the same units, with nothing to enter: no survey entry, no call-backs.
      const reader = await signedInPage(browser, server.url, leader, { width: 390, height: 844 });
      await reader.goto(`${server.url}/staff`);
      const leaderTiles = await tiles(reader);
      expect(leaderTiles['đánh giá chờ xem xét']).toBe(1);
      expect(leaderTiles).not.toHaveProperty('người dân chờ được gọi lại');
      expect(leaderTiles).not.toHaveProperty('bản tự đánh giá CCHC chờ thẩm định');
      expect(await reader.getByRole('link', { name: 'Nhập phiếu' }).count()).toBe(0);
      expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await reader.screenshot({ path: 'test-results/home-leader-phone.png', fullPage: true });

      // The unit's own staff land on their unit, with its figure.
      const own = await signedInPage(browser, server.url, staff);
      await own.goto(`${server.url}/staff`);
      expect(await own.locator('table.overview tbody tr th').allTextContents()).toEqual(['Phường Ba Đình']);
      expect(await tiles(own)).toHaveProperty('bản tự đánh giá CCHC chưa gửi');
      expect(await tiles(own)).not.toHaveProperty('đánh giá chờ xem xét');
    } finally {
      await browser.close();
      await server.close();
    }
  }, 90_000);
});
