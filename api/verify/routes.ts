import { createRoute } from '@hono/zod-openapi';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse, UNIT_QUERY_ERRORS } from '../platform/errors.js';
import { body, json, PUBLIC, SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { Verification, VerifyPosted, VerifyStored } from './schemas.js';
import { verifyPosted, verifyStored } from './service.js';

export const postVerify = createRoute({
  operationId: 'postVerify',
  security: PUBLIC,
  method: 'post',
  path: '/api/verify',
  tags: ['methods'],
  summary:
    'Proof of a published figure: recompute it from the aggregates or forms posted with its provenance; match, or the first difference',
  request: body(VerifyPosted),
  responses: {
    200: json(Verification, 'The recomputation against the claim'),
    404: errorResponse('Unknown method'),
    422: errorResponse('Invalid inputs'),
  },
});

export const postVerifyStored = createRoute({
  operationId: 'postVerifyStored',
  security: SESSION,
  method: 'post',
  path: '/api/verify/stored',
  tags: ['methods'],
  summary: 'Proof of a published figure of a unit: recompute it from the stored records; match, or the first difference',
  request: body(VerifyStored),
  responses: { 200: json(Verification, 'The recomputation against the claim'), ...UNIT_QUERY_ERRORS },
});

export function verifyRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/verify/stored', requireUser(deps));
  app.openapi(postVerify, (c) => c.json(verifyPosted(c.req.valid('json')), 200));
  app.openapi(postVerifyStored, async (c) => c.json(await verifyStored(deps, c.get('scope'), c.req.valid('json')), 200));
  return app;
}
