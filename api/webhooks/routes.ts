import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { requireRole } from '../platform/auth/roles.js';
import { newSecret } from '../platform/auth/secrets.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { WEBHOOK_EVENTS, webhookDeliveries, webhooks } from '../platform/db/schema.js';
import { errorResponse } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';
import { deliverDue } from './service.js';

const json = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });

const NewWebhook = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).openapi({ example: 'https://congthongtin.example.gov.vn/sipas-hook' }),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
});

export function webhookRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/webhooks', requireUser(deps), requireRole('admin'));
  app.use('/api/webhooks/*', requireUser(deps), requireRole('admin'));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/webhooks',
      tags: ['webhooks'],
      summary: 'Subscribe a portal to events; the signing secret is shown this once',
      request: { body: { required: true, content: { 'application/json': { schema: NewWebhook } } } },
      responses: {
        201: json('Subscribed'),
        401: errorResponse('Not signed in'),
        403: errorResponse('Admins only'),
        422: errorResponse('Invalid fields'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const now = deps.now();
      const secret = newSecret();
      const row = await deps.store.transaction(async (tx) => {
        const created = await tx
          .insert(webhooks)
          .values({ url: input.url, events: input.events, secret, createdAt: new Date(now) })
          .returning({ id: webhooks.id })
          .get();
        await recordAudit(tx, now, {
          userId: c.get('user').id,
          action: 'webhook.create',
          entity: 'webhook',
          entityId: created.id,
          after: input,
        });
        return created;
      });
      return c.json({ id: row.id, url: input.url, events: input.events, secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/webhooks',
      tags: ['webhooks'],
      summary: 'Subscriptions (without secrets) with their recent deliveries',
      responses: {
        200: { description: 'Subscriptions', content: { 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } } },
        401: errorResponse('Not signed in'),
        403: errorResponse('Admins only'),
      },
    }),
    async (c) => {
      const hooks = await deps.store.db
        .select({ id: webhooks.id, url: webhooks.url, events: webhooks.events, active: webhooks.active })
        .from(webhooks)
        .orderBy(asc(webhooks.id))
        .all();
      return c.json(
        (await Promise.all(
          hooks.map(async (h) => ({
            ...h,
            deliveries: await deps.store.db
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
              .all(),
          })),
        )) as unknown as Record<string, unknown>[],
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/webhooks/deliver',
      tags: ['webhooks'],
      summary: 'Send the due deliveries now (the server also sends them every WEBHOOK_INTERVAL_SECONDS)',
      responses: { 200: json('Delivered and failed counts'), 401: errorResponse('Not signed in'), 403: errorResponse('Admins only') },
    }),
    async (c) => c.json(await deliverDue(deps), 200),
  );
  return app;
}
