import { createRoute, z } from '@hono/zod-openapi';
import { inArray } from 'drizzle-orm';
import { rollUp } from '../../engine/index.js';
import { engineError } from '../methods/routes.js';
import { sha256 } from '../platform/auth/secrets.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { ApiError, errors } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';
import { RATING_CHANNELS } from '../platform/vocabulary.js';
import { accessibleUnit, assertCanAccess } from '../units/access.js';
import { unitsMakingUp } from '../units/tree.js';
import { STORED_METHODS, storedInputs, storedMethod } from './service.js';

const Query = z.object({
  definition: z.enum(STORED_METHODS).openapi({ description: 'Methods computable from stored data so far' }),
  unit: z.coerce.number().int().positive(),
  from: z.iso.date(),
  to: z.iso.date(),
  scope: z.enum(['unit', 'subtree']).default('unit').openapi({ description: 'subtree: the unit and every unit below it' }),
  boundaries: z
    .enum(['as_recorded', 'current'])
    .default('as_recorded')
    .openapi({ description: 'current: pool the records of units merged into this one, to compare across a reorganisation' }),
  rollup: z.enum(['pooled', 'mean_of_units']).default('pooled'),
  channel: z.enum(RATING_CHANNELS).optional().openapi({ description: 'tap-rating only' }),
  missing: z
    .enum(['incomplete', 'exclude', 'zero'])
    .optional()
    .openapi({ description: 'Override the method’s rule for items without data (recorded in the provenance)' }),
});

export function indexRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/indices', requireUser(deps));
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/indices',
      tags: ['methods'],
      summary: 'An index computed from stored records by SQL aggregates, with n, interval and provenance',
      request: { query: Query },
      responses: {
        200: { description: 'The index', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
        401: { description: 'Not signed in', content: { 'application/json': { schema: ApiError } } },
        403: { description: 'Unit outside the caller’s scope', content: { 'application/json': { schema: ApiError } } },
        404: { description: 'No such unit', content: { 'application/json': { schema: ApiError } } },
        422: { description: 'Invalid query', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if (q.to < q.from) throw errors.periodBackwards;
      const unit = await accessibleUnit(deps, c.get('scope'), q.unit, 'unit');
      const definition = storedMethod(q.definition);
      const ids = await unitsMakingUp(deps, unit.id, { subtree: q.scope === 'subtree', currentBoundaries: q.boundaries === 'current' });
      assertCanAccess(c.get('scope'), ...ids);
      const { perUnit, reported, survey } = await storedInputs(deps, definition, ids, q, q.channel);
      const settings = q.missing ? { 'options.missing': q.missing } : {};
      try {
        // Reported shares (perceptions, expectations) are pooled over respondents; a mean of units has none.
        const result = rollUp(definition, perUnit, q.rollup, {
          settings,
          hash: sha256,
          ...(reported && q.rollup === 'pooled' ? { reported } : {}),
        });
        const members = await deps.store.db
          .select({ id: units.id, code: units.code, name: units.name })
          .from(units)
          .where(inArray(units.id, ids))
          .all();
        return c.json(
          {
            definition: { id: definition.id, version: definition.version, title: definition.title, notSipas: definition.notSipas },
            unit,
            period: { from: q.from, to: q.to },
            scope: q.scope,
            boundaries: q.boundaries,
            members,
            ...(survey ? { survey } : {}),
            ...result,
          } as unknown as Record<string, unknown>,
          200,
        );
      } catch (error) {
        engineError(error, '');
      }
    },
  );
  return app;
}
