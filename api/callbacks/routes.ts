import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { CALLBACK_HANDLERS, Callback, CallbackParams, CallbackQuery, CallbackUpdate } from './schemas.js';
import { listCallbacks, updateCallback } from './service.js';

export const getCallbacks = createRoute({
  operationId: 'getCallbacks',
  security: SESSION,
  method: 'get',
  path: '/api/callbacks',
  tags: ['ratings'],
  summary:
    'Citizens of your units who asked to be called back, with the number they consented to leave (purged after FOLLOW_UP_RETENTION_DAYS)',
  middleware: [requireRole(...CALLBACK_HANDLERS)] as const,
  request: { query: CallbackQuery },
  responses: {
    200: { description: 'Call-back requests, oldest first', content: { 'application/json': { schema: z.array(Callback) } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    422: errorResponse('Invalid query'),
  },
});

export const postCallback = createRoute({
  operationId: 'postCallback',
  security: SESSION,
  method: 'post',
  path: '/api/callbacks/{ratingId}',
  tags: ['ratings'],
  summary: 'Mark a call back as made or the matter resolved, with a note (audited, without the number)',
  middleware: [requireRole(...CALLBACK_HANDLERS)] as const,
  request: { params: CallbackParams, body: { required: true, content: { 'application/json': { schema: CallbackUpdate } } } },
  responses: {
    204: { description: 'Saved' },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such request in your scope'),
    422: errorResponse('Invalid fields'),
  },
});

export function callbackRoutes(deps: AppDeps) {
  const app = newRouter();
  for (const path of ['/api/callbacks', '/api/callbacks/*']) app.use(path, requireUser(deps));
  app.openapi(getCallbacks, async (c) => c.json(await listCallbacks(deps, c.get('scope'), c.req.valid('query').status), 200));
  app.openapi(postCallback, async (c) => {
    await updateCallback(deps, { user: c.get('user'), scope: c.get('scope') }, c.req.valid('param').ratingId, c.req.valid('json'));
    return c.body(null, 204);
  });
  return app;
}
