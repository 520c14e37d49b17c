import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { DeliveryRun, NewWebhook, Webhook, WebhookCreated } from './schemas.js';
import { createWebhook, deliverDue, listWebhooks } from './service.js';

const ADMIN_ERRORS = { 401: errorResponse('Not signed in'), 403: errorResponse('Admins only') };

export const postWebhook = createRoute({
  operationId: 'postWebhook',
  security: SESSION,
  method: 'post',
  path: '/api/webhooks',
  tags: ['webhooks'],
  summary: 'Subscribe a portal to events; the signing secret is shown this once',
  request: { body: { required: true, content: { 'application/json': { schema: NewWebhook } } } },
  responses: {
    201: { description: 'Subscribed', content: { 'application/json': { schema: WebhookCreated } } },
    ...ADMIN_ERRORS,
    422: errorResponse('Invalid fields'),
  },
});

export const getWebhooks = createRoute({
  operationId: 'getWebhooks',
  security: SESSION,
  method: 'get',
  path: '/api/webhooks',
  tags: ['webhooks'],
  summary: 'Subscriptions (without secrets): queue counts, dead letters, circuit state and latest deliveries',
  responses: { 200: { description: 'Subscriptions', content: { 'application/json': { schema: z.array(Webhook) } } }, ...ADMIN_ERRORS },
});

export const postDeliver = createRoute({
  operationId: 'postDeliver',
  security: SESSION,
  method: 'post',
  path: '/api/webhooks/deliver',
  tags: ['webhooks'],
  summary: 'Send the due deliveries now (the server also sends them every WEBHOOK_INTERVAL_SECONDS)',
  responses: {
    200: { description: 'Delivered and failed counts', content: { 'application/json': { schema: DeliveryRun } } },
    ...ADMIN_ERRORS,
  },
});

export function webhookRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/webhooks', requireUser(deps), requireRole('admin'));
  app.use('/api/webhooks/*', requireUser(deps), requireRole('admin'));
  app.openapi(postWebhook, async (c) => c.json(await createWebhook(deps, c.get('user').id, c.req.valid('json')), 201));
  app.openapi(getWebhooks, async (c) => c.json(await listWebhooks(deps), 200));
  app.openapi(postDeliver, async (c) => c.json(await deliverDue(deps), 200));
  return app;
}
