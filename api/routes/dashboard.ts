import { createRoute, z } from '@hono/zod-openapi';
import { listAlerts } from '../alerts.js';
import { unitInScope } from '../auth/scope.js';
import { requireUser } from '../auth/session.js';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { DASHBOARD_TABLES, TREND_STEPS, dashboardSheets, unitDashboard } from '../dashboard.js';
import { UNIT_QUERY_ERRORS, errors } from '../errors.js';
import { unitsInScope } from '../indices.js';
import { newRouter } from '../router.js';
import { XLSX, sendCsv, sendXlsx } from '../sheets.js';

export const DashboardQuery = z.object({
  unit: z.coerce.number().int().positive().openapi({ description: 'The unit (with the units below it and those merged into it)' }),
  from: z.iso.date(),
  to: z.iso.date(),
  trend: z.enum(TREND_STEPS).default('month').openapi({ description: 'Trend by month, quarter or year' }),
});

export function dashboardRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/dashboard', requireUser(deps));
  app.use('/api/dashboard.xlsx', requireUser(deps));
  app.use('/api/dashboard.csv', requireUser(deps));
  const ERRORS = UNIT_QUERY_ERRORS;
  const load = async (c: Context<AppEnv>, q: z.infer<typeof DashboardQuery>) => {
    if (q.to < q.from) throw errors.periodBackwards;
    const unit = await unitInScope(c, deps, q.unit, 'unit');
    const alerts = await listAlerts(deps, c.get('scope'), 'open', await unitsInScope(deps, unit.id, { subtree: true, currentBoundaries: true }));
    return { unit, ...await unitDashboard(deps, unit.id, q, q.trend), alerts };
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard',
      tags: ['reports'],
      summary: 'A unit dashboard: tap rating with coverage, trend, channels, counters, hour × weekday, reasons, comments, QĐ 766 components, SIPAS elements and criteria',
      request: { query: DashboardQuery },
      responses: { 200: { description: 'Dashboard figures', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...ERRORS },
    }),
    async (c) => c.json(await load(c, c.req.valid('query')) as unknown as Record<string, unknown>, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard.xlsx',
      tags: ['reports'],
      summary: 'Every table of the unit dashboard as an Excel workbook, a worksheet each',
      request: { query: DashboardQuery },
      responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: z.string() } } }, ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const d = await load(c, q);
      return sendXlsx(c, dashboardSheets(d), `bang-theo-doi-${d.unit.code}-${q.from}-${q.to}`);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard.csv',
      tags: ['reports'],
      summary: 'One table of the unit dashboard as CSV for Excel (UTF-8 with BOM, Vietnamese headings)',
      request: { query: DashboardQuery.extend({ table: z.enum(DASHBOARD_TABLES) }) },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const d = await load(c, q);
      const sheet = dashboardSheets(d).find((s) => s.key === q.table);
      if (!sheet) throw new Error(`dashboard table ${q.table} is missing`);
      return sendCsv(c, sheet, `bang-theo-doi-${d.unit.code}-${q.table}-${q.from}-${q.to}`);
    },
  );
  return app;
}
