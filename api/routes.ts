import { alertRoutes } from './alerts/routes.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { callbackRoutes } from './callbacks/routes.js';
import { compareRoutes } from './compare/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { dossierRoutes } from './dossiers/routes.js';
import { healthRoutes } from './health/routes.js';
import { importRoutes } from './imports/routes.js';
import { indexRoutes } from './indices/routes.js';
import { kioskRoutes } from './kiosks/routes.js';
import { methodRoutes } from './methods/routes.js';
import { nameRoutes } from './names/routes.js';
import { parRoutes } from './par/routes.js';
import type { AppDeps } from './platform/context.js';
import { bodyLimits, sameOriginWrites } from './platform/http.js';
import { registerSecuritySchemes } from './platform/openapi.js';
import { newRouter } from './platform/router.js';
import { procedureRoutes } from './procedures/routes.js';
import { rankingRoutes } from './rankings/routes.js';
import { ratingHoldRoutes } from './rating-holds/routes.js';
import { ratingRoutes } from './ratings/routes.js';
import { reportRoutes } from './reports/routes.js';
import { serviceAccountRoutes } from './service-accounts/routes.js';
import { surveyRoutes } from './surveys/routes.js';
import { unitRoutes } from './units/routes.js';
import { userRoutes } from './users/routes.js';
import { verifyRoutes } from './verify/routes.js';
import { webhookRoutes } from './webhooks/routes.js';

const FEATURES = [
  healthRoutes,
  authRoutes,
  ratingRoutes,
  ratingHoldRoutes,
  kioskRoutes,
  callbackRoutes,
  unitRoutes,
  methodRoutes,
  verifyRoutes,
  indexRoutes,
  userRoutes,
  serviceAccountRoutes,
  auditRoutes,
  importRoutes,
  nameRoutes,
  procedureRoutes,
  dossierRoutes,
  surveyRoutes,
  parRoutes,
  rankingRoutes,
  dashboardRoutes,
  compareRoutes,
  reportRoutes,
  alertRoutes,
  webhookRoutes,
];

/** Every /api route of every feature, and the OpenAPI document that describes them. */
export function apiRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/*', sameOriginWrites(deps), bodyLimits());
  for (const routes of FEATURES) app.route('/', routes(deps));
  registerSecuritySchemes(app.openAPIRegistry);
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/', description: 'The server this document came from' }],
    info: {
      title: 'SIPAS / PAR index engine API',
      version: '0.1.0',
      description:
        'Rating capture for one-stop counters and online services. Errors answer { error: { code, message: { vi, en }, fields } }.',
    },
  });
  return app;
}
