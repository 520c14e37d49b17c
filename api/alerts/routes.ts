import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';
import { sendCsv, sendXlsx, XLSX } from '../platform/sheets.js';
import { unitsMakingUp } from '../units/tree.js';
import { acknowledgeAlert, alertsSheet, listAlerts, scanAlerts } from './service.js';

const json = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });
const COMMENT = { vi: 'Cần ghi nhận xét (1–2000 ký tự)', en: 'Write a comment (1–2000 characters)' };

const AlertQuery = z.object({
  status: z.enum(['open', 'acknowledged', 'all']).default('open'),
  unit: z.coerce.number().int().positive().optional().openapi({ description: 'Only this unit and the units below it' }),
});

export function alertRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/alerts', requireUser(deps));
  app.use('/api/alerts/*', requireUser(deps));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/alerts',
      tags: ['alerts'],
      summary: 'Alerts on units in your scope (or below one unit), newest first, with their acknowledgement history',
      request: { query: AlertQuery },
      responses: {
        200: { description: 'Alerts', content: { 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } } },
        401: errorResponse('Not signed in'),
        422: errorResponse('Invalid query'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const unitIds = q.unit ? await unitsMakingUp(deps, q.unit, { subtree: true, currentBoundaries: true }) : undefined;
      return c.json((await listAlerts(deps, c.get('scope'), q.status, unitIds)) as unknown as Record<string, unknown>[], 200);
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.use(`/api/alerts.${format}`, requireUser(deps));
    app.openapi(
      createRoute({
        method: 'get',
        path: `/api/alerts.${format}`,
        tags: ['alerts'],
        summary: `The same alerts as ${format === 'csv' ? 'CSV for Excel (UTF-8 with BOM)' : 'an Excel workbook'}`,
        request: { query: AlertQuery },
        responses: {
          200: { description: format.toUpperCase(), content: { [format === 'csv' ? 'text/csv' : XLSX]: { schema: z.string() } } },
          401: errorResponse('Not signed in'),
          422: errorResponse('Invalid query'),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const sheet = alertsSheet(
          await listAlerts(
            deps,
            c.get('scope'),
            q.status,
            q.unit ? await unitsMakingUp(deps, q.unit, { subtree: true, currentBoundaries: true }) : undefined,
          ),
        );
        return format === 'csv' ? sendCsv(c, sheet, 'canh-bao') : await sendXlsx(c, [sheet], 'canh-bao');
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/alerts/scan',
      tags: ['alerts'],
      summary: 'Scan every unit and counter now (the server also scans every ALERT_SCAN_MINUTES)',
      middleware: [requireRole('admin', 'home_affairs')] as const,
      responses: { 200: json('Alerts raised and updated'), 401: errorResponse('Not signed in'), 403: errorResponse('Not allowed') },
    }),
    async (c) => c.json(await scanAlerts(deps), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/alerts/{id}/acknowledge',
      tags: ['alerts'],
      summary: 'Acknowledge an alert with a comment (kept as history)',
      middleware: [requireRole('admin', 'home_affairs')] as const,
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                comment: z
                  .string()
                  .transform((s) => s.normalize('NFC').trim())
                  .refine((s) => s.length >= 1 && s.length <= 2000, { params: COMMENT, message: COMMENT.en }),
              }),
            },
          },
        },
      },
      responses: {
        200: json('Acknowledged'),
        401: errorResponse('Not signed in'),
        403: errorResponse('Not allowed'),
        404: errorResponse('No such alert'),
        422: errorResponse('Invalid fields'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await acknowledgeAlert(deps, c.get('scope'), c.get('user').id, id, c.req.valid('json').comment);
      return c.json({ id, status: 'acknowledged' }, 200);
    },
  );
  return app;
}
