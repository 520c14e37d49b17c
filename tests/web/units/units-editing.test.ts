import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('keeping units, counters, kiosks and procedures in pages', () => {
  it('lets Home Affairs add a ward, correct it, give it a counter and a kiosk, merge an old one, and keep the catalogue', async () => {
    const cookie = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const page = await signedInPage(browser, server.url, cookie, { width: 1366, height: 768 });
      await page.goto(`${server.url}/staff/units`);
      const addUnit = async (code: string, name: string, from: string) => {
        await page.locator('summary', { hasText: 'Thêm đơn vị' }).click();
        const form = page.locator('#new-unit');
        await form.getByLabel('Mã đơn vị').fill(code);
        await form.getByLabel('Tên đơn vị').fill(name);
        await form.getByLabel('Loại đơn vị').selectOption('ward');
        await form.getByLabel('Đơn vị cấp trên').selectOption({ label: 'Thành phố Hà Nội' });
        await form.getByLabel('Hiệu lực từ ngày', { exact: true }).fill(from);
        await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Tạo' }).click()]);
      };
      await addUnit('00037', 'Phường Hàng Bạc', '2008-08-01');
      await addUnit('00070', 'Phường Hoàn Kiem', '2025-07-01');
      /** A unit's own line and its own editing (not those of the units below it). */
      const ward = (name: string) => page.locator('#unit-tree li', { has: page.locator(`xpath=./b[text()="${name}"]`) });
      const editing = (name: string) => ward(name).locator('xpath=./details');

      // A typo corrected, a counter added.
      await ward('Phường Hoàn Kiem').locator('summary').first().click();
      await ward('Phường Hoàn Kiem').locator('form.unit-change').getByLabel('Tên đơn vị').fill('Phường Hoàn Kiếm');
      await Promise.all([
        page.waitForEvent('load'),
        ward('Phường Hoàn Kiem').locator('form.unit-change').getByRole('button', { name: 'Lưu', exact: true }).click(),
      ]);
      await ward('Phường Hoàn Kiếm').locator('summary').first().click();
      const counter = ward('Phường Hoàn Kiếm').locator('form.counter-new');
      await counter.getByLabel('Mã quầy').fill('Q1');
      await counter.getByLabel('Tên quầy').fill('Quầy 1 – Hộ tịch');
      await Promise.all([page.waitForEvent('load'), counter.getByRole('button', { name: 'Thêm quầy' }).click()]);
      expect(await ward('Phường Hoàn Kiếm').locator('xpath=./span[@class="when"]').allTextContents()).toContain(
        'Quầy: Q1 Quầy 1 – Hộ tịch',
      );

      // The old ward merged into the new one on 01/07/2025; a merger before the new ward existed is refused, in words.
      await editing('Phường Hàng Bạc').locator('summary').click();
      const merge = editing('Phường Hàng Bạc').locator('form.unit-merge');
      await merge.getByLabel('Sáp nhập vào').selectOption({ label: 'Phường Hoàn Kiếm' });
      await merge.getByLabel('Từ ngày').fill('2008-08-01');
      await page.screenshot({ path: 'test-results/units-edit-open.png', fullPage: true });
      await merge.getByRole('button', { name: 'Sáp nhập' }).click();
      await merge.locator('.error').waitFor();
      expect(await merge.locator('.error').textContent()).toContain('"Phường Hoàn Kiếm" không có hiệu lực ngày 01/08/2008');
      await merge.getByLabel('Từ ngày').fill('2025-07-01');
      await Promise.all([page.waitForEvent('load'), merge.getByRole('button', { name: 'Sáp nhập' }).click()]);
      expect(await ward('Phường Hàng Bạc').locator('xpath=./span[@class="when"]').first().textContent()).toContain(
        'đến 01/07/2025 · sáp nhập vào Phường Hoàn Kiếm',
      );

      // The catalogue: one procedure by hand, more from a file (checked, then imported).
      await page.locator('summary', { hasText: 'Thêm thủ tục' }).click();
      const procedure = page.locator('#new-procedure');
      await procedure.getByLabel('Mã thủ tục').fill('1.000894');
      await procedure.getByLabel('Thủ tục', { exact: true }).fill('Đăng ký kết hôn');
      await procedure.getByLabel('Lĩnh vực').fill('Hộ tịch');
      await procedure.getByLabel('Cấp xã').check();
      await procedure.getByLabel('Mức độ trực tuyến').selectOption({ label: 'Một phần' });
      await Promise.all([page.waitForEvent('load'), procedure.getByRole('button', { name: 'Tạo' }).click()]);
      await page.locator('summary', { hasText: 'Nhập danh mục từ tệp' }).click();
      const list =
        'Mã TTHC,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Mức độ DVC\n2.000908,Chứng thực bản sao từ bản chính,Chứng thực,"Cấp tỉnh, Cấp xã",Toàn trình\n';
      await page.setInputFiles('#catalogue-import input[type=file]', {
        name: 'danh-muc.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(list),
      });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      await page.locator('#catalogue-result').filter({ hasText: '1 mới' }).waitFor();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Nhập tệp này' }).click()]);
      const rows = await page.locator('#procedures tbody tr').allInnerTexts();
      expect(rows.join('\n')).toContain('Chứng thực bản sao từ bản chính');
      expect(rows.find((r) => r.includes('2.000908'))).toContain('Cấp tỉnh, Cấp xã');
      await page.screenshot({ path: 'test-results/units-editing.png', fullPage: true });

      // A kiosk at the new counter, with its set-up slip.
      await page.goto(`${server.url}/staff/kiosks`);
      await page.locator('summary', { hasText: 'Thêm thiết bị đánh giá' }).click();
      const kiosk = page.locator('#new-kiosk');
      await kiosk.getByLabel('Quầy').selectOption({ label: 'Phường Hoàn Kiếm – Q1 Quầy 1 – Hộ tịch' });
      await kiosk.getByLabel('Tên thiết bị').fill('Kiosk Quầy 1');
      await kiosk.getByRole('button', { name: 'Tạo' }).click();
      await page.locator('#setup .slip-qr svg').waitFor();
      expect(await page.locator('#setup .slip-url').textContent()).toMatch(/\/kiosk\/00070-q1-[0-9a-f]{6}#key=/);
      await page.screenshot({ path: 'test-results/kiosks-new.png', fullPage: true });
      // Renamed in its row after a reload.
      await page.reload();
      const row = page.locator('#kiosks tr[data-kiosk^="00070-q1-"]');
      await row.locator('summary').click();
      await row.getByLabel('Tên thiết bị').fill('Kiosk sảnh chờ');
      await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: 'Lưu', exact: true }).click()]);
      expect(await page.locator('#kiosks tbody').textContent()).toContain('Kiosk sảnh chờ');
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);

  it('shows leaders and unit staff the units without the forms', async () => {
    const staff = await t.addStaff();
    const html = await (await t.app.request('/staff/units', { headers: { cookie: staff } })).text();
    expect(html).toContain('Phường Ba Đình');
    expect(html).not.toContain('id="new-unit"');
    expect(html).not.toContain('unit-change');
    expect(html).not.toContain('id="new-procedure"');
    const kiosks = await (await t.app.request('/staff/kiosks', { headers: { cookie: staff } })).text();
    expect(kiosks).not.toContain('id="new-kiosk"');
  });
});
