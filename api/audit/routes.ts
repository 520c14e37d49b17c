import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { AuditEntry, AuditQuery } from './schemas.js';
import { auditEntries } from './service.js';

export const getAudit = createRoute({
  operationId: 'getAudit',
  security: SESSION,
  method: 'get',
  path: '/api/audit',
  tags: ['users'],
  summary: 'Who changed what and when, newest first (admin); page with ?before=<id>',
  request: { query: AuditQuery },
  responses: {
    200: { description: 'Entries', content: { 'application/json': { schema: z.array(AuditEntry) } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an admin'),
    422: errorResponse('Invalid query'),
  },
});

export function auditRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/audit', requireUser(deps), requireRole('admin'));
  app.openapi(getAudit, async (c) => c.json(await auditEntries(deps, c.req.valid('query')), 200));
  return app;
}
