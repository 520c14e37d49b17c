import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { getDefinition } from '../../engine/index.js';
import { assertInScope } from '../auth/scope.js';
import { requireUser } from '../auth/session.js';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { UNIT_KINDS, units } from '../db/schema.js';
import { errorResponse, errors } from '../errors.js';
import { STORED_METHODS } from '../indices.js';
import { rankChildren, rankingSheet } from '../rankings.js';
import { XLSX, toCsv, toXlsx } from '../sheets.js';
import { newRouter } from '../router.js';

export const RankingQuery = z.object({
  definition: z.enum(STORED_METHODS),
  parent: z.coerce.number().int().positive().openapi({ description: 'Rank the units directly below this one' }),
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z.enum(UNIT_KINDS).optional().openapi({ description: 'Rank every unit of this kind below the parent (all wards of a province) instead of its direct children' }),
});

export function rankingRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/rankings', requireUser(deps));
  app.use('/api/rankings.csv', requireUser(deps));
  app.use('/api/rankings.xlsx', requireUser(deps));
  const ERRORS = { 401: errorResponse('Not signed in'), 403: errorResponse('Out of scope'), 404: errorResponse('No such unit'), 422: errorResponse('Invalid query') };

  const rank = (c: Context<AppEnv>, q: z.infer<typeof RankingQuery>) => {
    if (q.to < q.from) throw errors.periodBackwards;
    const parent = deps.db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.id, q.parent)).get();
    if (!parent) throw errors.unitNotFound('parent');
    assertInScope(c, parent.id);
    const definition = getDefinition(q.definition);
    if (!definition) throw new Error(`built-in method ${q.definition} is missing`);
    return { parent, definition, ranking: rankChildren(deps, c.get('scope'), definition, parent.id, q, q.kind) };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rankings',
      tags: ['reports'],
      summary: 'The units below a parent, ranked: official rank, statistical tier with rank range, value, interval, n, change and band',
      request: { query: RankingQuery },
      responses: { 200: { description: 'Ranking', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...ERRORS },
    }),
    (c) => {
      const q = c.req.valid('query');
      const { parent, definition, ranking } = rank(c, q);
      return c.json(
        { definition: { id: definition.id, title: definition.title, notSipas: definition.notSipas }, parent, period: { from: q.from, to: q.to }, ...ranking } as unknown as Record<string, unknown>,
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rankings.csv',
      tags: ['reports'],
      summary: 'The same ranking as CSV for Excel (UTF-8 with BOM, Vietnamese headings)',
      request: { query: RankingQuery },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...ERRORS },
    }),
    (c) => {
      const q = c.req.valid('query');
      const { ranking } = rank(c, q);
      return c.body(toCsv(rankingSheet(ranking)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="xep-hang-${q.definition}-${q.from}-${q.to}.csv"`,
      });
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rankings.xlsx',
      tags: ['reports'],
      summary: 'The same ranking as an Excel workbook',
      request: { query: RankingQuery },
      responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: z.string() } } }, ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { ranking } = rank(c, q);
      return c.body(new Uint8Array(await toXlsx([rankingSheet(ranking)])), 200, {
        'content-type': XLSX,
        'content-disposition': `attachment; filename="xep-hang-${q.definition}-${q.from}-${q.to}.xlsx"`,
      });
    },
  );
  return app;
}
