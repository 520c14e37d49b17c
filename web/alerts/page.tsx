import { Hono } from 'hono';
import { listAlerts } from '../../api/alerts/service.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, PageHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';
import { AlertTable } from './table.js';

export function alertsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/alerts', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const status = c.req.query('status') === 'all' ? 'all' : 'open';
    const alerts = await listAlerts(deps, c.get('scope'), status);
    return c.html(
      <Layout lang={lang} title={TEXT.alerts[lang]} bodyClass="page report" scripts={['/public/alerts.js']}>
        <main>
          <PageHead lang={lang} user={user.displayName} />
          <h1>{TEXT.alerts[lang]}</h1>
          <p class="hint">{TEXT.alertNote[lang]}</p>
          <p>
            <a href={`/staff/alerts?status=${status === 'open' ? 'all' : 'open'}${lang === 'en' ? '&lang=en' : ''}`}>
              {status === 'open' ? TEXT.showAllAlerts[lang] : TEXT.showOpenAlerts[lang]}
            </a>
          </p>
          {alerts.length === 0 ? (
            <p>{TEXT.noAlerts[lang]}</p>
          ) : (
            <AlertTable lang={lang} alerts={alerts} canAcknowledge={user.role === 'admin' || user.role === 'home_affairs'} />
          )}
          <p class="downloads">
            <a href={`/api/alerts.csv?status=${status}`}>{TEXT.downloadCsv[lang]}</a>
            <a href={`/api/alerts.xlsx?status=${status}`}>{TEXT.downloadXlsx[lang]}</a>
          </p>
        </main>
      </Layout>,
    );
  });
  return app;
}
