import { createHmac } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { newSecret } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import type { BatchMemo } from '../platform/db/group-commit.js';
import { perDatabase } from '../platform/db/per-database.js';
import { type WEBHOOK_EVENTS, webhookDeliveries, webhooks } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import type { DeliveryRun as DeliveryRunSchema, NewWebhook } from './schemas.js';

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * The signature a subscriber checks: HMAC-SHA256 of "timestamp.body" with the shared secret, hex.
 * The timestamp inside the signed text lets a subscriber refuse a replayed old delivery.
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

// Prepared once per database: every stored rating asks who subscribes.
const activeSubscribers = perDatabase((db: Db) =>
  db.select({ id: webhooks.id, events: webhooks.events }).from(webhooks).where(eq(webhooks.active, true)).prepare(),
);

const BATCH_SUBSCRIBERS = 'webhook-subscribers';

/**
 * Starts reading a group commit batch's subscribers on `db` outside the batch's transaction, so the
 * read runs beside the batch's own statements instead of adding a round trip to them (a
 * subscription made meanwhile is as concurrent with the batch either way).
 */
export function readSubscribersBeside(batch: BatchMemo, db: Db): void {
  batch.once(BATCH_SUBSCRIBERS, () => activeSubscribers(db).all()).catch(() => {});
}

/**
 * Queues an event for every active subscriber to it. Called inside the transaction that makes the
 * event true (the rating stored, the alert raised, the index published), so an event is queued
 * exactly when it happened, and delivered later by deliverDue even across a restart. In a group
 * commit's batch the subscribers are read once for the batch.
 */
export async function enqueue(db: Db, now: number, event: WebhookEvent, data: unknown, batch?: BatchMemo): Promise<void> {
  const active = batch ? batch.once(BATCH_SUBSCRIBERS, () => activeSubscribers(db).all()) : activeSubscribers(db).all();
  const subscribers = (await active).filter((w) => w.events.includes(event));
  if (subscribers.length === 0) return;
  const body = JSON.stringify({ event, at: new Date(now).toISOString(), data });
  await db
    .insert(webhookDeliveries)
    .values(subscribers.map((w) => ({ webhookId: w.id, event, body, nextAttemptAt: new Date(now), createdAt: new Date(now) })))
    .run();
}

/** A delivery waiting to be sent whose next attempt has come. */
const dueAt = (now: number) =>
  and(isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.deadAt), lte(webhookDeliveries.nextAttemptAt, new Date(now)));

/** How long a delivery being sent is held from other runs: longer than a send may take (10 s). */
const CLAIM_MS = 60_000;

/** Waiting time before attempt k + 1: 30 s, 1 min, 2 min … doubling, at most 6 hours. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);

/**
 * One run of every subscriber's queue, the subscribers side by side, so one that is slow or dead
 * never holds the others up. A subscriber is skipped while paused (its circuit open).
 */
export async function deliverDue(deps: AppDeps, send: typeof fetch = fetch): Promise<DeliveryRun> {
  const now = deps.now();
  const subscribers = await deps.store.db
    .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret, failures: webhooks.failures })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), or(isNull(webhooks.pausedUntil), lte(webhooks.pausedUntil, new Date(now)))))
    .all();
  const runs = await Promise.all(subscribers.map((w) => deliverTo(deps, w, now, send)));
  return runs.reduce((a, b) => ({ delivered: a.delivered + b.delivered, failed: a.failed + b.failed, dead: a.dead + b.dead }), {
    delivered: 0,
    failed: 0,
    dead: 0,
  });
}

type DeliveryRun = z.infer<typeof DeliveryRunSchema>;

/**
 * Sends a subscriber's due deliveries, oldest first, up to WEBHOOK_BATCH: 2xx marks one delivered
 * and closes the circuit; anything else (or no answer in 10 s) schedules its next attempt with
 * backoff, or makes it a dead letter when the attempts run out, and ends this subscriber's run.
 * After WEBHOOK_BREAKER_FAILURES failures in a row the subscriber is paused, longer each time,
 * and then tried with one delivery.
 */
async function deliverTo(
  deps: AppDeps,
  w: { id: number; url: string; secret: string; failures: number },
  now: number,
  send: typeof fetch,
): Promise<DeliveryRun> {
  const { env } = deps;
  const db = deps.store.db;
  const due = await db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      body: webhookDeliveries.body,
      attempts: webhookDeliveries.attempts,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, w.id), dueAt(now), lt(webhookDeliveries.attempts, env.WEBHOOK_MAX_ATTEMPTS)))
    .orderBy(asc(webhookDeliveries.id))
    .limit(w.failures >= env.WEBHOOK_BREAKER_FAILURES ? 1 : env.WEBHOOK_BATCH)
    .all();
  const run = { delivered: 0, failed: 0, dead: 0 };
  let failures = w.failures;
  for (const d of due) {
    // Claimed before it is sent: a run beside this one (an admin's "deliver now", another API
    // process) finds it not due; if this process dies meanwhile, it is due again in a minute.
    const claimed = await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now + CLAIM_MS) })
      .where(and(eq(webhookDeliveries.id, d.id), dueAt(now)))
      .returning({ id: webhookDeliveries.id })
      .all();
    if (!claimed.length) continue;
    const timestamp = Math.floor(now / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await send(w.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sipas-event': d.event,
          'x-sipas-delivery': String(d.id),
          'x-sipas-timestamp': String(timestamp),
          'x-sipas-signature': `sha256=${signature(w.secret, timestamp, d.body)}`,
        },
        body: d.body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const attempts = d.attempts + 1;
    const dead = error !== null && attempts >= env.WEBHOOK_MAX_ATTEMPTS;
    await db
      .update(webhookDeliveries)
      .set(
        error === null
          ? { attempts, deliveredAt: new Date(deps.now()), lastStatus: status, lastError: null }
          : dead
            ? { attempts, deadAt: new Date(deps.now()), lastStatus: status, lastError: error }
            : { attempts, nextAttemptAt: new Date(now + backoffMs(attempts)), lastStatus: status, lastError: error },
      )
      .where(eq(webhookDeliveries.id, d.id))
      .run();
    if (error === null) {
      run.delivered += 1;
      failures = 0;
      continue;
    }
    run.failed += 1;
    if (dead) run.dead += 1;
    failures += 1;
    break;
  }
  if (failures !== w.failures) {
    const paused = failures >= env.WEBHOOK_BREAKER_FAILURES;
    await db
      .update(webhooks)
      .set({ failures, pausedUntil: paused ? new Date(now + backoffMs(failures - env.WEBHOOK_BREAKER_FAILURES + 1)) : null })
      .where(eq(webhooks.id, w.id))
      .run();
  }
  return run;
}

/** A new subscription, audited; its signing secret is given back this once. */
export async function createWebhook(deps: AppDeps, userId: number, input: NewWebhook) {
  const now = deps.now();
  const secret = newSecret();
  const created = await deps.store.transaction(async (tx) => {
    const row = await tx
      .insert(webhooks)
      .values({ url: input.url, events: input.events, secret, createdAt: new Date(now) })
      .returning({ id: webhooks.id })
      .get();
    await recordAudit(tx, now, { userId, action: 'webhook.create', entity: 'webhook', entityId: row.id, after: input });
    return row;
  });
  return { id: created.id, url: input.url, events: input.events, secret };
}

/**
 * Every subscription (without its secret): its queue counted (pending, delivered, dead letters),
 * its circuit (failures in a row, paused until) and its latest deliveries.
 */
export async function listWebhooks(deps: AppDeps) {
  const db = deps.store.db;
  const d = webhookDeliveries;
  const hooks = await db
    .select({
      id: webhooks.id,
      url: webhooks.url,
      events: webhooks.events,
      active: webhooks.active,
      failures: webhooks.failures,
      pausedUntil: webhooks.pausedUntil,
    })
    .from(webhooks)
    .orderBy(asc(webhooks.id))
    .all();
  const counted = await db
    .select({
      webhookId: d.webhookId,
      delivered: sql<number>`sum(case when ${d.deliveredAt} is not null then 1 else 0 end)`,
      dead: sql<number>`sum(case when ${d.deadAt} is not null then 1 else 0 end)`,
      all: count(),
    })
    .from(d)
    .groupBy(d.webhookId)
    .all();
  const counts = new Map(counted.map((c) => [c.webhookId, c]));
  return Promise.all(
    hooks.map(async (h) => {
      const c = counts.get(h.id);
      const [delivered, dead] = [Number(c?.delivered ?? 0), Number(c?.dead ?? 0)];
      return {
        ...h,
        pausedUntil: h.pausedUntil?.toISOString() ?? null,
        queue: { pending: Number(c?.all ?? 0) - delivered - dead, delivered, dead },
        recent: (
          await db
            .select({
              id: d.id,
              event: d.event,
              attempts: d.attempts,
              deliveredAt: d.deliveredAt,
              deadAt: d.deadAt,
              lastStatus: d.lastStatus,
              lastError: d.lastError,
            })
            .from(d)
            .where(eq(d.webhookId, h.id))
            .orderBy(desc(d.id))
            .limit(RECENT)
            .all()
        ).map((r) => ({ ...r, deliveredAt: r.deliveredAt?.toISOString() ?? null, deadAt: r.deadAt?.toISOString() ?? null })),
      };
    }),
  );
}

/** Deliveries listed per subscriber. */
const RECENT = 20;
