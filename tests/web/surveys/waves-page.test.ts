import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('the survey waves page', () => {
  it('lets Home Affairs create a wave over a ward, see its sample, and end its fieldwork', async () => {
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const staff = await t.addStaff();
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const page = await signedInPage(browser, server.url, ha, { width: 1366, height: 768 });
      await page.goto(`${server.url}/staff`);
      await Promise.all([page.waitForEvent('load'), page.locator('.staff-nav').getByRole('link', { name: 'Đợt khảo sát' }).click()]);
      const create = page.locator('#new-wave');
      await create.getByLabel('Tên đợt').fill('Khảo sát SIPAS 2026');
      await create.getByLabel('Từ ngày').fill('2026-01-01');
      await create.getByLabel('Đến ngày').fill('2026-12-31');
      await create.getByRole('button', { name: 'Tạo' }).click();
      await expect.poll(() => create.locator('.error').textContent()).toContain('unitIds'); // no unit chosen: nothing made
      expect(await t.count('survey_waves')).toBe(0);
      await create.getByLabel('Phường Ba Đình').check();
      await Promise.all([page.waitForEvent('load'), create.getByRole('button', { name: 'Tạo' }).click()]);
      const wave = page.locator('section.wave');
      expect(await wave.locator('h2').textContent()).toContain('Đang khảo sát');
      const planned = Number(await wave.locator('tbody td').first().textContent());
      expect(planned).toBeGreaterThan(0);
      expect(await t.query('select count(*) as n from survey_respondents where not reserve')).toEqual([{ n: planned }]);
      await page.screenshot({ path: 'test-results/waves.png', fullPage: true });

      await Promise.all([page.waitForEvent('load'), wave.getByRole('button', { name: 'Kết thúc đợt khảo sát' }).click()]);
      expect(await wave.locator('h2').textContent()).toContain('Đã kết thúc');
      expect(await wave.getByRole('link', { name: 'Nhập phiếu' }).count()).toBe(0);

      // The unit's staff see the wave and its forms, with nothing to create or close.
      const own = await signedInPage(browser, server.url, staff);
      await own.goto(`${server.url}/staff/surveys`);
      expect(await own.locator('#new-wave').count()).toBe(0);
      expect(await own.locator('form.wave-close').count()).toBe(0);
      expect(await own.locator('section.wave').count()).toBe(1);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
