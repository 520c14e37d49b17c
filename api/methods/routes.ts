import { createRoute, z } from '@hono/zod-openapi';
import { Computation } from '../../engine/index.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { PUBLIC } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { ComputeBody, ComputeParams, Methodology } from './schemas.js';
import { computePosted, methodologies } from './service.js';

export const getMethodologies = createRoute({
  operationId: 'getMethodologies',
  security: PUBLIC,
  method: 'get',
  path: '/api/methodologies',
  tags: ['methods'],
  summary: 'The methods (definitions) with their legal basis and settings; unconfirmed rules are flagged',
  responses: { 200: { description: 'Methods', content: { 'application/json': { schema: z.array(Methodology) } } } },
});

export const postCompute = createRoute({
  operationId: 'postCompute',
  security: PUBLIC,
  method: 'post',
  path: '/api/compute/{definitionId}',
  tags: ['methods'],
  summary: 'Stateless calculator: compute a method over posted aggregates (counts, rates, points)',
  request: { params: ComputeParams, body: { required: true, content: { 'application/json': { schema: ComputeBody } } } },
  responses: {
    200: { description: 'The computation with provenance', content: { 'application/json': { schema: Computation } } },
    404: errorResponse('Unknown method'),
    422: errorResponse('Invalid inputs'),
  },
});

export function methodRoutes(_deps: AppDeps) {
  const app = newRouter();
  app.openapi(getMethodologies, (c) => c.json(methodologies(), 200));
  app.openapi(postCompute, (c) => c.json(computePosted(c.req.valid('param').definitionId, c.req.valid('json')), 200));
  return app;
}
