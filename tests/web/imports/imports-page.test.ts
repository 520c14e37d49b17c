import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await t.deps.store.db
    .insert(units)
    .values({ code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: t.ward.parentId, validFrom: '2025-07-01' })
    .run();
});
afterEach(() => t.close());

/** A one-stop export as such software writes it: names, a numbering and a notes column, NFD, BOM, CRLF. */
const EXPORT = `\uFEFF${[
  'STT,Số hồ sơ,Đơn vị tiếp nhận,Tên thủ tục hành chính,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Số hóa hồ sơ,Ghi chú',
  '1,HK-001,P. Hoàn Kiếm,Đăng ký khai sinh,Dịch vụ bưu chính công ích,02/09/2025 08:00,05/09/2025,04/09/2025 10:00,Có,',
  '2,HK-002,P. Hoàn Kiếm,Đăng ký khai sinh,Trực tuyến toàn trình,02/09/2025 09:00,05/09/2025,,Không,ưu tiên',
  '3,BD-001,Phường Ba Đình,Đăng ký khai sinh,Trực tiếp,03/09/2025 08:00,06/09/2025,05/09/2025 15:00,Có,',
].join('\r\n')}\r\n`.normalize('NFD');

describe('the import page', () => {
  it('lets Home Affairs check an export, confirm the name it does not know, and import it whole', async () => {
    const cookie = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      // The phone first: the desktop run imports the file, after which it is a duplicate.
      for (const [width, height] of [
        [390, 844],
        [1366, 768],
      ] as const) {
        const page = await signedInPage(browser, server.url, cookie, { width, height });
        await page.goto(`${server.url}/staff/imports`);
        await page.setInputFiles('input[name=file]', { name: 'xuat-mot-cua.csv', mimeType: 'text/csv', buffer: Buffer.from(EXPORT) });
        await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
        await page.locator('#import-summary').filter({ hasText: 'dòng lỗi' }).waitFor();
        if (width === 390) {
          await page.screenshot({ path: 'test-results/imports-page-phone.png', fullPage: true });
          continue;
        }
        expect(await page.locator('#import-summary').textContent()).toBe(
          'Số dòng: 3 · 1 hồ sơ mới · 0 cập nhật · 0 không đổi · 2 dòng lỗi',
        );
        expect(await page.locator('#import-run').isHidden()).toBe(true);
        expect(await page.locator('#import-columns tr.ignored th').allTextContents()).toEqual(['STT', 'Ghi chú']);
        expect(await page.locator('#import-errors tbody tr').count()).toBe(2);
        const unknown = page.locator('#import-names tr.attention');
        expect(await unknown.locator('th').textContent()).toContain('P. Hoàn Kiếm');
        await page.screenshot({ path: 'test-results/imports-page-check.png', fullPage: true });

        await unknown.getByRole('button', { name: /Đúng là Phường Hoàn Kiếm/ }).click();
        await page.locator('#import-summary').filter({ hasText: '0 dòng lỗi' }).waitFor();
        expect(await page.locator('#import-names tr.attention').count()).toBe(0);
        expect(await page.locator('#import-names tbody').textContent()).toContain('theo tên đã xác nhận');
        await page.getByRole('button', { name: 'Nhập tệp này' }).click();
        await page.locator('#import-status').filter({ hasText: 'Đã nhập xong.' }).waitFor();
        await page.screenshot({ path: 'test-results/imports-page-done.png', fullPage: true });
        await page.close();
      }
      const rows = (await t.query(
        "select receipt_code, channel from transactions where receipt_code like 'HK-%' or receipt_code like 'BD-%' order by 1",
      )) as {
        receipt_code: string;
        channel: string;
      }[];
      expect(rows.map((r) => [r.receipt_code, r.channel])).toEqual([
        ['BD-001', 'counter'],
        ['HK-001', 'postal'],
        ['HK-002', 'online'],
      ]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 90_000);

  it('shows how far a large file has got while it is checked and stored', async () => {
    const cookie = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const lines = Array.from(
      { length: 12_000 },
      (_, i) =>
        `${i + 1},BD-${String(i).padStart(6, '0')},Phường Ba Đình,Đăng ký khai sinh,Trực tiếp,${1 + (i % 28)}/10/2025 08:00,${1 + (i % 28)}/11/2025,,Có,`,
    );
    const big = `${EXPORT.split('\r\n')[0]}\r\n${lines.join('\r\n')}\r\n`;
    const server = await listen(t);
    const browser = await launchChromium();
    try {
      const page = await signedInPage(browser, server.url, cookie);
      await page.goto(`${server.url}/staff/imports`);
      // Every text the status line shows, as it shows it.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        const status = document.getElementById('import-status') as HTMLElement;
        new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await page.setInputFiles('input[name=file]', { name: 'lon.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await page.locator('#import-summary').filter({ hasText: '12.000 hồ sơ mới' }).waitFor();
      await page.getByRole('button', { name: 'Nhập tệp này' }).click();
      await page.locator('#import-status').filter({ hasText: 'Đã nhập xong.' }).waitFor({ timeout: 60_000 });
      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      expect(seen).toContain('Đang kiểm tra: 5.000 dòng…');
      expect(seen.some((text) => /^Đang lưu: [\d.]+ dòng…$/.test(text))).toBe(true);
      expect(await t.count('transactions')).toBe(12_000 + t.dossiers.length);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 90_000);

  it('shows a unit’s staff the candidates without letting them decide, and leaders nothing to import', async () => {
    const staff = await t.addStaff();
    const leader = await t.addUser('lanhdao', 'leader', t.ward.id);
    const server = await listen(t);
    const browser = await launchChromium();
    try {
      const page = await signedInPage(browser, server.url, staff);
      await page.goto(`${server.url}/staff/imports`);
      await page.setInputFiles('input[name=file]', { name: 'xuat.csv', mimeType: 'text/csv', buffer: Buffer.from(EXPORT) });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await page.locator('#import-names tr.attention').first().waitFor();
      expect(await page.locator('#import-names tr.attention').textContent()).toContain('Gần nhất:');
      expect(await page.locator('button.confirm-name').count()).toBe(0);
      const denied = await (await signedInPage(browser, server.url, leader)).goto(`${server.url}/staff/imports`);
      expect(denied?.status()).toBe(403);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
