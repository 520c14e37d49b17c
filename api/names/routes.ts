import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { body, json, SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { NAME_KEEPERS, NameAlias, NameAliasInput, NameAliasParams } from './schemas.js';
import { addAlias, deleteAlias, listAliases } from './service.js';

export const getNameAliases = createRoute({
  operationId: 'getNameAliases',
  security: SESSION,
  method: 'get',
  path: '/api/name-aliases',
  tags: ['imports'],
  summary: 'Names of units (in your scope) and procedures that imports resolve as confirmed by staff',
  responses: { 200: json(z.array(NameAlias), 'Newest first'), 401: errorResponse('Not signed in') },
});

export const postNameAlias = createRoute({
  operationId: 'postNameAlias',
  security: SESSION,
  method: 'post',
  path: '/api/name-aliases',
  tags: ['imports'],
  summary: 'Confirm what a written name means: every later import resolves it to this unit or procedure (audited)',
  middleware: [requireRole(...NAME_KEEPERS)] as const,
  request: body(NameAliasInput),
  responses: {
    201: json(z.object({ id: z.int() }), 'Remembered (or already so)'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    409: errorResponse('The name already means another unit or procedure'),
    422: errorResponse('Empty name, a real name, no such target, or a unit outside your scope'),
  },
});

export const deleteNameAlias = createRoute({
  operationId: 'deleteNameAlias',
  security: SESSION,
  method: 'delete',
  path: '/api/name-aliases/{id}',
  tags: ['imports'],
  summary: 'Forget a confirmed name (audited)',
  middleware: [requireRole(...NAME_KEEPERS)] as const,
  request: { params: NameAliasParams },
  responses: {
    204: { description: 'Forgotten' },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such alias in your scope'),
  },
});

export function nameRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/name-aliases', requireUser(deps));
  app.use('/api/name-aliases/*', requireUser(deps));
  const actor = (c: Context<AppEnv>) => ({ userId: c.get('user').id, scope: c.get('scope') });
  app.openapi(getNameAliases, async (c) => c.json(await listAliases(deps, c.get('scope')), 200));
  app.openapi(postNameAlias, async (c) => c.json({ id: await addAlias(deps, actor(c), c.req.valid('json')) }, 201));
  app.openapi(deleteNameAlias, async (c) => {
    await deleteAlias(deps, actor(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  return app;
}
