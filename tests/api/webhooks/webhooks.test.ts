import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { webhookDeliveries } from '../../../api/platform/db/schema.js';
import { deliverDue, signature } from '../../../api/webhooks/service.js';
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
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 1, failed: 0, dead: 0 });
      const [got] = hook.received;
      expect(got?.headers['x-sipas-event']).toBe('rating.created');
      const timestamp = Number(got?.headers['x-sipas-timestamp']);
      expect(timestamp).toBe(Math.floor(START / 1000));
      expect(got?.headers['x-sipas-signature']).toBe(`sha256=${signature(secret, timestamp, got?.body as string)}`);
      const body = JSON.parse(got?.body as string);
      expect(body).toMatchObject({ event: 'rating.created', data: { unitId: f.t.ward.id, level: 4, channel: 'kiosk' } });
      expect(got?.body).not.toContain('nhiệt tình'); // comments stay home
      // Delivered once: a second run sends nothing.
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0, dead: 0 });
      const listed = (await (await f.call('GET', '/api/webhooks', undefined, admin)).json()) as Record<string, unknown>[];
      expect(JSON.stringify(listed)).not.toContain(secret);
    } finally {
      await hook.close();
    }
  });

  it('sends a delivery once when two runs meet (the button beside the timer, or two API processes)', async () => {
    const hook = await receiver(() => 204);
    try {
      await subscribe(hook.url, ['rating.created']);
      for (const level of [5, 3]) expect((await kioskTap(f.t, { level })).status).toBe(201);
      const runs = await Promise.all([deliverDue(f.t.deps), deliverDue(f.t.deps), deliverDue(f.t.deps)]);
      expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(2);
      expect(hook.received.map((r) => JSON.parse(r.body).data.level).sort()).toEqual([3, 5]);
      expect((await deliverDue(f.t.deps)).delivered).toBe(0);
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
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 1, dead: 0 });
      // Not due again before 30 s have passed.
      f.t.clock.now += 29_000;
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0, dead: 0 });
      f.t.clock.now += 1_000;
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 1, dead: 0 });
      answer = 200;
      f.t.clock.now += 59_000; // the second retry waits a minute
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 0, failed: 0, dead: 0 });
      f.t.clock.now += 1_000;
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()).toEqual({ delivered: 1, failed: 0, dead: 0 });
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

  /** Pending deliveries put straight into a subscriber's queue. */
  async function queue(webhookId: number, n: number) {
    await f.t.deps.store.db
      .insert(webhookDeliveries)
      .values(
        Array.from({ length: n }, (_, i) => ({
          webhookId,
          event: 'rating.created' as const,
          body: JSON.stringify({ event: 'rating.created', data: { n: i } }),
          nextAttemptAt: new Date(START),
          createdAt: new Date(START),
        })),
      )
      .run();
  }
  const DEAD_URL = 'http://127.0.0.1:9/hook'; // nothing listens: refused at once

  it('keeps delivering to a live subscriber while a dead one has thousands waiting', async () => {
    const hook = await receiver(() => 204);
    try {
      const dead = await subscribe(DEAD_URL, ['rating.created']);
      await queue(dead.id, 2000); // older than anything the live one is owed
      const live = await f.call('POST', '/api/webhooks', { url: hook.url, events: ['rating.created'] }, dead.admin);
      const liveId = ((await live.json()) as { id: number }).id;
      await queue(liveId, 3);
      expect(await (await f.call('POST', '/api/webhooks/deliver', undefined, dead.admin)).json()).toEqual({
        delivered: 3,
        failed: 1,
        dead: 0,
      });
      expect(hook.received).toHaveLength(3);
      const listed = (await (await f.call('GET', '/api/webhooks', undefined, dead.admin)).json()) as {
        id: number;
        queue: { pending: number; delivered: number; dead: number };
        recent: unknown[];
      }[];
      expect(listed.map((w) => [w.id, w.queue])).toEqual([
        [dead.id, { pending: 2000, delivered: 0, dead: 0 }],
        [liveId, { pending: 0, delivered: 3, dead: 0 }],
      ]);
      expect(listed[0]?.recent).toHaveLength(20);
    } finally {
      await hook.close();
    }
  });

  it('pauses a subscriber after failures in a row, then tries one delivery, and closes the circuit on success', async () => {
    let answer = 503;
    const hook = await receiver(() => answer);
    try {
      const { admin, id } = await subscribe(hook.url, ['rating.created']);
      await queue(id, 10);
      const run = async () => (await (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json()) as { failed: number };
      const state = async () =>
        ((await (await f.call('GET', '/api/webhooks', undefined, admin)).json()) as { failures: number; pausedUntil: string | null }[])[0];
      // Five runs, each a first failure of a fresh delivery (one attempt per run: a failure ends the run).
      for (let i = 0; i < 5; i++) {
        expect((await run()).failed).toBe(1);
        f.t.clock.now += 1_000;
      }
      expect(hook.received).toHaveLength(5);
      expect(await state()).toMatchObject({ failures: 5, pausedUntil: new Date(f.t.clock.now - 1_000 + 30_000).toISOString() });
      expect((await run()).failed).toBe(0); // paused: nothing sent
      expect(hook.received).toHaveLength(5);
      f.t.clock.now += 30_000;
      answer = 204;
      expect(await run()).toEqual({ delivered: 1, failed: 0, dead: 0 }); // half-open: one delivery tried
      expect(await state()).toMatchObject({ failures: 0, pausedUntil: null });
      f.t.clock.now += 60_000;
      expect(((await run()) as { delivered?: number }).delivered).toBe(9); // closed: the rest go
    } finally {
      await hook.close();
    }
  });

  it('keeps a delivery out of attempts as a dead letter, never sent again, and counts it', async () => {
    f.t.env.WEBHOOK_MAX_ATTEMPTS = 2;
    const { admin, id } = await subscribe(DEAD_URL, ['rating.created']);
    await queue(id, 1);
    const run = async () => (await f.call('POST', '/api/webhooks/deliver', undefined, admin)).json();
    expect(await run()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    f.t.clock.now += 30_000;
    expect(await run()).toEqual({ delivered: 0, failed: 1, dead: 1 });
    f.t.clock.now += 6 * 3_600_000;
    expect(await run()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    const [listed] = (await (await f.call('GET', '/api/webhooks', undefined, admin)).json()) as {
      queue: object;
      recent: { deadAt: string | null; attempts: number }[];
    }[];
    expect(listed?.queue).toEqual({ pending: 0, delivered: 0, dead: 1 });
    expect(listed?.recent[0]).toMatchObject({ attempts: 2, deadAt: new Date(f.t.clock.now - 6 * 3_600_000).toISOString() });
  });
});
