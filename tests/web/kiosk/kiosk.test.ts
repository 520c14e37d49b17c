import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVICE_KEY } from '../../helpers/app.js';
import { citizenPages, visible } from '../../helpers/browser.js';

/** A rating crosses the network from the page to the server: longer than expect.poll's 1 s on a loaded machine. */
const SENT = { timeout: 10_000 };

const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });

const f = citizenPages({ KIOSK_REPEAT_WINDOW_SECONDS: 5, KIOSK_THANKS_SECONDS: 5, KIOSK_REASON_MAX_LEVEL: 2 });

async function openKiosk(viewport = { width: 1280, height: 800 }) {
  const context = await f.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.clock.install();
  const responses: { status: number; replayed: string | null }[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/api/ratings')) responses.push({ status: r.status(), replayed: r.headers()['idempotent-replayed'] ?? null });
  });
  await page.goto(`${f.server.url}/kiosk/bd-q1#key=${DEVICE_KEY}`);
  return { context, page, responses };
}

describe('kiosk page in headless Chromium', () => {
  it('keeps both ratings through a network drop: each stored exactly once', async () => {
    const { context, page, responses } = await openKiosk();
    expect(page.url()).not.toContain('key='); // the device key leaves the address bar at once
    expect(await visible(page, 'screen-rate')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/kiosk-rate.png` });

    await page.click('.face-btn[data-level="5"]');
    expect(await visible(page, 'screen-thanks')).toBe(true);
    await expect.poll(async () => (await f.rows()).length, SENT).toBe(1);
    const thanksAfterFive = await page.locator('#screen-thanks').screenshot();
    await page.clock.runFor(5_500);
    expect(await visible(page, 'screen-rate')).toBe(true);

    await context.setOffline(true);
    await page.clock.runFor(15_000);
    await page.click('.face-btn[data-level="4"]');
    const tappedAt = await page.evaluate(() => Date.now());
    expect(await visible(page, 'screen-thanks')).toBe(true);
    // Officers across the counter see the same thank-you screen whatever was tapped.
    expect(Buffer.compare(await page.locator('#screen-thanks').screenshot(), thanksAfterFive)).toBe(0);
    expect(await page.locator('#pending-count').textContent()).toBe('1');
    await page.screenshot({ path: `${SHOTS}/kiosk-offline-thanks.png` });
    await page.clock.runFor(12_000); // the retry timer fires while offline
    expect(await f.rows()).toHaveLength(1);

    await context.setOffline(false);
    await expect.poll(async () => (await f.rows()).length, SENT).toBe(2);
    const [first, second] = await f.rows();
    expect([first!.level, second!.level]).toEqual([5, 4]);
    expect([first!.counted, second!.counted]).toEqual([1, 1]);
    expect(first!.idempotency_key).not.toBe(second!.idempotency_key);
    expect(Math.abs(second!.rated_at - tappedAt)).toBeLessThan(1_000); // filed at the tap, not at the reconnect
    await expect.poll(() => page.locator('#pending').isHidden(), SENT).toBe(true);
    expect(responses).toEqual([
      { status: 201, replayed: null },
      { status: 201, replayed: null },
    ]);
    await context.close();
  });

  it('offers reason chips after a low rating and stores the chosen ones', async () => {
    const before = (await f.rows()).length;
    const { context, page } = await openKiosk();
    await page.click('.face-btn[data-level="1"]');
    expect(await visible(page, 'screen-reasons')).toBe(true);
    await page.click('.chip[data-reason="long_wait"]');
    await page.click('.chip[data-reason="late"]');
    expect(await page.locator('.chip[data-reason="late"]').getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/kiosk-reasons.png` });
    await page.click('#reasons-send');
    expect(await visible(page, 'screen-thanks')).toBe(true);
    await expect.poll(async () => (await f.rows()).length, SENT).toBe(before + 1);
    const reasons = await f.t.query('select reason from rating_reasons where rating_id = (select max(id) from ratings) order by reason');
    expect(reasons).toEqual([{ reason: 'late' }, { reason: 'long_wait' }]);
    await context.close();
  });

  it('sends a low rating without reasons when the citizen walks away, and keeps it across a reload', async () => {
    const { context, page } = await openKiosk();
    const before = (await f.rows()).length;
    await page.clock.runFor(20_000);
    await page.click('.face-btn[data-level="2"]');
    await page.clock.runFor(31_000); // nobody answers the chips
    expect(await visible(page, 'screen-thanks')).toBe(true);
    await expect.poll(async () => (await f.rows()).length, SENT).toBe(before + 1);

    await page.clock.runFor(20_000);
    await page.click('.face-btn[data-level="1"]');
    await page.reload(); // power cut or a staff reload while the chips are open
    await expect.poll(async () => (await f.rows()).length, SENT).toBe(before + 2);
    expect((await f.rows()).at(-1)!.level).toBe(1);
    await context.close();
  });

  it('fits one screen with large targets on a landscape tablet, a small tablet and a portrait screen', async () => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1024, height: 600 },
      { width: 800, height: 1280 },
    ]) {
      const context = await f.browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${f.server.url}/kiosk/bd-q1#key=${DEVICE_KEY}`);
      const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, inner: window.innerHeight }));
      expect(size.scroll).toBeLessThanOrEqual(size.inner);
      for (const box of await page.locator('.face-btn').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
        expect(box.height).toBeGreaterThanOrEqual(48);
        expect(box.width).toBeGreaterThanOrEqual(48);
        expect(box.bottom).toBeLessThanOrEqual(viewport.height);
      }
      await page.screenshot({ path: `${SHOTS}/kiosk-${viewport.width}x${viewport.height}.png` });
      await context.close();
    }
  });

  it('tells staff when the device has no key, and says so in English on request', async () => {
    const context = await f.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${f.server.url}/kiosk/bd-q1`);
    expect(await visible(page, 'screen-nokey')).toBe(true);
    await page.goto(`${f.server.url}/kiosk/bd-q1?lang=en`);
    expect(await page.locator('#screen-nokey').textContent()).toContain('This device is not set up – please call staff');
    expect((await page.goto(`${f.server.url}/kiosk/no-such-device`))?.status()).toBe(404);
    await context.close();
  });
});
