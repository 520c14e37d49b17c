import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { HOLD_DECIDERS, HOLD_READERS, HoldDecision, HoldParams, HoldQuery, RatingHold } from './schemas.js';
import { decideHold, listHolds } from './service.js';

export const getRatingHolds = createRoute({
  operationId: 'getRatingHolds',
  security: SESSION,
  method: 'get',
  path: '/api/rating-holds',
  tags: ['ratings'],
  summary: 'Ratings through links held out of every count for review (integrity rules), in your scope, newest first',
  middleware: [requireRole(...HOLD_READERS)] as const,
  request: { query: HoldQuery },
  responses: {
    200: { description: 'Held ratings', content: { 'application/json': { schema: z.array(RatingHold) } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    422: errorResponse('Invalid query'),
  },
});

export const postHoldDecision = createRoute({
  operationId: 'postHoldDecision',
  security: SESSION,
  method: 'post',
  path: '/api/rating-holds/{id}/decision',
  tags: ['ratings'],
  summary: 'Count a held rating or keep it out for good, with the reason (Home Affairs, never of its own unit; audited)',
  middleware: [requireRole(...HOLD_DECIDERS)] as const,
  request: { params: HoldParams, body: { required: true, content: { 'application/json': { schema: HoldDecision } } } },
  responses: {
    200: {
      description: 'Decided',
      content: {
        'application/json': { schema: z.object({ ratingId: z.int(), decision: HoldDecision.shape.decision }).openapi('HoldDecided') },
      },
    },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed, outside the scope, or the reviewer’s own unit or link'),
    404: errorResponse('No such held rating'),
    409: errorResponse('Decided already'),
    422: errorResponse('Invalid fields'),
  },
});

export function ratingHoldRoutes(deps: AppDeps) {
  const app = newRouter();
  for (const path of ['/api/rating-holds', '/api/rating-holds/*']) app.use(path, requireUser(deps));
  app.openapi(getRatingHolds, async (c) => c.json(await listHolds(deps, c.get('scope'), c.req.valid('query')), 200));
  app.openapi(postHoldDecision, async (c) =>
    c.json(await decideHold(deps, { user: c.get('user'), scope: c.get('scope') }, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return app;
}
