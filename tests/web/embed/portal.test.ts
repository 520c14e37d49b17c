import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { launchChromium, listen } from '../../helpers/browser.js';

/** The city's online portal, on an origin of its own: a completion page with the rating framed in it. */
let portal: Server;
let portalOrigin: string;
let page = '';
beforeAll(async () => {
  portal = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((resolve) => portal.listen(0, 'localhost', resolve));
  portalOrigin = `http://localhost:${(portal.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => portal.close(() => resolve())));

let t: TestApp;
afterAll(() => t?.close());

describe('the rating inside the online portal, wired with a service key alone', () => {
  it('goes from a new key to a counted rating: push the dossier, get its link by receipt code, rate in the frame, tell the portal', async () => {
    t = await makeTestApp({ EMBED_ORIGINS: [portalOrigin] }, { realClock: true });
    const admin = await t.addUser('quantri', 'admin', null);
    const created = await t.call(
      'POST',
      '/api/service-accounts',
      { name: 'Cổng dịch vụ công', unitId: t.ward.id, permissions: ['dossiers:write', 'rating-links:issue', 'reports:read'] },
      admin,
    );
    const { key } = (await created.json()) as { key: string };
    const server = await listen(t);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const browser = await launchChromium();
    try {
      // The one-stop software pushes the dossier as it is received and when its result is issued.
      const record = {
        receiptCode: 'DVC-000123',
        unitCode: '00004',
        procedureCode: '1.001193',
        channel: 'online',
        receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        dueAt: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      };
      expect(await (await call('POST', '/api/transactions/batch', { transactions: [record] })).json()).toMatchObject({ inserted: 1 });
      const resolved = { ...record, resolvedAt: new Date(Date.now() - 3_600_000).toISOString() };
      expect(await (await call('POST', '/api/transactions/batch', { transactions: [resolved] })).json()).toMatchObject({ updated: 1 });
      // The portal asks for the link by receipt code and frames it on the completion page.
      const issued = await call('POST', '/api/rating-links', { receiptCodes: ['DVC-000123'] });
      expect(issued.status).toBe(201);
      const token = ((await issued.json()) as { links: { token: string }[] }).links[0]?.token as string;
      const embed = `${server.url}/embed/rate?token=${token}&origin=${encodeURIComponent(portalOrigin)}`;
      page = `<!doctype html><html lang="vi"><body><h1>Hồ sơ DVC-000123 đã có kết quả</h1>
        <iframe id="rating" src="${embed}" width="420" height="720" title="Đánh giá"></iframe>
        <script>window.heard = []; addEventListener('message', (e) => { if (e.origin === '${server.url}') window.heard.push(e.data); });</script>
        </body></html>`;

      const tab = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      const framed = await tab.goto(portalOrigin);
      expect(framed?.status()).toBe(200);
      const frame = tab.frameLocator('#rating');
      await frame.locator('.face-btn[data-level="5"]').click();
      await frame.locator('#online-send').click();
      await expect.poll(() => frame.locator('#online-thanks').isVisible()).toBe(true);
      await expect
        .poll(() => tab.evaluate(() => (window as unknown as { heard: unknown[] }).heard))
        .toEqual([{ type: 'sipas:rating', status: 'rated', level: 5 }]);
      await tab.screenshot({ path: 'test-results/portal-embed.png' });
      // The rating counts, from the link, once.
      const rows = (await t.query('select level, channel, counted from ratings')) as { level: number; channel: string; counted: unknown }[];
      expect(rows.map((r) => [r.level, r.channel, Boolean(r.counted)])).toEqual([[5, 'online', true]]);

      // Framed by a site not listed, the rating is refused, and the headers say who may frame it.
      const elsewhere = await fetch(`${server.url}/embed/rate?token=${token}&origin=${encodeURIComponent('https://example.org')}`);
      expect(elsewhere.status).toBe(403);
      const allowed = await fetch(embed);
      expect(allowed.headers.get('content-security-policy')).toContain(`frame-ancestors ${portalOrigin}`);
      expect(allowed.headers.get('x-frame-options')).toBeNull();
      expect((await fetch(`${server.url}/r/${token}`)).headers.get('x-frame-options')).toBe('DENY');

      // A key reads reports only of its own units (403 elsewhere), never opens a staff page, and stops when revoked.
      const other = await t.deps.store.db
        .insert(units)
        .values({ code: '00008', name: 'Phường Ngọc Hà', kind: 'ward', parentId: t.ward.parentId, validFrom: '2025-07-01' })
        .returning()
        .get();
      const report = (unit: number) =>
        call('GET', `/api/reports/unit.pdf?definition=tap-rating&unit=${unit}&from=2026-01-01&to=2026-12-31`);
      expect((await report(t.ward.id)).status).toBe(200);
      expect((await report(other.id)).status).toBe(403);
      const staffPage = await call('GET', '/staff');
      expect(staffPage.status).toBe(200); // the sign-in page it is sent to
      expect(staffPage.url).toContain('/login');
      const accounts = (await (await t.call('GET', '/api/service-accounts', undefined, admin)).json()) as { id: number }[];
      await t.call('POST', `/api/service-accounts/${accounts[0]?.id}/revoke`, undefined, admin);
      expect((await call('POST', '/api/rating-links', { receiptCodes: ['DVC-000123'] })).status).toBe(401);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 90_000);
});
