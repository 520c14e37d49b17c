import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { getDefinition } from '../../engine/index.js';
import { assertInScope } from '../auth/scope.js';
import { requireUser } from '../auth/session.js';
import type { AppDeps, AppEnv } from '../context.js';
import { UNIT_KINDS, units } from '../db/schema.js';
import { errorResponse, errors } from '../errors.js';
import { STORED_METHODS } from '../indices.js';
import { renderReport } from '../pdf/report.js';
import { parentReport, unitReport } from '../reports.js';
import { newRouter } from '../router.js';

const ReportQuery = z.object({
  definition: z.enum(STORED_METHODS),
  unit: z.coerce.number().int().positive().openapi({ description: 'The unit reported on (for units.pdf: the parent whose units are reported)' }),
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z.enum(UNIT_KINDS).optional().openapi({ description: 'units.pdf: every unit of this kind below the unit, instead of its direct children' }),
});

export function reportRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/reports/*', requireUser(deps));
  const ERRORS = { 401: errorResponse('Not signed in'), 403: errorResponse('Out of scope'), 404: errorResponse('No such unit'), 422: errorResponse('Invalid query') };
  const pdf = { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string() } } }, ...ERRORS };

  const load = (c: Context<AppEnv>, q: z.infer<typeof ReportQuery>) => {
    if (q.to < q.from) throw errors.periodBackwards;
    const unit = deps.db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, q.unit)).get();
    if (!unit) throw errors.unitNotFound('unit');
    assertInScope(c, unit.id);
    const definition = getDefinition(q.definition);
    if (!definition) throw new Error(`built-in method ${q.definition} is missing`);
    return { unit, definition };
  };
  const send = (c: Context<AppEnv>, body: Buffer, name: string) =>
    c.body(new Uint8Array(body), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"` });

  app.openapi(
    createRoute({ method: 'get', path: '/api/reports/unit.pdf', tags: ['reports'], summary: 'One unit’s report as a PDF to sign', request: { query: ReportQuery }, responses: pdf }),
    async (c) => {
      const q = c.req.valid('query');
      const { unit, definition } = load(c, q);
      return send(c, await renderReport(unitReport(deps, definition, unit, q)), `bao-cao-${q.definition}-${unit.id}-${q.from}-${q.to}`);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/reports/units.pdf',
      tags: ['reports'],
      summary: 'The report of every unit below a unit, ranked, with a page per unit, as one PDF',
      request: { query: ReportQuery },
      responses: pdf,
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { unit, definition } = load(c, q);
      return send(c, await renderReport(parentReport(deps, c.get('scope'), definition, unit, q, q.kind)), `bao-cao-${q.definition}-cac-don-vi-${unit.id}-${q.from}-${q.to}`);
    },
  );
  return app;
}
