import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { SESSION_COOKIE } from './auth/session.js';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webRoutes } from '../web/routes.js';
import { alertsPage } from '../web/alerts.js';
import { comparePage } from '../web/compare.js';
import { dashboardPage } from '../web/dashboard.js';
import { rankingPage } from '../web/reports.js';
import { staffRoutes } from '../web/staff.js';
import type { AppDeps } from './context.js';
import { type Bilingual, HttpError, errorBody, sendError } from './errors.js';
import { newRouter } from './router.js';
import { alertRoutes } from './routes/alerts.js';
import { auditRoutes } from './routes/audit.js';
import { compareRoutes } from './routes/compare.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/imports.js';
import { indexRoutes } from './routes/indices.js';
import { methodRoutes } from './routes/methods.js';
import { parRoutes } from './routes/par.js';
import { rankingRoutes } from './routes/rankings.js';
import { reportRoutes } from './routes/reports.js';
import { ratingRoutes } from './routes/ratings.js';
import { surveyRoutes } from './routes/surveys.js';
import { transactionRoutes } from './routes/transactions.js';
import { unitRoutes } from './routes/units.js';
import { userRoutes } from './routes/users.js';
import { webhookRoutes } from './routes/webhooks.js';

const PUBLIC_DIR = fileURLToPath(new URL('../web/public', import.meta.url));
const CHART_JS = fileURLToPath(new URL('../node_modules/chart.js/dist/chart.umd.min.js', import.meta.url));

/** Hono's own 400/415 (unreadable body, wrong content type) in the API's error shape. */
function describeHttpException(status: number): [string, Bilingual] {
  if (status === 400) return ['malformed_body', { vi: 'Nội dung gửi lên không phải JSON hợp lệ', en: 'The request body is not valid JSON' }];
  if (status === 415) {
    return ['unsupported_media_type', { vi: 'Cần gửi dữ liệu JSON (Content-Type: application/json)', en: 'Send JSON (Content-Type: application/json)' }];
  }
  return ['bad_request', { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' }];
}

const CROSS_SITE = new HttpError(403, 'cross_site_request', {
  vi: 'Yêu cầu từ trang web khác bị từ chối',
  en: 'Requests from another site are refused',
});

/**
 * A write that carries the session cookie must come from our own pages (CSRF defence beside
 * SameSite=Lax and the JSON-only bodies); cookie-less callers such as other systems are unaffected.
 */
function sameOriginWrites(deps: AppDeps): MiddlewareHandler {
  const safe = new Set(['GET', 'HEAD', 'OPTIONS']);
  return async (c, next) => {
    if (!safe.has(c.req.method) && getCookie(c, SESSION_COOKIE)) {
      const origin = c.req.header('origin');
      const allowed = [new URL(c.req.url).origin, deps.env.PUBLIC_BASE_URL ? new URL(deps.env.PUBLIC_BASE_URL).origin : null];
      if (origin && !allowed.includes(origin)) return sendError(c, CROSS_SITE);
    }
    await next();
  };
}

export function createApp(deps: AppDeps) {
  const app = newRouter();

  app.onError((err, c) => {
    if (err instanceof HttpError) return sendError(c, err);
    if (err instanceof HTTPException) return c.json(errorBody(...describeHttpException(err.status)), err.status);
    console.error(err);
    return c.json(errorBody('internal', { vi: 'Lỗi hệ thống, vui lòng thử lại', en: 'Internal error, please try again' }), 500);
  });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // Rating links carry a token in their path: never send it on as a Referer.
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
    }),
  );
  app.use('/api/*', sameOriginWrites(deps));

  app.notFound((c) =>
    c.json(errorBody('not_found', { vi: 'Không tìm thấy địa chỉ này', en: 'No such address' }), 404),
  );

  app.use('/public/*', serveStatic({ root: relative(process.cwd(), PUBLIC_DIR), rewriteRequestPath: (p) => p.replace(/^\/public/, '') }));
  // Chart.js from the installed package: offices may be offline, and no page loads from a CDN.
  app.use('/vendor/chart.umd.js', serveStatic({ path: relative(process.cwd(), CHART_JS) }));

  for (const routes of [healthRoutes, authRoutes, ratingRoutes, transactionRoutes, unitRoutes, methodRoutes, indexRoutes, userRoutes, auditRoutes, importRoutes, surveyRoutes, parRoutes, rankingRoutes, dashboardRoutes, compareRoutes, reportRoutes, alertRoutes, webhookRoutes]) {
    app.route('/', routes(deps));
  }
  app.route('/', webRoutes(deps));
  app.route('/', staffRoutes(deps));
  app.route('/', rankingPage(deps));
  app.route('/', dashboardPage(deps));
  app.route('/', comparePage(deps));
  app.route('/', alertsPage(deps));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'SIPAS / PAR index engine API',
      version: '0.1.0',
      description:
        'Rating capture for one-stop counters and online services. Errors answer { error: { code, message: { vi, en }, fields } }.',
    },
  });
  return app;
}
