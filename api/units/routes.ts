import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { body, json, SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { createCounter, createUnit, mergeUnit, updateCounter, updateUnit } from './edit.js';
import {
  Counter,
  CounterInput,
  CounterPatch,
  MergeInput,
  RatingSummary,
  SummaryQuery,
  UNIT_KEEPERS,
  Unit,
  UnitInput,
  UnitParams,
  UnitPatch,
} from './schemas.js';
import { ratingSummary, unitsIn } from './service.js';

const WRITE_ERRORS = {
  401: errorResponse('Not signed in'),
  403: errorResponse('Not allowed, or a unit outside your scope'),
  404: errorResponse('No such unit or counter'),
  409: errorResponse('A code held at the same time, or records that would fall outside the unit’s days'),
  422: errorResponse('Invalid fields'),
};

export const postUnit = createRoute({
  operationId: 'postUnit',
  security: SESSION,
  method: 'post',
  path: '/api/units',
  tags: ['units'],
  summary: 'Create a unit under one in your scope (admins: anywhere), with its kind and validity (audited)',
  middleware: [requireRole(...UNIT_KEEPERS)] as const,
  request: body(UnitInput),
  responses: { 201: json(Unit, 'Created'), ...WRITE_ERRORS },
});

export const patchUnit = createRoute({
  operationId: 'patchUnit',
  security: SESSION,
  method: 'patch',
  path: '/api/units/{id}',
  tags: ['units'],
  summary: 'Correct a unit’s code, name, kind, parent or validity; records already stored must stay inside its days (audited)',
  middleware: [requireRole(...UNIT_KEEPERS)] as const,
  request: { params: UnitParams, ...body(UnitPatch) },
  responses: { 200: json(Unit, 'Changed'), ...WRITE_ERRORS },
});

export const postUnitMerge = createRoute({
  operationId: 'postUnitMerge',
  security: SESSION,
  method: 'post',
  path: '/api/units/{id}/merge',
  tags: ['units'],
  summary: 'Merge a unit into another from a day: it ends the day before, its history counts toward the other (audited)',
  middleware: [requireRole(...UNIT_KEEPERS)] as const,
  request: { params: UnitParams, ...body(MergeInput) },
  responses: { 200: json(Unit, 'Merged'), ...WRITE_ERRORS },
});

export const postCounter = createRoute({
  operationId: 'postCounter',
  security: SESSION,
  method: 'post',
  path: '/api/units/{id}/counters',
  tags: ['units'],
  summary: 'Add a counter (quầy) to a unit in your scope (audited)',
  middleware: [requireRole(...UNIT_KEEPERS)] as const,
  request: { params: UnitParams, ...body(CounterInput) },
  responses: { 201: json(Counter, 'Added'), ...WRITE_ERRORS },
});

export const patchCounter = createRoute({
  operationId: 'patchCounter',
  security: SESSION,
  method: 'patch',
  path: '/api/counters/{id}',
  tags: ['units'],
  summary: 'Rename or recode a counter of a unit in your scope (audited)',
  middleware: [requireRole(...UNIT_KEEPERS)] as const,
  request: { params: UnitParams, ...body(CounterPatch) },
  responses: { 200: json(Counter, 'Changed'), ...WRITE_ERRORS },
});

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
  app.use('/api/counters/*', requireUser(deps));
  const actor = (c: Context<AppEnv>) => ({ userId: c.get('user').id, scope: c.get('scope') });
  app.openapi(getUnits, async (c) => c.json(await unitsIn(deps, c.get('scope')), 200));
  app.openapi(postUnit, async (c) => c.json(await createUnit(deps, actor(c), c.req.valid('json')), 201));
  app.openapi(patchUnit, async (c) => c.json(await updateUnit(deps, actor(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(postUnitMerge, async (c) => c.json(await mergeUnit(deps, actor(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(postCounter, async (c) => c.json(await createCounter(deps, actor(c), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(patchCounter, async (c) => c.json(await updateCounter(deps, actor(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(getRatingSummary, async (c) =>
    c.json(await ratingSummary(deps, c.get('scope'), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  return app;
}
