import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen } from '../../helpers/browser.js';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;

beforeAll(async () => {
  t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 10, KIOSK_THANKS_SECONDS: 5, KIOSK_REASON_MAX_LEVEL: 2 }, { realClock: true });
  server = await listen(t);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const visible = (page: Page, id: string) => page.locator(`#${id}`).isVisible();
const rows = async () =>
  (await t.query('select level, counted, rated_at, idempotency_key from ratings order by id')) as {
    level: number;
    counted: number;
    rated_at: number;
    idempotency_key: string;
  }[];

describe('online rating page in headless Chromium', () => {
  it('rates a dossier from its link once, then says it was already rated', async () => {
    const cookie = await t.addStaff();
    const issued = await t.app.request(`/api/transactions/${t.dossiers[0]!.id}/rating-token`, { method: 'POST', headers: { cookie } });
    const { token } = (await issued.json()) as { token: string };
    const before = (await rows()).length;

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/r/${token}?via=qr`);
    await expect(page.locator('.dossier').textContent()).resolves.toContain('00004-260301-0001');
    await page.click('#online-send');
    expect(await page.locator('#online-error').textContent()).toContain('chọn một mức');
    await page.click('.face-btn[data-level="2"]');
    expect(await visible(page, 'online-reasons')).toBe(true);
    await page.click('.chip[data-reason="repeated_supplements"]');
    await page.fill('#comment', 'Phải bổ sung giấy tờ ba lần');
    await page.fill('#phone', '0912 345 678');
    await page.click('#online-send');
    expect(await page.locator('#online-error').textContent()).toContain('đồng ý'); // no consent, nothing sent
    expect((await rows()).length).toBe(before);
    await page.check('#consent');
    expect(await page.locator('#online-error').isHidden()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/online-form.png`, fullPage: true });
    await page.click('#online-send');
    await expect.poll(() => visible(page, 'online-thanks')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/online-thanks.png` });

    const row = (await t.query('select channel, level, comment, transaction_id from ratings order by id desc limit 1'))[0];
    expect(row).toEqual({ channel: 'qr', level: 2, comment: 'Phải bổ sung giấy tờ ba lần', transaction_id: t.dossiers[0]!.id });
    expect(await t.query('select phone from follow_ups')).toEqual([{ phone: '0912345678' }]);
    expect((await rows()).length).toBe(before + 1);

    await page.reload();
    expect(await page.locator('.notice').textContent()).toContain('đã được đánh giá');
    await context.close();
  });
});
