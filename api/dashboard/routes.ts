import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { UNIT_QUERY_ERRORS } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { preamble, sendCsv, sendXlsx, XLSX } from '../platform/sheets.js';
import { Dashboard, DashboardQuery, DashboardTableQuery } from './schemas.js';
import { dashboardSheets, loadDashboard } from './service.js';

export const getDashboard = createRoute({
  operationId: 'getDashboard',
  security: SESSION,
  method: 'get',
  path: '/api/dashboard',
  tags: ['reports'],
  summary:
    'A unit dashboard: tap rating with coverage, trend, channels, counters, hour × weekday, reasons, comments, QĐ 766 components, SIPAS elements and criteria',
  request: { query: DashboardQuery },
  responses: {
    200: { description: 'Dashboard figures', content: { 'application/json': { schema: Dashboard } } },
    ...UNIT_QUERY_ERRORS,
  },
});

export const getDashboardXlsx = createRoute({
  operationId: 'getDashboardXlsx',
  security: SESSION,
  method: 'get',
  path: '/api/dashboard.xlsx',
  tags: ['reports'],
  summary: 'Every table of the unit dashboard as an Excel workbook, a worksheet each',
  request: { query: DashboardQuery },
  responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: z.string() } } }, ...UNIT_QUERY_ERRORS },
});

export const getDashboardCsv = createRoute({
  operationId: 'getDashboardCsv',
  security: SESSION,
  method: 'get',
  path: '/api/dashboard.csv',
  tags: ['reports'],
  summary: 'One table of the unit dashboard as CSV for Excel (UTF-8 with BOM, Vietnamese headings)',
  request: { query: DashboardTableQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...UNIT_QUERY_ERRORS },
});

export function dashboardRoutes(deps: AppDeps) {
  const app = newRouter();
  for (const path of ['/api/dashboard', '/api/dashboard.xlsx', '/api/dashboard.csv']) app.use(path, requireUser(deps));

  app.openapi(getDashboard, async (c) => c.json(await loadDashboard(deps, c.get('scope'), c.req.valid('query')), 200));

  app.openapi(getDashboardXlsx, async (c) => {
    const q = c.req.valid('query');
    const d = await loadDashboard(deps, c.get('scope'), q);
    return sendXlsx(
      c,
      dashboardSheets(d),
      `bang-theo-doi-${d.unit.code}-${q.from}-${q.to}`,
      preamble(
        'Bảng theo dõi đơn vị',
        d.unit.name,
        d.period,
        'Tỷ lệ hài lòng (đánh giá nhanh); Chỉ số SIPAS (QĐ 1001/QĐ-BNV); Chỉ số phục vụ (QĐ 766/QĐ-TTg)',
      ),
    );
  });

  app.openapi(getDashboardCsv, async (c) => {
    const q = c.req.valid('query');
    const d = await loadDashboard(deps, c.get('scope'), q);
    const sheet = dashboardSheets(d).find((s) => s.key === q.table);
    if (!sheet) throw new Error(`dashboard table ${q.table} is missing`);
    return sendCsv(c, sheet, `bang-theo-doi-${d.unit.code}-${q.table}-${q.from}-${q.to}`);
  });
  return app;
}
