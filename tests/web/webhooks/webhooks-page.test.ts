import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../../helpers/browser.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({}, { realClock: true });
});
afterEach(() => t.close());

describe('the webhooks page', () => {
  it('lets an admin subscribe a portal, showing its signing secret once, and lists it with its queue', async () => {
    const admin = await t.addUser('quantri', 'admin', null);
    const server = await listen(t);
    const browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
    try {
      const page = await signedInPage(browser, server.url, admin, { width: 1366, height: 768 });
      await page.goto(`${server.url}/staff/webhooks`);
      const create = page.locator('#new-webhook');
      await create.getByLabel('Địa chỉ nhận').fill('https://congthongtin.example.gov.vn/sipas-hook');
      await create.getByRole('button', { name: 'Tạo' }).click();
      await expect.poll(() => page.locator('#webhook-secret code').textContent()).toMatch(/^\S{20,}$/);
      const stored = (await t.query('select url, events from webhooks')) as { url: string; events: string }[];
      expect(stored.map((w) => w.url)).toEqual(['https://congthongtin.example.gov.vn/sipas-hook']);
      expect(JSON.parse(stored[0]!.events)).toEqual(['alert.fired', 'index.published']);
      await page.reload();
      expect(await page.locator('#webhooks tbody tr').count()).toBe(1);
      expect(await page.locator('#webhook-secret').isHidden()).toBe(true); // the secret is not shown again
      await page.screenshot({ path: 'test-results/webhooks.png', fullPage: true });
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
