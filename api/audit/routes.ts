import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { auditLog } from '../platform/db/schema.js';
import { ApiError } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';

const Entry = z
  .object({
    id: z.int(),
    at: z.iso.datetime(),
    userId: z.int().nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');

/** The audit log, newest first (admin). */
export function auditRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/audit', requireUser(deps), requireRole('admin'));
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit',
      tags: ['users'],
      summary: 'Who changed what and when, newest first (admin); page with ?before=<id>',
      request: {
        query: z.object({
          entity: z.string().max(64).optional(),
          entityId: z.string().max(64).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: { description: 'Entries', content: { 'application/json': { schema: z.array(Entry) } } },
        401: { description: 'Not signed in', content: { 'application/json': { schema: ApiError } } },
        403: { description: 'Not an admin', content: { 'application/json': { schema: ApiError } } },
        422: { description: 'Invalid query', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const where: SQL[] = [];
      if (q.entity) where.push(eq(auditLog.entity, q.entity));
      if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
      if (q.before) where.push(lt(auditLog.id, q.before));
      const rows = await deps.store.db
        .select()
        .from(auditLog)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(auditLog.id))
        .limit(q.limit)
        .all();
      return c.json(
        rows.map((r) => ({ ...r, at: r.at.toISOString() })),
        200,
      );
    },
  );
  return app;
}
