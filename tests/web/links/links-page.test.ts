import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, visible } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ TRUST_PROXY: 1 }, { realClock: true });
});
afterEach(() => t.close());

describe('rating slips', () => {
  it('lets counter staff print slips by receipt code; the citizen’s rating counts, one sent from staff is held', async () => {
    const staff = await t.addStaff();
    const server = await listen(t);
    const browser = await launchChromium();
    try {
      // The office and the citizen's phone reach the server from different addresses.
      const office = await browser.newContext({
        viewport: { width: 1100, height: 900 },
        extraHTTPHeaders: { 'x-forwarded-for': '10.0.0.5' },
      });
      const [name, ...value] = staff.split('=');
      await office.addCookies([{ name: name as string, value: value.join('='), url: server.url }]);
      const page = await office.newPage();
      await page.goto(`${server.url}/staff`);
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'In phiếu đánh giá cho người dân' }).click()]);
      await page.getByLabel('Mã hồ sơ').fill('00004-260301-0001\n00004-260301-0009');
      await page.getByRole('button', { name: 'Cấp đường dẫn' }).click();
      await expect.poll(() => page.locator('#slips-form .error').textContent()).toContain('00004-260301-0009');
      expect(await t.count('rating_tokens')).toBe(0);

      await page.getByLabel('Mã hồ sơ').fill('00004-260301-0001\n00004-260301-0002');
      await page.getByRole('button', { name: 'Cấp đường dẫn' }).click();
      await expect.poll(() => visible(page, 'slips')).toBe(true);
      const slips = page.locator('.slip');
      expect(await slips.count()).toBe(2);
      expect(await slips.first().locator('.slip-code').textContent()).toBe('00004-260301-0001');
      expect(await slips.first().locator('.slip-qr svg').count()).toBe(1);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/slips.png', fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: 'test-results/slips-print.png', fullPage: true });
      const [citizenUrl, staffUrl] = await slips.locator('.slip-url').allTextContents();

      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.7' },
      });
      const citizen = await phone.newPage();
      await citizen.goto(`${citizenUrl}?via=qr`);
      await citizen.click('.face-btn[data-level="4"]');
      await citizen.click('#online-send');
      await expect.poll(() => visible(citizen, 'online-thanks')).toBe(true);

      // The staff browser learns nothing from the other slip, and what it sends is held.
      const fromStaff = await page.goto(staffUrl as string);
      expect(fromStaff?.status()).toBe(403);
      const token = (staffUrl as string).split('/r/')[1];
      const sent = await page.evaluate(async (token) => {
        const res = await fetch('/api/ratings', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ token, level: 5 }),
        });
        return res.json();
      }, token);
      expect(sent.counted).toBe(false);
      expect(await t.query('select level, counted from ratings order by id')).toEqual([
        { level: 4, counted: 1 },
        { level: 5, counted: 0 },
      ]);
      // Signed in (its cookie was set here, not by signing in, so no staff_device mark) and at the office.
      const held = (await t.query('select reasons from rating_holds'))[0] as { reasons: string };
      expect(JSON.parse(held.reasons)).toEqual(['staff_session', 'issuer_address']);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
