import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

const METHOD = 'par-hanoi-departments-2024';
const AREAS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
let t: TestApp;
let justice: number;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
  justice = (
    await t.deps.store.db
      .insert(units)
      .values({ code: '000.00.17.H26', name: 'Sở Tư pháp', kind: 'department', parentId: t.ward.parentId, validFrom: '2008-08-01' })
      .returning()
      .get()
  ).id;
});
afterEach(() => t.close());

const leaf = (page: Page, node: string) => page.locator(`[data-node="${node}"]`);
/** Submits one form of the page and waits for the page to come back with the result. */
async function send(page: Page, form: ReturnType<Page['locator']>, button: string) {
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: button }).click()]);
}

describe('the PAR workspace', () => {
  it('takes a department from self-assessment with evidence to appraisal, publication and the ranked results', async () => {
    const staff = await t.addUser('canbo.stp', 'unit_staff', justice);
    const noivu = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const leader = await t.addUser('lanhdao.hanoi', 'leader', t.ward.parentId);
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      // The unit's officer opens the year's self-assessment from the list.
      const page = await signedInPage(browser, server.url, staff, { width: 1366, height: 768 });
      await page.goto(`${server.url}/staff`);
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Chỉ số CCHC' }).click()]);
      expect(await page.locator('main').textContent()).toContain('Chưa có bản đánh giá nào.');
      const create = page.locator('#new-assessment');
      await create.getByLabel('Năm').fill('2025');
      await create.getByLabel('Chỉ số').selectOption(METHOD);
      await Promise.all([page.waitForURL(/\/staff\/par\/\d+$/), create.getByRole('button', { name: 'Tạo' }).click()]);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      expect(await page.locator('h1').textContent()).toBe('Sở Tư pháp – Chỉ số CCHC 2025');

      // Scores each area with its evidence; submitting early names what is missing.
      for (const [i, area] of AREAS.slice(0, 7).entries()) {
        const form = leaf(page, `${area}.appraisal`).locator('form.par-self');
        await form.getByLabel('Điểm tự đánh giá').fill(String(5 + i * 0.25));
        await form.getByLabel('Số, ký hiệu văn bản').fill(`${i + 1}/BC-STP`);
        await send(page, form, 'Lưu');
      }
      await page.locator('form.par-transition').getByRole('button', { name: 'Gửi thẩm định' }).click();
      await expect.poll(() => page.locator('form.par-transition .error').textContent()).toContain('Còn 1 mục chưa chấm');
      expect(await page.locator('form.par-transition .error').textContent()).toContain('Tác động của CCHC');
      const a8 = leaf(page, 'a8.appraisal');
      await a8.locator('form.par-self').getByLabel('Điểm tự đánh giá').fill('99');
      await a8.locator('form.par-self').getByRole('button', { name: 'Lưu' }).click();
      // Above the maximum the browser itself holds the form back, naming the limit.
      expect(await a8.getByLabel('Điểm tự đánh giá').evaluate((input: HTMLInputElement) => input.validity.rangeOverflow)).toBe(true);
      expect(await t.query("select count(*) as n from par_items where node_id = 'a8.appraisal'")).toEqual([{ n: 0 }]);
      await a8.locator('form.par-self').getByLabel('Điểm tự đánh giá').fill('7');
      await send(page, a8.locator('form.par-self'), 'Lưu');
      const upload = leaf(page, 'a1.appraisal').locator('form.par-evidence');
      await upload
        .locator('input[type=file]')
        .setInputFiles({ name: 'Báo cáo CCHC 2025.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 evidence') });
      await send(page, upload, 'Tải lên');
      expect(await leaf(page, 'a1.appraisal').locator('.evidence a').textContent()).toBe('Báo cáo CCHC 2025.pdf');
      expect(await page.locator('#self-index').textContent()).not.toBe('–%');
      await page.screenshot({ path: 'test-results/par-draft.png', fullPage: true });
      await send(page, page.locator('form.par-transition'), 'Gửi thẩm định');
      expect(await page.locator('.badge').first().textContent()).toBe('Đã gửi, chờ thẩm định');
      expect(await page.locator('form.par-self').count()).toBe(0);

      // Home Affairs appraises: accepts seven, lowers one with a reason, enters one survey item.
      const ha = await signedInPage(browser, server.url, noivu, { width: 1366, height: 768 });
      await ha.goto(`${server.url}/staff/par?state=submitted`);
      await Promise.all([ha.waitForEvent('load'), ha.getByRole('link', { name: 'Mở' }).click()]);
      expect(await ha.locator('#appraisal-progress').textContent()).toBe('0 / 8');
      for (const area of AREAS.slice(1)) await send(ha, leaf(ha, `${area}.appraisal`).locator('form.par-accept'), 'Chấp nhận điểm tự chấm');
      const change = leaf(ha, 'a1.appraisal').locator('form.par-change');
      await change.getByLabel('Điểm thẩm định').fill('4');
      await change.getByLabel('Lý do').fill('Thiếu báo cáo quý IV');
      await send(ha, change, 'Đổi điểm');
      expect(await leaf(ha, 'a1.appraisal').textContent()).toContain('Thiếu báo cáo quý IV');
      const survey = leaf(ha, 'a3.survey').locator('form.par-survey');
      await survey.getByLabel('A', { exact: true }).fill('3');
      await survey.getByLabel('D', { exact: true }).fill('1');
      await send(ha, survey, 'Lưu');
      expect(await leaf(ha, 'a3.survey').textContent()).toContain('2,25'); // 3 of 4 answers A: ¾ of 3 points
      expect(await ha.locator('#appraisal-progress').textContent()).toBe('8 / 8');
      await ha.screenshot({ path: 'test-results/par-appraisal.png', fullPage: true });
      await send(ha, ha.locator('form.par-transition'), 'Hoàn tất thẩm định');
      // Survey items other than a3 have no results yet: publishing asks for a reason first.
      const publish = ha.locator('form.par-transition');
      await publish.getByRole('button', { name: 'Công bố' }).click();
      await expect.poll(() => publish.locator('.error').textContent()).toContain('mục điều tra chưa có kết quả');
      expect(await ha.locator('.badge').first().textContent()).toBe('Đã thẩm định, chờ công bố');
      await publish.getByLabel(/Lý do công bố/).fill('Kết quả điều tra xã hội học năm 2025 chưa có');
      await send(ha, publish, 'Công bố');
      expect(await ha.locator('.badge').first().textContent()).toBe('Đã công bố');
      expect(await ha.locator('#publish-override').textContent()).toContain('Kết quả điều tra xã hội học năm 2025 chưa có');
      expect(await ha.locator('.notice.unconfirmed').textContent()).toContain('điểm theo từng phương án trả lời');

      // The stored assessment is what the pages showed: a1 lowered, the rest as self-assessed.
      const view = (await (await t.app.request(`/api/par-assessments/${id}`, { headers: { cookie: noivu } })).json()) as {
        items: { nodeId: string; selfPoints: number | null; appraisedPoints: number | null; appraisalReason: string | null }[];
        appraised: { headline: { published: number } };
      };
      const a1 = view.items.find((i) => i.nodeId === 'a1.appraisal');
      expect(a1).toMatchObject({ selfPoints: 5, appraisedPoints: 4, appraisalReason: 'Thiếu báo cáo quý IV' });
      expect(view.items.find((i) => i.nodeId === 'a8.appraisal')).toMatchObject({ selfPoints: 7, appraisedPoints: 7 });

      // Leaders read the results and the assessment, with nothing to fill in.
      const reader = await signedInPage(browser, server.url, leader, { width: 390, height: 844 });
      await reader.goto(`${server.url}/staff/par`);
      expect(await reader.locator('#new-assessment').count()).toBe(0);
      await Promise.all([
        reader.waitForEvent('load'),
        reader.getByRole('link', { name: /Chỉ số CCHC các sở, ban, ngành – TP Hà Nội – 2025/ }).click(),
      ]);
      const row = reader.locator('#results-department tbody tr');
      expect(await row.count()).toBe(1);
      expect(await reader.locator('.notice.unconfirmed').first().textContent()).toContain('điểm tối đa của các mục thẩm định');
      expect(await row.locator('td').nth(1).locator('a').textContent()).toBe('Sở Tư pháp');
      expect(await row.locator('td').nth(1).textContent()).toContain('thiếu kết quả điều tra');
      const shown = Number((await row.locator('td').nth(2).textContent())!.replace(',', '.'));
      expect(shown).toBe(view.appraised.headline.published);
      await reader.screenshot({ path: 'test-results/par-results-phone.png', fullPage: true });
      await reader.goto(`${server.url}/staff/par/${id}`);
      expect(await reader.locator('main form').count()).toBe(0);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});
