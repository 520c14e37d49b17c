import { createRoute, z } from '@hono/zod-openapi';
import { inArray } from 'drizzle-orm';
import { assertInScope } from '../auth/scope.js';
import { requireUser } from '../auth/session.js';
import { compareUnits, comparisonSheet } from '../compare.js';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { units } from '../db/schema.js';
import { UNIT_QUERY_ERRORS, errors } from '../errors.js';
import { STORED_METHODS, storedMethod } from '../indices.js';
import { newRouter } from '../router.js';
import { XLSX, sendCsv, sendXlsx } from '../sheets.js';

const UNITS_LIST = { vi: 'Chọn từ 2 đến 10 đơn vị khác nhau', en: 'Choose 2 to 10 different units' };

export const CompareQuery = z.object({
  definition: z.enum(STORED_METHODS),
  units: z
    .string()
    .transform((s) => s.split(',').map((id) => (/^\d+$/.test(id) ? Number(id) : Number.NaN)))
    .refine((ids) => ids.every((id) => id > 0) && ids.length >= 2 && ids.length <= 10 && new Set(ids).size === ids.length, {
      params: UNITS_LIST,
      message: UNITS_LIST.en,
    })
    .openapi({ description: 'Unit ids, comma-separated (2 to 10)', example: '3,4,5' }),
  from: z.iso.date(),
  to: z.iso.date(),
});

export function compareRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/compare', requireUser(deps));
  app.use('/api/compare.xlsx', requireUser(deps));
  app.use('/api/compare.csv', requireUser(deps));
  const ERRORS = UNIT_QUERY_ERRORS;
  const load = async (c: Context<AppEnv>, q: z.infer<typeof CompareQuery>) => {
    if (q.to < q.from) throw errors.periodBackwards;
    const found = new Set((await deps.store.db.select({ id: units.id }).from(units).where(inArray(units.id, q.units)).all()).map((u) => u.id));
    for (const id of q.units) {
      if (!found.has(id)) throw errors.unitNotFound('units');
      assertInScope(c, id);
    }
    return compareUnits(deps, storedMethod(q.definition), q.units, q);
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/compare',
      tags: ['reports'],
      summary: 'Two to ten units side by side: headline and parts, who leads each part and whether the lead is more than chance',
      request: { query: CompareQuery },
      responses: { 200: { description: 'Comparison', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...ERRORS },
    }),
    async (c) => c.json(await load(c, c.req.valid('query')) as unknown as Record<string, unknown>, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/compare.xlsx',
      tags: ['reports'],
      summary: 'The same comparison as an Excel workbook',
      request: { query: CompareQuery },
      responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: z.string() } } }, ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return sendXlsx(c, [comparisonSheet(await load(c, q))], `so-sanh-${q.definition}-${q.from}-${q.to}`);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/compare.csv',
      tags: ['reports'],
      summary: 'The same comparison as CSV for Excel (UTF-8 with BOM)',
      request: { query: CompareQuery },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return sendCsv(c, comparisonSheet(await load(c, q)), `so-sanh-${q.definition}-${q.from}-${q.to}`);
    },
  );
  return app;
}
