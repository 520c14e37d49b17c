import { Hono } from 'hono';
import { listAlerts } from '../api/alerts.js';
import { scopeOf } from '../api/auth/scope.js';
import { sessionUser } from '../api/auth/session.js';
import type { AppDeps, AppEnv } from '../api/context.js';
import { vnDateTime } from '../api/time.js';
import { count, number } from './format.js';
import { type Lang, TEXT, langOf } from './i18n.js';
import { Layout, PageHead } from './layout.js';

type Alert = Awaited<ReturnType<typeof listAlerts>>[number];

/** Alerts as a table: where, the fall from baseline with both n, the test, and the history of notes. */
export function AlertTable(props: { lang: Lang; alerts: Alert[]; canAcknowledge: boolean }) {
  const { lang } = props;
  return (
    <table class="data alerts" id="alerts-table">
      <thead>
        <tr>
          <th>{TEXT.unit[lang]}</th>
          <th class="num">{TEXT.recent[lang]}</th>
          <th class="num">{TEXT.baseline[lang]}</th>
          <th class="num">p</th>
          <th>{TEXT.status[lang]}</th>
        </tr>
      </thead>
      <tbody>
        {props.alerts.map((a) => (
          <tr data-alert={String(a.id)}>
            <th scope="row">
              {a.unit}
              {a.counter ? ` – ${a.counter}` : ''}
              <span class="when">{vnDateTime(Date.parse(a.updatedAt))[lang]}</span>
            </th>
            <td class="num">
              <strong>{number(a.recentValue, lang)}%</strong> (n = {count(a.recentN, lang)})
            </td>
            <td class="num">
              {number(a.baselineValue, lang)}% (n = {count(a.baselineN, lang)})
            </td>
            <td class="num">{a.pValue < 0.001 ? `< ${number(0.001, lang, 3)}` : number(a.pValue, lang, 3)}</td>
            <td>
              {a.status === 'open' ? <span class="badge open">{TEXT.alertOpen[lang]}</span> : <span class="badge done">{TEXT.alertAcknowledged[lang]}</span>}
              {a.notes.map((n) => (
                <p class="note">
                  {n.by}, {vnDateTime(Date.parse(n.at))[lang]}: <q>{n.comment}</q>
                </p>
              ))}
              {props.canAcknowledge ? (
                <form class="acknowledge" data-alert={String(a.id)}>
                  <label>
                    {TEXT.acknowledgeComment[lang]}
                    <textarea name="comment" required maxlength={2000} rows={2}></textarea>
                  </label>
                  <button type="submit" class="primary">{a.status === 'open' ? TEXT.acknowledge[lang] : TEXT.addNote[lang]}</button>
                  <p class="error" role="alert" hidden></p>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function alertsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/alerts', async (c) => {
    const user = await sessionUser(c, deps);
    const url = new URL(c.req.url);
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    const lang = langOf(c.req.query('lang'));
    const status = c.req.query('status') === 'all' ? 'all' : 'open';
    const alerts = await listAlerts(deps, await scopeOf(deps, user), status);
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
          {alerts.length === 0 ? <p>{TEXT.noAlerts[lang]}</p> : <AlertTable lang={lang} alerts={alerts} canAcknowledge={user.role === 'admin' || user.role === 'home_affairs'} />}
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
