import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireUserOrKey } from '../platform/auth/service-key.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { UNIT_QUERY_ERRORS } from '../platform/errors.js';
import { SESSION_OR_KEY } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { USER_ROLES } from '../platform/vocabulary.js';
import { ReportQuery } from './schemas.js';
import { reportPdf } from './service.js';

const PDF = {
  200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
  ...UNIT_QUERY_ERRORS,
};

export const getUnitReport = createRoute({
  operationId: 'getUnitReport',
  method: 'get',
  path: '/api/reports/unit.pdf',
  tags: ['reports'],
  summary: 'One unit’s report as a PDF to sign (staff, or a service key with reports:read)',
  security: SESSION_OR_KEY,
  request: { query: ReportQuery },
  responses: PDF,
});

export const getUnitsReport = createRoute({
  operationId: 'getUnitsReport',
  method: 'get',
  path: '/api/reports/units.pdf',
  tags: ['reports'],
  summary: 'The report of every unit below a unit, ranked block by block, as one PDF (staff, or a service key with reports:read)',
  security: SESSION_OR_KEY,
  request: { query: ReportQuery },
  responses: PDF,
});

const send = (c: Context<AppEnv>, { pdf, filename }: { pdf: Buffer; filename: string }) =>
  c.body(new Uint8Array(pdf), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${filename}"` });

export function reportRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/reports/*', requireUserOrKey(deps, 'reports:read', USER_ROLES));
  app.openapi(getUnitReport, async (c) => send(c, await reportPdf(deps, c.get('scope'), c.req.valid('query'), 'unit')));
  app.openapi(getUnitsReport, async (c) => send(c, await reportPdf(deps, c.get('scope'), c.req.valid('query'), 'units')));
  return app;
}
