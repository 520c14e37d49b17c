import { Hono } from 'hono';
import type { AppDeps } from '../api/platform/context.js';
import { notFound, onError, securityHeaders } from '../api/platform/http.js';
import { apiRoutes } from '../api/routes.js';
import { webRoutes } from '../web/routes.js';

/** The composition root: the platform's error handling and headers around the API and the pages. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError(onError);
  app.use('*', securityHeaders());
  app.notFound(notFound);
  app.route('/', apiRoutes(deps));
  app.route('/', webRoutes(deps));
  return app;
}
