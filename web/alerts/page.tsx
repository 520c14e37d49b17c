import { Hono } from 'hono';
import { AlertQuery } from '../../api/alerts/schemas.js';
import { loadAlerts } from '../../api/alerts/service.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { loadPage, PageError } from '../platform/filters.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';
import { AlertTable } from './table.js';

export function alertsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/alerts', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const { form, result } = await loadPage(AlertQuery, { status: 'open' }, c.req.query(), (q) => loadAlerts(deps, c.get('scope'), q));
    const alerts = result.ok ? result.value : [];
    const status = form.status ?? 'open';
    return c.html(
      <Layout lang={lang} title={TEXT.alerts[lang]} bodyClass="page report" scripts={['/public/alerts.js']}>
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.alerts[lang]}</h1>
          <p class="hint">{TEXT.alertNote[lang]}</p>
          <p>
            <a href={`/staff/alerts?status=${status === 'open' ? 'all' : 'open'}${lang === 'en' ? '&lang=en' : ''}`}>
              {status === 'open' ? TEXT.showAllAlerts[lang] : TEXT.showOpenAlerts[lang]}
            </a>
          </p>
          {result.ok ? null : <PageError lang={lang} error={result.error} />}
          {alerts.length === 0 ? (
            <p>{TEXT.noAlerts[lang]}</p>
          ) : (
            <AlertTable lang={lang} alerts={alerts} canAcknowledge={user.role === 'admin' || user.role === 'home_affairs'} />
          )}
          <p class="downloads">
            <a href={`/api/alerts.csv?${new URLSearchParams({ status })}`}>{TEXT.downloadCsv[lang]}</a>
            <a href={`/api/alerts.xlsx?${new URLSearchParams({ status })}`}>{TEXT.downloadXlsx[lang]}</a>
          </p>
        </main>
      </Layout>,
      // A refused query answers with the refusal's status, the page explaining it.
      result.ok ? 200 : result.error.status,
    );
  });
  return app;
}
