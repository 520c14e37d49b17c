import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVICE_KEY } from '../../helpers/app.js';
import { citizenPages, signedInPage, visible } from '../../helpers/browser.js';

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

// The settings as shipped: nothing set.
const f = citizenPages({});

async function openKiosk(key = DEVICE_KEY) {
  const context = await f.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${f.server.url}/kiosk/bd-q1#key=${key}`);
  return { context, page };
}

describe('a kiosk staff can trust', () => {
  it('looks the same after every level with the settings as shipped, and counts the next citizen once the thanks are gone', async () => {
    const { context, page } = await openKiosk();
    await page.click('.face-btn[data-level="1"]');
    expect(await visible(page, 'screen-thanks')).toBe(true); // no reason screen to give a low rating away
    // Focus moves to the new screen and a screen reader hears it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cảm ơn Ông/Bà đã đánh giá!');
    expect(await page.locator('#announce').textContent()).toBe('Cảm ơn Ông/Bà đã đánh giá!');
    const afterOne = await page.locator('#screen-thanks').screenshot();
    await page.clock.runFor(5_100);
    expect(await visible(page, 'screen-rate')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ông/Bà hài lòng với sự phục vụ hôm nay như thế nào?');
    await page.click('.face-btn[data-level="5"]');
    expect(Buffer.compare(await page.locator('#screen-thanks').screenshot(), afterOne)).toBe(0);
    await expect.poll(async () => (await f.rows()).length).toBe(2);
    // The next citizen tapped as soon as the first one's thanks were gone: both count.
    expect((await f.rows()).map((r) => [r.level, r.counted])).toEqual([
      [1, 1],
      [5, 1],
    ]);
    await context.close();
  });

  it('says "not set up" once Home Affairs revokes its key, shows so on the fleet page, and comes back with the set-up QR', async () => {
    const { context, page } = await openKiosk();
    const ha = await f.t.addUser('noivu.hanoi', 'home_affairs', f.t.ward.parentId);
    const fleet = await signedInPage(f.browser, f.server.url, ha, { width: 1366, height: 768 });
    await fleet.goto(`${f.server.url}/staff`);
    await Promise.all([fleet.waitForEvent('load'), fleet.locator('.staff-nav').getByRole('link', { name: 'Thiết bị đánh giá' }).click()]);
    const row = fleet.locator('tr[data-kiosk="bd-q1"]');
    await expect.poll(() => row.locator('.kiosk-state').textContent()).toContain('Đang hoạt động'); // its first heartbeat came in
    expect(await row.locator('td').nth(2).textContent()).not.toBe('–');
    await Promise.all([fleet.waitForEvent('load'), row.getByRole('button', { name: 'Thu hồi khóa' }).click()]);
    expect(await row.locator('.kiosk-state').textContent()).toContain('Đã thu hồi khóa');

    await page.clock.runFor(61_000); // the next heartbeat is refused
    await expect.poll(() => visible(page, 'screen-nokey')).toBe(true);
    expect(await page.locator('#screen-nokey h1').textContent()).toBe('Thiết bị chưa được cài đặt – xin mời gọi cán bộ');
    expect(await page.locator('#screen-nokey').textContent()).toContain('bd-q1');
    expect(await page.locator('.face-btn').first().isVisible()).toBe(false); // nothing to tap, nothing queued in vain
    await page.screenshot({ path: `${SHOTS}/kiosk-not-set-up.png` });

    await fleet.reload();
    expect(await row.locator('.kiosk-state .error').textContent()).toContain('Hiện “chưa cài đặt”: khóa bị từ chối lúc');
    await fleet.screenshot({ path: `${SHOTS}/kiosks-fleet.png`, fullPage: true });
    await row.getByRole('button', { name: 'Cấp khóa mới' }).click();
    await expect.poll(() => visible(fleet, 'setup')).toBe(true);
    expect(await fleet.locator('#setup .slip-qr svg').count()).toBe(1);
    expect(await fleet.locator('#setup .slip-title').textContent()).toBe('Phường Ba Đình – Quầy 1 – Tư pháp, hộ tịch – Kiosk Quầy 1');
    const setupUrl = (await fleet.locator('#setup .slip-url').textContent()) as string;
    await fleet.screenshot({ path: `${SHOTS}/kiosks-setup.png`, fullPage: true });

    // Opened on the kiosk (here the same tab, so only the fragment changes and the page reloads itself).
    await page.goto(setupUrl.replace(/^https?:\/\/[^/]+/, f.server.url));
    await expect.poll(() => visible(page, 'screen-rate')).toBe(true);
    await page.click('.face-btn[data-level="4"]');
    await expect.poll(async () => (await f.rows()).at(-1)?.level).toBe(4);
    expect((await f.rows()).at(-1)?.counted).toBe(1);
    await fleet.reload();
    expect(await row.locator('.kiosk-state').textContent()).toContain('Đang hoạt động');

    const phone = await signedInPage(f.browser, f.server.url, ha, { width: 390, height: 844 });
    await phone.goto(`${f.server.url}/staff/kiosks`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: `${SHOTS}/kiosks-fleet-phone.png`, fullPage: true });
    await context.close();
  });
});
