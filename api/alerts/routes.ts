import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { sendCsv, sendXlsx, XLSX } from '../platform/sheets.js';
import { Acknowledged, Acknowledgement, Alert, AlertParams, AlertQuery, ScanResult } from './schemas.js';
import { acknowledgeAlert, alertsSheet, loadAlerts, scanAlerts } from './service.js';

const READ_ERRORS = { 401: errorResponse('Not signed in'), 422: errorResponse('Invalid query') };

export const getAlerts = createRoute({
  operationId: 'getAlerts',
  security: SESSION,
  method: 'get',
  path: '/api/alerts',
  tags: ['alerts'],
  summary: 'Alerts on units in your scope (or below one unit), newest first, with their acknowledgement history',
  request: { query: AlertQuery },
  responses: { 200: { description: 'Alerts', content: { 'application/json': { schema: z.array(Alert) } } }, ...READ_ERRORS },
});

export const getAlertsCsv = createRoute({
  operationId: 'getAlertsCsv',
  security: SESSION,
  method: 'get',
  path: '/api/alerts.csv',
  tags: ['alerts'],
  summary: 'The same alerts as CSV for Excel (UTF-8 with BOM)',
  request: { query: AlertQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...READ_ERRORS },
});

export const getAlertsXlsx = createRoute({
  operationId: 'getAlertsXlsx',
  security: SESSION,
  method: 'get',
  path: '/api/alerts.xlsx',
  tags: ['alerts'],
  summary: 'The same alerts as an Excel workbook',
  request: { query: AlertQuery },
  responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: z.string() } } }, ...READ_ERRORS },
});

export const postScan = createRoute({
  operationId: 'postScan',
  security: SESSION,
  method: 'post',
  path: '/api/alerts/scan',
  tags: ['alerts'],
  summary: 'Scan every unit and counter in the caller’s scope now (the server scans every unit every ALERT_SCAN_MINUTES)',
  middleware: [requireRole('admin', 'home_affairs')] as const,
  responses: {
    200: { description: 'Alerts raised and updated', content: { 'application/json': { schema: ScanResult } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
  },
});

export const postAcknowledge = createRoute({
  operationId: 'postAcknowledge',
  security: SESSION,
  method: 'post',
  path: '/api/alerts/{id}/acknowledge',
  tags: ['alerts'],
  summary: 'Acknowledge an alert with a comment (kept as history)',
  middleware: [requireRole('admin', 'home_affairs')] as const,
  request: { params: AlertParams, body: { required: true, content: { 'application/json': { schema: Acknowledgement } } } },
  responses: {
    200: { description: 'Acknowledged', content: { 'application/json': { schema: Acknowledged } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such alert'),
    422: errorResponse('Invalid fields'),
  },
});

export function alertRoutes(deps: AppDeps) {
  const app = newRouter();
  for (const path of ['/api/alerts', '/api/alerts/*', '/api/alerts.csv', '/api/alerts.xlsx']) app.use(path, requireUser(deps));

  app.openapi(getAlerts, async (c) => c.json(await loadAlerts(deps, c.get('scope'), c.req.valid('query')), 200));
  app.openapi(getAlertsCsv, async (c) => sendCsv(c, alertsSheet(await loadAlerts(deps, c.get('scope'), c.req.valid('query'))), 'canh-bao'));
  app.openapi(getAlertsXlsx, async (c) =>
    sendXlsx(c, [alertsSheet(await loadAlerts(deps, c.get('scope'), c.req.valid('query')))], 'canh-bao'),
  );
  app.openapi(postScan, async (c) => c.json(await scanAlerts(deps, c.get('scope')), 200));
  app.openapi(postAcknowledge, async (c) => {
    const { id } = c.req.valid('param');
    await acknowledgeAlert(deps, c.get('scope'), c.get('user').id, id, c.req.valid('json').comment);
    return c.json({ id, status: 'acknowledged' as const }, 200);
  });
  return app;
}
