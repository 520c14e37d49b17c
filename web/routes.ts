import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../api/platform/context.js';
import { FONTS } from '../api/platform/pdf/fonts.js';
import { RateLimiter } from '../api/platform/rate-limit.js';
import { alertsPage } from './alerts/page.js';
import { callbacksPage } from './callbacks/page.js';
import { comparePage } from './compare/page.js';
import { dashboardPage } from './dashboard/page.js';
import { holdsPage } from './holds/page.js';
import { homePage } from './home/page.js';
import { importsPage } from './imports/page.js';
import { kioskPage } from './kiosk/page.js';
import { kiosksPage } from './kiosks/page.js';
import { linksPage } from './links/page.js';
import { loginPage } from './login/page.js';
import { parPage } from './par/page.js';
import { rankingPage } from './ranking/page.js';
import { ratePage } from './rate/page.js';
import { serviceAccountsPage } from './service-accounts/page.js';
import { staffHomePage } from './staff/page.js';
import { surveyEntryPage } from './surveys/entry-page.js';
import { householdSurveyPage } from './surveys/household.js';
import { surveyTabletPage } from './surveys/tablet-page.js';
import { wavesPage } from './surveys/waves-page.js';
import { unitsPage } from './units/page.js';
import { usersPage } from './users/page.js';
import { webhooksPage } from './webhooks/page.js';

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
const CHART_JS = fileURLToPath(new URL('../node_modules/chart.js/dist/chart.umd.min.js', import.meta.url));

/** Each page's browser files live beside it; all are served flat under /public/ (their names are unique). */
function assets(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(js|css|svg)$/.test(e.name)) {
        if (found.has(e.name)) throw new Error(`Two browser files are named ${e.name}: ${found.get(e.name)} and ${path}`);
        found.set(e.name, path);
      }
    }
  };
  walk(dir);
  return found;
}

/** Every page and the files the browser loads. */
export function webRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const [name, path] of assets(WEB_DIR)) app.use(`/public/${name}`, serveStatic({ path: relative(process.cwd(), path) }));
  // Chart.js from the installed package: offices may be offline, and no page loads from a CDN.
  app.use('/vendor/chart.umd.js', serveStatic({ path: relative(process.cwd(), CHART_JS) }));
  // The pages' own font, the one the PDFs use: pages look the same whatever fonts a machine has.
  for (const [weight, path] of Object.entries(FONTS))
    app.use(`/vendor/fonts/be-vietnam-pro-${weight}.ttf`, serveStatic({ path: relative(process.cwd(), path) }));
  // Public pages that look a link up are limited per address together, like the rating endpoint.
  const perIp = new RateLimiter(deps, 'link-page-ip', deps.env.RATE_LIMIT_RATINGS_PER_IP, deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000);
  for (const page of [
    homePage(),
    kioskPage(deps),
    ratePage(deps, perIp),
    householdSurveyPage(deps, perIp),
    loginPage(),
    staffHomePage(deps),
    surveyEntryPage(deps),
    surveyTabletPage(deps),
    dashboardPage(deps),
    rankingPage(deps),
    comparePage(deps),
    alertsPage(deps),
    holdsPage(deps),
    linksPage(deps),
    parPage(deps),
    importsPage(deps),
    kiosksPage(deps),
    callbacksPage(deps),
    usersPage(deps),
    serviceAccountsPage(deps),
    wavesPage(deps),
    unitsPage(deps),
    webhooksPage(deps),
  ]) {
    app.route('/', page);
  }
  return app;
}
