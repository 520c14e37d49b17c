import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { STORED_METHODS } from '../indices/schemas.js';
import { storedMethod } from '../indices/service.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errors, UNIT_QUERY_ERRORS } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';
import { UNIT_KINDS } from '../platform/vocabulary.js';
import { accessibleUnit } from '../units/access.js';
import { renderReport } from './pdf.js';
import { parentReport, unitReport } from './service.js';

const ReportQuery = z.object({
  definition: z.enum(STORED_METHODS),
  unit: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ description: 'The unit reported on (for units.pdf: the parent whose units are reported)' }),
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z
    .enum(UNIT_KINDS)
    .optional()
    .openapi({ description: 'units.pdf: every unit of this kind below the unit, instead of its direct children' }),
});

export function reportRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/reports/*', requireUser(deps));
  const ERRORS = UNIT_QUERY_ERRORS;
  const pdf = { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string() } } }, ...ERRORS };

  const load = async (c: Context<AppEnv>, q: z.infer<typeof ReportQuery>) => {
    if (q.to < q.from) throw errors.periodBackwards;
    return { unit: await accessibleUnit(deps, c.get('scope'), q.unit, 'unit'), definition: storedMethod(q.definition) };
  };
  const send = (c: Context<AppEnv>, body: Buffer, name: string) =>
    c.body(new Uint8Array(body), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}.pdf"` });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/reports/unit.pdf',
      tags: ['reports'],
      summary: 'One unit’s report as a PDF to sign',
      request: { query: ReportQuery },
      responses: pdf,
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { unit, definition } = await load(c, q);
      return send(
        c,
        await renderReport(await unitReport(deps, definition, unit, q)),
        `bao-cao-${q.definition}-${unit.id}-${q.from}-${q.to}`,
      );
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
      const { unit, definition } = await load(c, q);
      return send(
        c,
        await renderReport(await parentReport(deps, c.get('scope'), definition, unit, q, q.kind)),
        `bao-cao-${q.definition}-cac-don-vi-${unit.id}-${q.from}-${q.to}`,
      );
    },
  );
  return app;
}
