import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../platform/context.js';
import { PUBLIC } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.enum(['ok', 'unreachable']),
    migrations: z.object({ expected: z.int(), applied: z.int() }).nullable(),
  })
  .openapi('Health');

export const getHealth = createRoute({
  operationId: 'getHealth',
  security: PUBLIC,
  method: 'get',
  path: '/api/health',
  tags: ['system'],
  summary: 'Database reachable and every migration applied',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: Health } } },
    503: { description: 'Not healthy', content: { 'application/json': { schema: Health } } },
  },
});

export function healthRoutes(deps: AppDeps) {
  const app = newRouter();
  app.openapi(getHealth, async (c) => {
    try {
      const migrations = await deps.store.migrationStatus();
      const ok = migrations.applied === migrations.expected;
      return c.json({ status: ok ? 'ok' : 'degraded', database: 'ok', migrations } as const, ok ? 200 : 503);
    } catch {
      return c.json({ status: 'degraded', database: 'unreachable', migrations: null } as const, 503);
    }
  });
  return app;
}
