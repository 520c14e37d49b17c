import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { UNIT_QUERY_ERRORS } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { preamble, sendCsv, sendXlsx, XLSX } from '../platform/sheets.js';
import { comparisonWords } from '../platform/vocabulary.js';
import { CompareQuery, Comparison } from './schemas.js';
import { comparisonSheet, loadComparison } from './service.js';

export const getComparison = createRoute({
  operationId: 'getComparison',
  security: SESSION,
  method: 'get',
  path: '/api/compare',
  tags: ['reports'],
  summary: 'Two to ten units side by side: headline and parts, who leads each part and whether the lead is more than chance',
  request: { query: CompareQuery },
  responses: {
    200: { description: 'Comparison', content: { 'application/json': { schema: Comparison } } },
    ...UNIT_QUERY_ERRORS,
  },
});

export const getComparisonXlsx = createRoute({
  operationId: 'getComparisonXlsx',
  security: SESSION,
  method: 'get',
  path: '/api/compare.xlsx',
  tags: ['reports'],
  summary: 'The same comparison as an Excel workbook',
  request: { query: CompareQuery },
  responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: z.string() } } }, ...UNIT_QUERY_ERRORS },
});

export const getComparisonCsv = createRoute({
  operationId: 'getComparisonCsv',
  security: SESSION,
  method: 'get',
  path: '/api/compare.csv',
  tags: ['reports'],
  summary: 'The same comparison as CSV for Excel (UTF-8 with BOM)',
  request: { query: CompareQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...UNIT_QUERY_ERRORS },
});

export function compareRoutes(deps: AppDeps) {
  const app = newRouter();
  for (const path of ['/api/compare', '/api/compare.xlsx', '/api/compare.csv']) app.use(path, requireUser(deps));

  app.openapi(getComparison, async (c) => c.json(await loadComparison(deps, c.get('scope'), c.req.valid('query')), 200));

  app.openapi(getComparisonXlsx, async (c) => {
    const q = c.req.valid('query');
    const comparison = await loadComparison(deps, c.get('scope'), q);
    return sendXlsx(c, [comparisonSheet(comparison)], `so-sanh-${q.definition}-${q.from}-${q.to}`, [
      ...preamble(
        `So sánh ${comparison.definition.title.vi}`,
        comparison.units.map((u) => u.name).join('; '),
        comparison.period,
        comparison.definition.title.vi,
      ),
      ...(comparison.rows[0] ? [comparisonWords(comparison.rows[0].comparisons).vi] : []),
    ]);
  });

  app.openapi(getComparisonCsv, async (c) => {
    const q = c.req.valid('query');
    return sendCsv(c, comparisonSheet(await loadComparison(deps, c.get('scope'), q)), `so-sanh-${q.definition}-${q.from}-${q.to}`);
  });
  return app;
}
