import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, eq, gte, lt, type SQL } from 'drizzle-orm';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { ratings, units } from '../platform/db/schema.js';
import { ApiError, errors } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';
import { vnDayEnd, vnDayStart } from '../platform/time.js';
import { RATING_CHANNELS } from '../platform/vocabulary.js';
import { accessibleUnit, canAccess } from './access.js';
import { IsoDate, type LevelCounts, RatingSummary, Unit } from './schemas.js';

const emptyLevels = (): LevelCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

export function unitRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/units', requireUser(deps));
  app.use('/api/units/*', requireUser(deps));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/units',
      tags: ['units'],
      summary: 'Administrative units in the caller’s scope (the tree, past and present)',
      responses: {
        200: { description: 'Units', content: { 'application/json': { schema: z.array(Unit) } } },
        401: { description: 'Not signed in', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    async (c) => {
      const scope = c.get('scope');
      return c.json(
        (await deps.store.db.select().from(units).orderBy(asc(units.id)).all()).filter((u) => canAccess(scope, u.id)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/units/{id}/ratings/summary',
      tags: ['units'],
      summary: 'Counts of ratings per level and channel for one unit and period',
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        query: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }),
      },
      responses: {
        200: { description: 'Counts', content: { 'application/json': { schema: RatingSummary } } },
        401: { description: 'Not signed in', content: { 'application/json': { schema: ApiError } } },
        403: { description: 'Unit outside the caller’s scope', content: { 'application/json': { schema: ApiError } } },
        404: { description: 'No such unit', content: { 'application/json': { schema: ApiError } } },
        422: { description: 'Invalid fields', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      if (from && to && to < from) throw errors.periodBackwards;
      const unit = await accessibleUnit(deps, c.get('scope'), id, 'id');

      const where: SQL[] = [eq(ratings.unitId, id)];
      if (from) where.push(gte(ratings.ratedAt, new Date(vnDayStart(from))));
      if (to) where.push(lt(ratings.ratedAt, new Date(vnDayEnd(to))));
      const rows = await deps.store.db
        .select({ channel: ratings.channel, level: ratings.level, counted: ratings.counted, n: count() })
        .from(ratings)
        .where(and(...where))
        .groupBy(ratings.channel, ratings.level, ratings.counted)
        .all();

      const levels = emptyLevels();
      const channels = Object.fromEntries(RATING_CHANNELS.map((ch) => [ch, { total: 0, levels: emptyLevels() }])) as Record<
        (typeof RATING_CHANNELS)[number],
        { total: number; levels: LevelCounts }
      >;
      let total = 0;
      let notCounted = 0;
      for (const r of rows) {
        if (!r.counted) {
          notCounted += r.n;
          continue;
        }
        const key = String(r.level) as keyof LevelCounts;
        levels[key] += r.n;
        channels[r.channel].levels[key] += r.n;
        channels[r.channel].total += r.n;
        total += r.n;
      }
      return c.json({ unit, from: from ?? null, to: to ?? null, total, notCounted, levels, channels }, 200);
    },
  );
  return app;
}
