import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { RatingSummary, SummaryQuery, Unit, UnitParams } from './schemas.js';
import { ratingSummary, unitsIn } from './service.js';

export const getUnits = createRoute({
  operationId: 'getUnits',
  method: 'get',
  path: '/api/units',
  tags: ['units'],
  summary: 'Administrative units in the caller’s scope (the tree, past and present)',
  security: SESSION,
  responses: {
    200: { description: 'Units', content: { 'application/json': { schema: z.array(Unit) } } },
    401: errorResponse('Not signed in'),
  },
});

export const getRatingSummary = createRoute({
  operationId: 'getRatingSummary',
  method: 'get',
  path: '/api/units/{id}/ratings/summary',
  tags: ['units'],
  summary: 'Counts of ratings per level and channel for one unit and period',
  security: SESSION,
  request: { params: UnitParams, query: SummaryQuery },
  responses: {
    200: { description: 'Counts', content: { 'application/json': { schema: RatingSummary } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Unit outside the caller’s scope'),
    404: errorResponse('No such unit'),
    422: errorResponse('Invalid fields'),
  },
});

export function unitRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/units', requireUser(deps));
  app.use('/api/units/*', requireUser(deps));
  app.openapi(getUnits, async (c) => c.json(await unitsIn(deps, c.get('scope')), 200));
  app.openapi(getRatingSummary, async (c) =>
    c.json(await ratingSummary(deps, c.get('scope'), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  return app;
}
