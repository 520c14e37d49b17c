import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulkInserter } from '../../api/platform/db/bulk.js';
import { ratings as ratingsTable } from '../../api/platform/db/schema.js';
import { vnDate, vnDayStart } from '../../api/platform/time.js';
import { signature } from '../../api/webhooks/service.js';
import { kioskTap, makeTestApp, START, type TestApp } from '../helpers/app.js';
import { launchChromium, listen, signedInPage } from '../helpers/browser.js';

const DAY = 86_400_000;
/** Where the scan's week starts: 00:00 in Hà Nội six days before START's day (so today and six before). */
const WEEK = vnDayStart(vnDate(START)) - 6 * DAY;
let t: TestApp;
let ha: string;
beforeEach(async () => {
  t = await makeTestApp();
  ha = await t.addUser('noivu', 'home_affairs', t.ward.parentId);
});
afterEach(() => t.close());

let seq = 0;
/** Stores ratings at the ward's counter directly: `satisfied` of `n` at level 5, the rest at 2, spread over [from, to). */
async function ratings(n: number, satisfied: number, from: number, to: number) {
  const insert = bulkInserter(t.deps.store.db, ratingsTable);
  for (let i = 0; i < n; i++) {
    const at = from + Math.floor(((i + 0.5) / n) * (to - from));
    await insert.add({
      unitId: t.ward.id,
      counterId: t.counter.id,
      channel: 'kiosk',
      level: i < satisfied ? 5 : 2,
      serverTime: new Date(at),
      ratedAt: new Date(at),
      counted: true,
      idempotencyKey: `seed-${++seq}`,
      requestHash: '',
    });
  }
  await insert.flush();
}
const call = (method: string, path: string, body?: unknown, cookie = ha) =>
  t.app.request(path, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe('alerts', () => {
  it('raises one alert for the ward and one for its counter when the last week fell well below the previous 90 days, once', async () => {
    const now = START;
    await ratings(300, 270, WEEK - 90 * DAY, WEEK); // baseline 90%
    await ratings(60, 36, WEEK, now); // last week 60%
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 2, updated: 0 });
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 2 });
    const list = (await (await call('GET', '/api/alerts')).json()) as {
      unitId: number;
      counterId: number | null;
      recentValue: number;
      recentN: number;
      baselineValue: number;
      baselineN: number;
      pValue: number;
    }[];
    expect(list).toHaveLength(2);
    expect(list.map((a) => a.counterId).sort()).toEqual([t.counter.id, null].sort());
    for (const a of list) expect(a).toMatchObject({ unitId: t.ward.id, recentValue: 60, recentN: 60, baselineValue: 90, baselineN: 300 });
    // The week is whole Hà Nội days: from midnight six days before today, to the scan.
    for (const a of list) expect(a).toMatchObject({ windowFrom: new Date(WEEK).toISOString(), windowTo: new Date(START).toISOString() });
    expect(list[0]?.pValue).toBeLessThan(0.01);
  });

  it('stays quiet on a bad morning of six taps and when nothing changed', async () => {
    await ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await ratings(6, 3, START - 4 * 3_600_000, START);
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 0 });
    await ratings(100, 90, WEEK, START - DAY);
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 0 });
  });

  it('is acknowledged by Home Affairs with a comment kept as history, and not raised again for the same week', async () => {
    await ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await ratings(60, 36, WEEK, START);
    await call('POST', '/api/alerts/scan');
    const [first] = (await (await call('GET', '/api/alerts')).json()) as { id: number }[];
    const staff = await t.addStaff();
    expect((await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Đã nhắc quầy' }, staff)).status).toBe(403);
    const empty = await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: '   ' });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe('comment');
    expect(
      (await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Đã nhắc quầy 1, bố trí thêm người giờ cao điểm' })).status,
    ).toBe(200);
    expect((await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Tuần sau kiểm tra lại' })).status).toBe(200);
    const all = (await (await call('GET', '/api/alerts?status=all')).json()) as {
      id: number;
      status: string;
      notes: { comment: string; by: string }[];
    }[];
    const acknowledged = all.find((a) => a.id === first?.id);
    expect(acknowledged?.status).toBe('acknowledged');
    expect(acknowledged?.notes.map((n) => n.comment)).toEqual(['Đã nhắc quầy 1, bố trí thêm người giờ cao điểm', 'Tuần sau kiểm tra lại']);
    expect(acknowledged?.notes[0]?.by).toBe('noivu');
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 1 }); // the other, still open
    const csv = await (await call('GET', '/api/alerts.csv?status=all')).text();
    expect(csv.split('\r\n')[0]).toBe(
      'Đơn vị,Quầy,Từ,Đến,Tỷ lệ hài lòng gần đây (%),n gần đây,Mức nền (%),n mức nền,p,Trạng thái,Ghi nhận',
    );
    expect(csv).toContain('Đã nhắc quầy 1, bố trí thêm người giờ cao điểm | noivu');
    expect((await (await call('GET', '/api/alerts')).json()) as unknown[]).toHaveLength(1);
  });
});

describe('the alerts page', () => {
  it('lists the alert with both shares and n, and takes an acknowledgement typed by Home Affairs', async () => {
    await ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await ratings(60, 36, WEEK, START);
    await call('POST', '/api/alerts/scan');
    const server = await listen(t);
    const browser = await launchChromium();
    try {
      const page = await signedInPage(browser, server.url, ha, { width: 1100, height: 900 });
      await page.goto(`${server.url}/staff/alerts`);
      const rows = page.locator('#alerts-table tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.first().locator('td').first().textContent()).toBe('60,00% (n = 60)');
      await rows.first().locator('textarea').fill('Đã nhắc quầy 1');
      await Promise.all([page.waitForEvent('load'), rows.first().locator('button').click()]);
      expect(await page.locator('#alerts-table tbody tr').count()).toBe(1); // the acknowledged one leaves the open list
      await page.goto(`${server.url}/staff/alerts?status=all`);
      expect(await page.locator('.note').first().textContent()).toContain('Đã nhắc quầy 1');
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/alerts.png', fullPage: true });
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});

describe('signed webhooks', () => {
  async function receiver(status: () => number) {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = status();
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      received,
      close: () => new Promise((r) => server.close(r)),
    };
  }
  const subscribe = async (url: string, events: string[]) => {
    const admin = await t.addUser('quantri', 'admin', null);
    const res = await call('POST', '/api/webhooks', { url, events }, admin);
    expect(res.status).toBe(201);
    return { admin, ...((await res.json()) as { id: number; secret: string }) };
  };

  it('posts each new rating, signed over the timestamp and body with the subscriber’s secret', async () => {
    const hook = await receiver(() => 204);
    try {
      const { admin, secret } = await subscribe(hook.url, ['rating.created']);
      expect((await kioskTap(t, { level: 4, comment: 'Cán bộ nhiệt tình' })).status).toBe(201);
      expect(await (await call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 1, failed: 0 });
      const [got] = hook.received;
      expect(got?.headers['x-sipas-event']).toBe('rating.created');
      const timestamp = Number(got?.headers['x-sipas-timestamp']);
      expect(timestamp).toBe(Math.floor(START / 1000));
      expect(got?.headers['x-sipas-signature']).toBe(`sha256=${signature(secret, timestamp, got?.body as string)}`);
      const body = JSON.parse(got?.body as string);
      expect(body).toMatchObject({ event: 'rating.created', data: { unitId: t.ward.id, level: 4, channel: 'kiosk' } });
      expect(got?.body).not.toContain('nhiệt tình'); // comments stay home
      // Delivered once: a second run sends nothing.
      expect(await (await call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0 });
      const listed = (await (await call('GET', '/api/webhooks', undefined, admin)).json()) as Record<string, unknown>[];
      expect(JSON.stringify(listed)).not.toContain(secret);
    } finally {
      await hook.close();
    }
  });

  it('retries a failed delivery with backoff until the portal answers', async () => {
    let answer = 500;
    const hook = await receiver(() => answer);
    try {
      const { admin } = await subscribe(hook.url, ['rating.created', 'alert.fired']);
      await kioskTap(t, { level: 5 });
      expect(await (await call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 1 });
      // Not due again before 30 s have passed.
      t.clock.now += 29_000;
      expect(await (await call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0 });
      t.clock.now += 1_000;
      expect(await (await call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 1 });
      answer = 200;
      t.clock.now += 59_000; // the second retry waits a minute
      expect(await (await call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0 });
      t.clock.now += 1_000;
      expect(await (await call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 1, failed: 0 });
      expect(hook.received).toHaveLength(3);
      expect(new Set(hook.received.map((r) => r.headers['x-sipas-delivery'])).size).toBe(1);
    } finally {
      await hook.close();
    }
  });

  it('announces an alert the moment a scan raises it, and refuses a subscription that is not a web address', async () => {
    const { admin } = await subscribe('http://127.0.0.1:9/unused', ['alert.fired']);
    await ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await ratings(60, 36, WEEK, START);
    await call('POST', '/api/alerts/scan');
    const events = (await t.query('select event, body from webhook_deliveries')) as { event: string; body: string }[];
    expect(events.map((e) => e.event)).toEqual(['alert.fired', 'alert.fired']);
    expect(JSON.parse(events[0]?.body as string).data).toMatchObject({ unitId: t.ward.id, recent: { value: 60, n: 60 } });
    const bad = await call('POST', '/api/webhooks', { url: 'ftp://example.org', events: ['alert.fired'] }, admin);
    expect(bad.status).toBe(422);
    expect(await t.count('webhooks')).toBe(1);
  });
});
