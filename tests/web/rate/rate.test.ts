import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { citizenPages, visible } from '../../helpers/browser.js';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

const f = citizenPages({ ONLINE_REASON_MAX_LEVEL: 2 });

describe('online rating page in headless Chromium', () => {
  it('rates a dossier from its link once, then says it was already rated', async () => {
    const cookie = await f.t.addStaff();
    const issued = await f.t.app.request(`/api/transactions/${f.t.dossiers[0]!.id}/rating-token`, { method: 'POST', headers: { cookie } });
    const { token } = (await issued.json()) as { token: string };
    const before = (await f.rows()).length;

    const context = await f.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${f.server.url}/r/${token}?via=qr`);
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
    expect((await f.rows()).length).toBe(before);
    await page.check('#consent');
    expect(await page.locator('#online-error').isHidden()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/online-form.png`, fullPage: true });
    await page.click('#online-send');
    await expect.poll(() => visible(page, 'online-thanks')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/online-thanks.png` });

    const row = (await f.t.query('select channel, level, comment, transaction_id from ratings order by id desc limit 1'))[0];
    expect(row).toEqual({ channel: 'qr', level: 2, comment: 'Phải bổ sung giấy tờ ba lần', transaction_id: f.t.dossiers[0]!.id });
    expect(await f.t.query('select phone from follow_ups')).toEqual([{ phone: '0912345678' }]);
    expect((await f.rows()).length).toBe(before + 1);

    await page.reload();
    expect(await page.locator('.notice').textContent()).toContain('đã được đánh giá');
    await context.close();
  });
});
