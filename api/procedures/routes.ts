import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { body, json, SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { CATALOGUE_KEEPERS, Procedure, ProcedureInput, ProcedureParams, ProcedurePatch } from './schemas.js';
import { createProcedure, listProcedures, updateProcedure } from './service.js';

export const getProcedures = createRoute({
  operationId: 'getProcedures',
  security: SESSION,
  method: 'get',
  path: '/api/procedures',
  tags: ['procedures'],
  summary: 'The procedure catalogue (mã TTHC, name, field, levels, online level), in code order',
  responses: { 200: json(z.array(Procedure), 'The catalogue'), 401: errorResponse('Not signed in') },
});

export const postProcedure = createRoute({
  operationId: 'postProcedure',
  security: SESSION,
  method: 'post',
  path: '/api/procedures',
  tags: ['procedures'],
  summary: 'Add a procedure to the catalogue (audited)',
  middleware: [requireRole(...CATALOGUE_KEEPERS)] as const,
  request: body(ProcedureInput),
  responses: {
    201: json(Procedure, 'Added'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    409: errorResponse('The code is taken'),
    422: errorResponse('Invalid fields'),
  },
});

export const patchProcedure = createRoute({
  operationId: 'patchProcedure',
  security: SESSION,
  method: 'patch',
  path: '/api/procedures/{id}',
  tags: ['procedures'],
  summary: 'Change a procedure’s code, name, field, levels or online level (audited; its dossiers keep it)',
  middleware: [requireRole(...CATALOGUE_KEEPERS)] as const,
  request: { params: ProcedureParams, ...body(ProcedurePatch) },
  responses: {
    200: json(Procedure, 'Changed'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such procedure'),
    409: errorResponse('The code is taken'),
    422: errorResponse('Invalid fields'),
  },
});

export function procedureRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/procedures', requireUser(deps));
  app.use('/api/procedures/*', requireUser(deps));
  app.openapi(getProcedures, async (c) => c.json(await listProcedures(deps), 200));
  app.openapi(postProcedure, async (c) => c.json(await createProcedure(deps, { userId: c.get('user').id }, c.req.valid('json')), 201));
  app.openapi(patchProcedure, async (c) =>
    c.json(await updateProcedure(deps, { userId: c.get('user').id }, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return app;
}
