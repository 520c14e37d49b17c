import { type Context, Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import type { AppDeps } from '../api/platform/context.js';
import { notFound, onError, securityHeaders } from '../api/platform/http.js';
import { replicaReads } from '../api/platform/replica-reads.js';
import { apiRoutes } from '../api/routes.js';
import { pageError, pageNotFound } from '../web/platform/error-page.js';
import { webRoutes } from '../web/routes.js';

/** The API answers in JSON, pages and their files as pages. */
const isApi = (c: Context) => c.req.path.startsWith('/api/');

/** The composition root: the platform's error handling and headers around the API and the pages. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError((err, c) => (isApi(c) ? onError(err, c) : pageError(err, c)));
  // Pages read their own address while rendering (the language switch keeps the page's filters);
  // the API does not, and its requests skip the async context's cost.
  const pageContext = contextStorage();
  app.use('*', (c, next) => (isApi(c) ? next() : pageContext(c, next)), securityHeaders(deps), replicaReads(deps));
  app.notFound((c) => (isApi(c) ? notFound(c) : pageNotFound(c)));
  app.route('/', apiRoutes(deps));
  app.route('/', webRoutes(deps));
  return app;
}
