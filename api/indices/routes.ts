import { createRoute } from '@hono/zod-openapi';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { UNIT_QUERY_ERRORS } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { IndexQuery, IndexResult } from './schemas.js';
import { loadIndex } from './service.js';

export const getIndex = createRoute({
  operationId: 'getIndex',
  security: SESSION,
  method: 'get',
  path: '/api/indices',
  tags: ['methods'],
  summary: 'An index computed from stored records by SQL aggregates, with n, interval and provenance',
  request: { query: IndexQuery },
  responses: { 200: { description: 'The index', content: { 'application/json': { schema: IndexResult } } }, ...UNIT_QUERY_ERRORS },
});

export function indexRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/indices', requireUser(deps));
  app.openapi(getIndex, async (c) => c.json(await loadIndex(deps, c.get('scope'), c.req.valid('query')), 200));
  return app;
}
