import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { UNIT_QUERY_ERRORS } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { sendCsv, sendXlsx, XLSX } from '../platform/sheets.js';
import { Ranking, RankingQuery } from './schemas.js';
import { loadRanking, rankingPreamble, rankingSheet } from './service.js';

export const getRanking = createRoute({
  operationId: 'getRanking',
  security: SESSION,
  method: 'get',
  path: '/api/rankings',
  tags: ['reports'],
  summary: 'The units below a parent, ranked: official rank, statistical tier with rank range, value, interval, n, change and band',
  request: { query: RankingQuery },
  responses: {
    200: { description: 'Ranking', content: { 'application/json': { schema: Ranking } } },
    ...UNIT_QUERY_ERRORS,
  },
});

export const getRankingCsv = createRoute({
  operationId: 'getRankingCsv',
  security: SESSION,
  method: 'get',
  path: '/api/rankings.csv',
  tags: ['reports'],
  summary: 'The same ranking as CSV for Excel (UTF-8 with BOM, Vietnamese headings)',
  request: { query: RankingQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...UNIT_QUERY_ERRORS },
});

export const getRankingXlsx = createRoute({
  operationId: 'getRankingXlsx',
  security: SESSION,
  method: 'get',
  path: '/api/rankings.xlsx',
  tags: ['reports'],
  summary: 'The same ranking as an Excel workbook',
  request: { query: RankingQuery },
  responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: z.string() } } }, ...UNIT_QUERY_ERRORS },
});

export function rankingRoutes(deps: AppDeps) {
  const app = newRouter();
  for (const path of ['/api/rankings', '/api/rankings.csv', '/api/rankings.xlsx']) app.use(path, requireUser(deps));

  app.openapi(getRanking, async (c) => c.json(await loadRanking(deps, c.get('scope'), c.req.valid('query')), 200));

  app.openapi(getRankingCsv, async (c) => {
    const q = c.req.valid('query');
    return sendCsv(c, rankingSheet(await loadRanking(deps, c.get('scope'), q)), `xep-hang-${q.definition}-${q.from}-${q.to}`);
  });

  app.openapi(getRankingXlsx, async (c) => {
    const q = c.req.valid('query');
    const ranking = await loadRanking(deps, c.get('scope'), q);
    return sendXlsx(c, [rankingSheet(ranking)], `xep-hang-${q.definition}-${q.from}-${q.to}`, rankingPreamble(ranking));
  });
  return app;
}
