import { createRoute, z } from '@hono/zod-openapi';
import { unitInScope } from '../auth/scope.js';
import { requireUser } from '../auth/session.js';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { UNIT_KINDS } from '../db/schema.js';
import { UNIT_QUERY_ERRORS, errors } from '../errors.js';
import { STORED_METHODS, storedMethod } from '../indices.js';
import { rankChildren, rankingSheet } from '../rankings.js';
import { XLSX, sendCsv, sendXlsx } from '../sheets.js';
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
  const ERRORS = UNIT_QUERY_ERRORS;

  const rank = async (c: Context<AppEnv>, q: z.infer<typeof RankingQuery>) => {
    if (q.to < q.from) throw errors.periodBackwards;
    const parent = await unitInScope(c, deps, q.parent, 'parent');
    const definition = storedMethod(q.definition);
    return { parent, definition, ranking: await rankChildren(deps, c.get('scope'), definition, parent.id, q, q.kind) };
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
    async (c) => {
      const q = c.req.valid('query');
      const { parent, definition, ranking } = await rank(c, q);
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
    async (c) => {
      const q = c.req.valid('query');
      const { ranking } = await rank(c, q);
      return sendCsv(c, rankingSheet(ranking), `xep-hang-${q.definition}-${q.from}-${q.to}`);
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
      const { ranking } = await rank(c, q);
      return sendXlsx(c, [rankingSheet(ranking)], `xep-hang-${q.definition}-${q.from}-${q.to}`);
    },
  );
  return app;
}
