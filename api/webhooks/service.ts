import { createHmac } from 'node:crypto';
import { and, asc, eq, isNull, lt, lte } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { newSecret } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import { perDatabase } from '../platform/db/per-database.js';
import { type WEBHOOK_EVENTS, webhookDeliveries, webhooks } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import type { NewWebhook } from './schemas.js';

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

/**
 * Queues an event for every active subscriber to it. Called inside the transaction that makes the
 * event true (the rating stored, the alert raised, the index published), so an event is queued
 * exactly when it happened, and delivered later by deliverDue even across a restart.
 */
export async function enqueue(db: Db, now: number, event: WebhookEvent, data: unknown): Promise<void> {
  const subscribers = (await activeSubscribers(db).all()).filter((w) => w.events.includes(event));
  if (subscribers.length === 0) return;
  const body = JSON.stringify({ event, at: new Date(now).toISOString(), data });
  await db
    .insert(webhookDeliveries)
    .values(subscribers.map((w) => ({ webhookId: w.id, event, body, nextAttemptAt: new Date(now), createdAt: new Date(now) })))
    .run();
}

/** Waiting time before attempt k + 1: 30 s, 1 min, 2 min … doubling, at most 6 hours. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);

/**
 * Sends every due delivery once: 2xx marks it delivered; anything else (or no answer in 10 s)
 * schedules the next attempt with backoff, until the attempts run out.
 */
export async function deliverDue(deps: AppDeps, send: typeof fetch = fetch): Promise<{ delivered: number; failed: number }> {
  const now = deps.now();
  const due = await deps.store.db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      body: webhookDeliveries.body,
      attempts: webhookDeliveries.attempts,
      url: webhooks.url,
      secret: webhooks.secret,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(
      and(
        isNull(webhookDeliveries.deliveredAt),
        lte(webhookDeliveries.nextAttemptAt, new Date(now)),
        lt(webhookDeliveries.attempts, deps.env.WEBHOOK_MAX_ATTEMPTS),
        eq(webhooks.active, true),
      ),
    )
    .orderBy(asc(webhookDeliveries.id))
    .limit(100)
    .all();
  let delivered = 0;
  let failed = 0;
  for (const d of due) {
    const timestamp = Math.floor(now / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await send(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sipas-event': d.event,
          'x-sipas-delivery': String(d.id),
          'x-sipas-timestamp': String(timestamp),
          'x-sipas-signature': `sha256=${signature(d.secret, timestamp, d.body)}`,
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
    await deps.store.db
      .update(webhookDeliveries)
      .set(
        error === null
          ? { attempts, deliveredAt: new Date(deps.now()), lastStatus: status, lastError: null }
          : { attempts, nextAttemptAt: new Date(now + backoffMs(attempts)), lastStatus: status, lastError: error },
      )
      .where(eq(webhookDeliveries.id, d.id))
      .run();
    if (error === null) delivered += 1;
    else failed += 1;
  }
  return { delivered, failed };
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

/** Every subscription (without its secret) with its deliveries. */
export async function listWebhooks(deps: AppDeps) {
  const hooks = await deps.store.db
    .select({ id: webhooks.id, url: webhooks.url, events: webhooks.events, active: webhooks.active })
    .from(webhooks)
    .orderBy(asc(webhooks.id))
    .all();
  return Promise.all(
    hooks.map(async (h) => ({
      ...h,
      deliveries: (
        await deps.store.db
          .select({
            id: webhookDeliveries.id,
            event: webhookDeliveries.event,
            attempts: webhookDeliveries.attempts,
            deliveredAt: webhookDeliveries.deliveredAt,
            lastStatus: webhookDeliveries.lastStatus,
            lastError: webhookDeliveries.lastError,
          })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.webhookId, h.id))
          .orderBy(asc(webhookDeliveries.id))
          .all()
      ).map((d) => ({ ...d, deliveredAt: d.deliveredAt?.toISOString() ?? null })),
    })),
  );
}
