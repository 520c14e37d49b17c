import { createRoute } from '@hono/zod-openapi';
import { canonicalJson } from '../../engine/index.js';
import { sha256 } from '../platform/auth/secrets.js';
import { callerOf, requireUserOrKey } from '../platform/auth/service-key.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION_OR_KEY } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { ChangesQuery, DossierBatch, DossierChanges, DossierRecord, ImportOutcome } from './schemas.js';
import { dossierChanges, importDossiers } from './service.js';

export const postDossierBatch = createRoute({
  operationId: 'postDossierBatch',
  security: SESSION_OR_KEY,
  method: 'post',
  path: '/api/transactions/batch',
  tags: ['dossiers'],
  summary:
    'Upsert dossiers from one-stop software by receipt code, as received and as their status changes (supplements included): all or none; a repeated batch stores nothing twice; staff, or a service key with dossiers:write',
  request: { body: { required: true, content: { 'application/json': { schema: DossierBatch } } } },
  responses: {
    200: { description: 'Stored (or previewed with dryRun)', content: { 'application/json': { schema: ImportOutcome } } },
    401: errorResponse('Not signed in, or the key is wrong, expired or revoked'),
    403: errorResponse('Role or key may not import'),
    422: errorResponse('Refused: every bad record with its index (line = index + 1) and the rule it breaks; nothing stored'),
  },
});

export const getDossierChanges = createRoute({
  operationId: 'getDossierChanges',
  security: SESSION_OR_KEY,
  method: 'get',
  path: '/api/transactions/changes',
  tags: ['dossiers'],
  summary:
    'Dossiers created or changed after a cursor, in the order written, each as it stands now, for another system to catch up after an outage (staff, or a service key with dossiers:write; the caller’s units only)',
  request: { query: ChangesQuery },
  responses: {
    200: { description: 'A page of changes and the next cursor', content: { 'application/json': { schema: DossierChanges } } },
    401: errorResponse('Not signed in, or the key is wrong, expired or revoked'),
    403: errorResponse('Role or key may not read dossiers'),
    422: errorResponse('Invalid query'),
  },
});

const WRITERS = ['admin', 'home_affairs', 'unit_staff'] as const;

export function dossierRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/transactions/batch', requireUserOrKey(deps, 'dossiers:write', WRITERS));
  app.use('/api/transactions/changes', requireUserOrKey(deps, 'dossiers:write', WRITERS));
  app.openapi(getDossierChanges, async (c) => {
    const q = c.req.valid('query');
    return c.json(await dossierChanges(deps, c.get('scope'), q.after, q.limit), 200);
  });
  app.openAPIRegistry.register('DossierRecord', DossierRecord);
  app.openapi(postDossierBatch, async (c) => {
    const body = c.req.valid('json');
    const { user, service, scope } = callerOf(c);
    const outcome = await importDossiers(
      deps,
      { userId: user?.id ?? null, serviceAccountId: service?.id, scope },
      {
        filename: 'api',
        contentHash: sha256(canonicalJson(body.transactions)),
        columns: [],
        batches: async function* () {
          yield body.transactions.map((record, i) => ({ line: i + 1, record }));
        },
      },
      body.dryRun,
    );
    return c.json(outcome, 200);
  });
  return app;
}
