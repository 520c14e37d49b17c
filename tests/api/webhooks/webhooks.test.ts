import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { signature } from '../../../api/webhooks/service.js';
import { DAY, homeAffairsApp, WEEK } from '../../helpers/alerts.js';
import { kioskTap, START } from '../../helpers/app.js';

const f = homeAffairsApp();

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
    const admin = await f.t.addUser('quantri', 'admin', null);
    const res = await f.call('POST', '/api/webhooks', { url, events }, admin);
    expect(res.status).toBe(201);
    return { admin, ...((await res.json()) as { id: number; secret: string }) };
  };

  it('posts each new rating, signed over the timestamp and body with the subscriber’s secret', async () => {
    const hook = await receiver(() => 204);
    try {
      const { admin, secret } = await subscribe(hook.url, ['rating.created']);
      expect((await kioskTap(f.t, { level: 4, comment: 'Cán bộ nhiệt tình' })).status).toBe(201);
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 1, failed: 0 });
      const [got] = hook.received;
      expect(got?.headers['x-sipas-event']).toBe('rating.created');
      const timestamp = Number(got?.headers['x-sipas-timestamp']);
      expect(timestamp).toBe(Math.floor(START / 1000));
      expect(got?.headers['x-sipas-signature']).toBe(`sha256=${signature(secret, timestamp, got?.body as string)}`);
      const body = JSON.parse(got?.body as string);
      expect(body).toMatchObject({ event: 'rating.created', data: { unitId: f.t.ward.id, level: 4, channel: 'kiosk' } });
      expect(got?.body).not.toContain('nhiệt tình'); // comments stay home
      // Delivered once: a second run sends nothing.
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0 });
      const listed = (await (await f.call('GET', '/api/webhooks', undefined, admin)).json()) as Record<string, unknown>[];
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
      await kioskTap(f.t, { level: 5 });
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 1 });
      // Not due again before 30 s have passed.
      f.t.clock.now += 29_000;
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0 });
      f.t.clock.now += 1_000;
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 1 });
      answer = 200;
      f.t.clock.now += 59_000; // the second retry waits a minute
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0 });
      f.t.clock.now += 1_000;
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 1, failed: 0 });
      expect(hook.received).toHaveLength(3);
      expect(new Set(hook.received.map((r) => r.headers['x-sipas-delivery'])).size).toBe(1);
    } finally {
      await hook.close();
    }
  });

  it('announces an alert the moment a scan raises it, and refuses a subscription that is not a web address', async () => {
    const { admin } = await subscribe('http://127.0.0.1:9/unused', ['alert.fired']);
    await f.ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await f.ratings(60, 36, WEEK, START);
    await f.call('POST', '/api/alerts/scan');
    const events = (await f.t.query('select event, body from webhook_deliveries')) as { event: string; body: string }[];
    expect(events.map((e) => e.event)).toEqual(['alert.fired', 'alert.fired']);
    expect(JSON.parse(events[0]?.body as string).data).toMatchObject({ unitId: f.t.ward.id, recent: { value: 60, n: 60 } });
    const bad = await f.call('POST', '/api/webhooks', { url: 'ftp://example.org', events: ['alert.fired'] }, admin);
    expect(bad.status).toBe(422);
    expect(await f.t.count('webhooks')).toBe(1);
  });
});
