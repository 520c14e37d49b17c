import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyWaves } from '../../../api/platform/db/schema.js';
import { makeTestApp, STAFF_PASSWORD, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen } from '../../helpers/browser.js';

let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let waveId: number;

beforeAll(async () => {
  t = await makeTestApp({}, { realClock: true });
  const admin = await t.addUser('quantri', 'admin', null);
  await t.addStaff('canbo.nhap');
  const res = await t.app.request('/api/survey-waves', {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'SIPAS 2026 – phường Ba Đình',
      definitionId: 'sipas-qd1001-2023',
      from: '2026-01-01',
      to: '2026-12-31',
      unitIds: [t.ward.id],
      populations: { [t.ward.id]: 2000 },
    }),
  });
  waveId = ((await res.json()) as { wave: { id: number } }).wave.id;
  server = await listen(t);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

describe('paper-form keyboard entry in headless Chromium', () => {
  it('signs in, enters a form with the keyboard alone, and counts it against the plan', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/staff`);
    expect(new URL(page.url()).pathname).toBe('/login'); // not signed in yet
    await page.fill('input[name=username]', 'canbo.nhap');
    await page.fill('input[name=password]', STAFF_PASSWORD);
    await page.press('input[name=password]', 'Enter');
    await page.waitForURL(`${server.url}/staff`);
    await page.locator('.staff-nav').getByRole('link', { name: 'Đợt khảo sát' }).click();
    await page.click('text=Nhập phiếu');
    await page.waitForSelector('#entry-form');
    expect(await page.locator('#count').textContent()).toBe('0');

    const code = `S${waveId}-${t.ward.id}-0001`;
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code'); // the page opens on the code field
    await page.fill('#cluster', 'Tổ dân phố số 3');
    await page.focus('#code');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    // 15 policy and 19 service statements: one digit each, 0 = no answer; the cursor moves by itself.
    const digits = '455443345523440' + '5544' + '4455' + '54435' + '433' + '012';
    await page.keyboard.type(digits);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).dataset.item)).toBe('perception.channels');
    await page.keyboard.type('1 5'); // channels: loudspeaker and media
    await page.keyboard.press('Tab');
    await page.keyboard.type('7'); // harassment has 3 options: 7 is refused and the cursor stays
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).dataset.item)).toBe('perception.harassment');
    expect(await page.locator('#q-perception\\.harassment').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('1');
    await page.screenshot({ path: 'test-results/entry-filled.png', fullPage: true });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('entry-result')?.textContent?.includes('Đã lưu'));
    expect(await page.locator('#count').textContent()).toBe('1');
    expect(await page.locator('#code').inputValue()).toBe('');
    expect(await page.locator('#cluster').inputValue()).toBe('Tổ dân phố số 3'); // kept for the next form of the village
    expect(await t.query('select cluster from survey_respondents where code = ?', code)).toEqual([{ cluster: 'Tổ dân phố số 3' }]);

    const stored = (await t.query(
      'select item, answer from survey_answers a join survey_respondents r on r.id = a.respondent_id where r.code = ? order by item',
      code,
    )) as { item: string; answer: string }[];
    const byItem = Object.fromEntries(stored.map((s) => [s.item, s.answer]));
    expect(byItem['policy.info.1']).toBe('4');
    expect(byItem['service.feedback.1']).toBeUndefined(); // typed 0: no answer
    expect(byItem['service.feedback.3']).toBe('2');
    expect(byItem['perception.channels:loudspeaker']).toBe('1');
    expect(byItem['perception.channels:media']).toBe('1');
    expect(byItem['perception.harassment']).toBe('none');
    expect(stored.filter((s) => /^(policy|service)\./.test(s.item))).toHaveLength(32); // 34 statements, two typed 0
    await page.screenshot({ path: 'test-results/entry-saved.png' });
    await context.close();
  });

  it('lets a citizen complete a form on the office tablet after staff enter its code', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true });
    expect(
      (await context.request.post(`${server.url}/api/auth/login`, { data: { username: 'canbo.nhap', password: STAFF_PASSWORD } })).status(),
    ).toBe(200);
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/surveys/${waveId}/tablet`);
    // The citizen holds the tablet: no staff name, no language switch that strays from the form.
    expect(await page.locator('.signed-in, .lang-link, .staff-head').count()).toBe(0);
    // A code that names no form is refused before the tablet is handed over.
    await page.fill('#tablet-code', `S${waveId}-${t.ward.id}-9999`);
    await page.click('#tablet-begin');
    await expect.poll(() => page.locator('#tablet-start-error').textContent()).toContain('Không có phiếu mã');
    expect(await page.locator('#tablet-form').isHidden()).toBe(true);
    const code = `S${waveId}-${t.ward.id}-0002`;
    await page.fill('#tablet-code', code);
    await page.click('#tablet-begin');
    await page.waitForSelector('#tablet-form:not([hidden])');
    // Option 8, whose wording is not known, is for keying paper forms only.
    const offered = await page
      .locator('fieldset[data-item="expectations"] input')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(offered).not.toContain('8');
    expect(offered).toContain('9');
    await page.locator('fieldset[data-item="service.staff.1"] label', { hasText: 'Rất hài lòng' }).click();
    await page.locator('fieldset[data-item="service.result.1"] label', { hasText: /^Không hài lòng$/ }).click();
    await page.locator('fieldset[data-item="expectations"] label', { hasText: 'Cải thiện thái độ công chức' }).click();
    await page.locator('fieldset[data-item="perception.submit_channel"] label', { hasText: 'Trực tuyến' }).click();
    await page.screenshot({ path: 'test-results/tablet-form.png' });
    await page.click('#tablet-form button[type=submit]');
    await page.waitForSelector('#tablet-thanks:not([hidden])');
    await page.screenshot({ path: 'test-results/tablet-thanks.png' });
    const stored = await t.query(
      'select item, answer from survey_answers a join survey_respondents r on r.id = a.respondent_id where r.code = ? order by item',
      code,
    );
    expect(stored).toEqual([
      { item: 'expectations:4', answer: '1' },
      { item: 'perception.submit_channel', answer: 'online' },
      { item: 'service.result.1', answer: '2' },
      { item: 'service.staff.1', answer: '5' },
    ]);
    // The same code again is refused at the start, not after 39 answers.
    await page.click('#tablet-next');
    await page.fill('#tablet-code', code);
    await page.click('#tablet-begin');
    await expect.poll(() => page.locator('#tablet-start-error').textContent()).toBe(`Phiếu ${code} đã được nhập xong`);
    expect(await page.locator('#tablet-form').isHidden()).toBe(true);
    await context.close();
  });

  it('refuses a finished form’s code before keying, and a closed wave before anything', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    expect(
      (await context.request.post(`${server.url}/api/auth/login`, { data: { username: 'canbo.nhap', password: STAFF_PASSWORD } })).status(),
    ).toBe(200);
    const page = await context.newPage();
    const entry = `${server.url}/staff/surveys/${waveId}/entry?unit=${t.ward.id}`;
    await page.goto(entry);
    const done = `S${waveId}-${t.ward.id}-0002`; // completed on the tablet above
    await page.fill('#code', done);
    await page.press('#code', 'Enter');
    await expect.poll(() => page.locator('#entry-result').textContent()).toBe(`Phiếu ${done} đã được nhập xong`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code'); // nothing keyed in vain

    await t.deps.store.db.update(surveyWaves).set({ status: 'closed' }).where(eq(surveyWaves.id, waveId)).run();
    try {
      await page.goto(entry);
      expect(await page.locator('[role=alert]').textContent()).toBe('Đợt khảo sát đã kết thúc: không nhập thêm phiếu.');
      expect(await page.locator('#entry-form').count()).toBe(0);
      await page.screenshot({ path: 'test-results/entry-closed.png' });
    } finally {
      await t.deps.store.db.update(surveyWaves).set({ status: 'fieldwork' }).where(eq(surveyWaves.id, waveId)).run();
    }
    await context.close();
  });

  it('lets a household answer on a phone through its own link', async () => {
    const staffContext = await browser.newContext();
    await staffContext.request.post(`${server.url}/api/auth/login`, { data: { username: 'canbo.nhap', password: STAFF_PASSWORD } });
    const links = (await (
      await staffContext.request.post(`${server.url}/api/survey-waves/${waveId}/links`, { data: { unit: t.ward.id } })
    ).json()) as { code: string; url: string }[];
    await staffContext.close();
    const link = links[0]!;
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(link.url.replace(/^http:\/\/[^/]+/, server.url));
    await page.locator('fieldset[data-item="service.staff.1"] label', { hasText: /^Hài lòng$/ }).tap();
    await page.locator('fieldset[data-item="policy.impact.2"] label', { hasText: 'Rất hài lòng' }).tap();
    await page.screenshot({ path: 'test-results/household-link.png' });
    await page.locator('#tablet-form button[type=submit]').tap();
    await page.waitForSelector('#tablet-thanks:not([hidden])');
    const stored = await t.query(
      'select item, answer from survey_answers a join survey_respondents r on r.id = a.respondent_id where r.code = ? order by item',
      link.code,
    );
    expect(stored).toEqual([
      { item: 'policy.impact.2', answer: '5' },
      { item: 'service.staff.1', answer: '4' },
    ]);
    await phone.close();
  });
});
