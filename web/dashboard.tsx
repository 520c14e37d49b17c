import { Hono } from 'hono';
import { inScope } from '../api/auth/scope.js';
import { sessionUser } from '../api/auth/session.js';
import type { AppDeps, AppEnv } from '../api/context.js';
import { listAlerts } from '../api/alerts.js';
import { DASHBOARD_TABLES, TREND_STEPS, type UnitDashboard, unitDashboard } from '../api/dashboard.js';
import { unitsInScope } from '../api/indices.js';
import { AlertTable } from './alerts.js';
import { count, interval, number } from './format.js';
import { PeriodInputs, pageFilters } from './filters.js';
import { type Lang, TEXT } from './i18n.js';
import { Layout, PageHead } from './layout.js';

const WEEKDAYS = {
  vi: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const CHANNELS = { kiosk: { vi: 'Tại quầy (kiosk)', en: 'At the counter (kiosk)' }, online: { vi: 'Trực tuyến', en: 'Online' }, qr: { vi: 'Mã QR', en: 'QR code' } };

/** A chart drawn by /public/dashboard.js from the table below it, which stays the readable form. */
export function Chart(props: { id: string; kind: 'line' | 'bar' | 'hbar' | 'groups'; label: string; percent: boolean }) {
  return (
    <canvas id={props.id} data-kind={props.kind} data-table={`${props.id}-table`} data-percent={String(props.percent)} role="img" aria-label={props.label} height="240"></canvas>
  );
}

/** A share with its interval, n, and a flag when n is below the method's minimum. */
function Figure(props: { lang: Lang; value: number | null; interval: { lower: number; upper: number } | null; n: number | null; lowN?: boolean; unit?: string }) {
  const { lang } = props;
  return (
    <>
      <p class="big-figure" data-value={props.value === null ? '' : String(props.value)}>
        {number(props.value, lang)}
        {props.unit ?? ''}
      </p>
      <p class="figure-detail">
        {TEXT.interval[lang]}: {interval(props.interval, lang)} · n = {count(props.n, lang)}
        {props.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
      </p>
    </>
  );
}

/** Shares by some key: label, share, interval and n, the source each chart is drawn from. */
function ShareTable(props: { id: string; lang: Lang; head: string; rows: { label: string; value: number | null; interval: { lower: number; upper: number } | null; n: number | null; lowN?: boolean }[] }) {
  const { lang } = props;
  return (
    <table class="data" id={props.id}>
      <thead>
        <tr>
          <th>{props.head}</th>
          <th class="num">{TEXT.satisfiedShare[lang]}</th>
          <th class="num">{TEXT.interval[lang]}</th>
          <th class="num">n</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row" data-label={r.label}>
              {r.label}
              {r.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
            </th>
            <td class="num" data-value={r.value === null ? '' : String(r.value)}>
              {number(r.value, lang)}
            </td>
            <td class="num">{interval(r.interval, lang)}</td>
            <td class="num">{count(r.n, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Sections(props: { lang: Lang; d: UnitDashboard }) {
  const { lang, d } = props;
  const hours = [...new Set(d.heat.map((c) => c.hour))].sort((a, b) => a - b);
  const cell = new Map(d.heat.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const maxReasons = Math.max(1, ...d.reasons.map((r) => r.count));
  const surveyed = d.sipas.headline.value !== null;
  // A province has hundreds of counters: the weakest are the ones to act on.
  const weakestCounters = [...d.counters].sort((a, b) => (a.value ?? 101) - (b.value ?? 101)).slice(0, 15);
  return (
    <>
      <section class="cards">
        <article class="card" id="card-tap">
          <h2>{TEXT.tapShare[lang]}</h2>
          <Figure lang={lang} value={d.tap.value} interval={d.tap.interval} n={d.tap.n} lowN={d.tap.lowN} unit="%" />
          <p class="figure-detail" id="coverage">
            {TEXT.coverage[lang]}: {count(d.coverage.ratings, lang)} / {count(d.coverage.dossiers, lang)} {TEXT.dossiers[lang]} (
            {number(d.coverage.share === null ? null : 100 * d.coverage.share, lang, 1)}%)
          </p>
          <p class="hint">{TEXT.notSipasNote[lang]}</p>
        </article>
        <article class="card" id="card-sipas">
          <h2>{TEXT.sipasIndex[lang]}</h2>
          {surveyed ? (
            <>
              <Figure lang={lang} value={d.sipas.headline.value} interval={d.sipas.headline.interval} n={d.sipas.headline.n} lowN={d.sipas.headline.lowN} unit="%" />
              <p class="figure-detail">
                {TEXT.completed[lang]}: {count(d.sipas.survey?.completed, lang)} / {count(d.sipas.survey?.planned, lang)}
              </p>
            </>
          ) : (
            <p class="figure-detail">{TEXT.noSurvey[lang]}</p>
          )}
        </article>
        <article class="card" id="card-service">
          <h2>{TEXT.serviceIndex[lang]}</h2>
          <Figure lang={lang} value={d.service.headline.value} interval={d.service.headline.interval} n={d.service.headline.n} unit={lang === 'vi' ? ' điểm' : ' points'} />
          <p class="hint">{TEXT.serviceNote[lang]}</p>
        </article>
      </section>

      <section>
        <h2>{TEXT.trend[lang]}</h2>
        <Chart id="trend" kind="line" label={TEXT.trend[lang]} percent />
        <ShareTable id="trend-table" lang={lang} head={TEXT.periodStep[lang]} rows={d.trend.map((t) => ({ ...t, label: t.period }))} />
      </section>

      <section class="two">
        <div>
          <h2>{TEXT.byChannel[lang]}</h2>
          <Chart id="channels" kind="bar" label={TEXT.byChannel[lang]} percent />
          <ShareTable id="channels-table" lang={lang} head={TEXT.channel[lang]} rows={d.channels.map((ch) => ({ ...ch, label: CHANNELS[ch.channel][lang] }))} />
        </div>
        <div>
          <h2>{TEXT.reasons[lang]}</h2>
          <Chart id="reasons" kind="hbar" label={TEXT.reasons[lang]} percent={false} />
          <table class="data" id="reasons-table">
            <thead>
              <tr>
                <th>{TEXT.reason[lang]}</th>
                <th class="num">{TEXT.times[lang]}</th>
              </tr>
            </thead>
            <tbody>
              {d.reasons.map((r) => (
                <tr>
                  <th scope="row" data-label={r.label[lang]}>{r.label[lang]}</th>
                  <td class="num" data-value={String(r.count)}>
                    <span class="meter" data-share={String(Math.round((100 * r.count) / maxReasons))}></span>
                    {count(r.count, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section>
        <h2>{TEXT.byCounter[lang]}</h2>
        <p class="hint">
          {TEXT.weakestCounters[lang]} ({count(weakestCounters.length, lang)} / {count(d.counters.length, lang)})
        </p>
        <ShareTable id="counters-table" lang={lang} head={TEXT.counter[lang]} rows={weakestCounters.map((ct) => ({ ...ct, label: ct.name }))} />
      </section>

      <section>
        <h2>{TEXT.heatMap[lang]}</h2>
        <p class="hint">{TEXT.heatNote[lang]}</p>
        <div class="scroll">
          <table class="data heat" id="heat-table">
            <thead>
              <tr>
                <th></th>
                {hours.map((h) => (
                  <th class="num">{`${h}h`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS[lang].map((name, weekday) => (
                <tr>
                  <th scope="row">{name}</th>
                  {hours.map((h) => {
                    const c = cell.get(`${weekday}:${h}`);
                    const level = c?.value === null || c === undefined ? 'none' : c.value >= 95 ? 'high' : c.value >= 85 ? 'mid' : 'low';
                    return (
                      <td class={`num heat-${level}`} title={c ? `n = ${c.n}` : ''}>
                        {c ? number(c.value, lang, 0) : ''}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="two">
        <div>
          <h2>{TEXT.serviceComponents[lang]}</h2>
          <table class="data" id="service-table">
            <thead>
              <tr>
                <th>{TEXT.component[lang]}</th>
                <th class="num">{TEXT.points[lang]}</th>
                <th class="num">{TEXT.rate[lang]}</th>
                <th class="num">n</th>
              </tr>
            </thead>
            <tbody>
              {d.service.components.map((s) => (
                <tr>
                  <th scope="row">{s.label[lang]}</th>
                  <td class="num">
                    {number(s.value, lang)} / {number(s.max, lang, 0)}
                  </td>
                  <td class="num">{number(s.percent, lang, 1)}%</td>
                  <td class="num">{count(s.n, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>{TEXT.comments[lang]}</h2>
          {d.comments.length === 0 ? (
            <p>{TEXT.noComments[lang]}</p>
          ) : (
            <ul class="comments">
              {d.comments.map((cm) => (
                <li>
                  <span class="when">
                    {cm.at[lang]} · {CHANNELS[cm.channel][lang]} · {TEXT.level[lang]} {cm.level}
                  </span>
                  <q>{cm.text}</q>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>

      {surveyed ? (
        <section>
          <h2>{TEXT.sipasElements[lang]}</h2>
          <Chart id="elements" kind="hbar" label={TEXT.sipasElements[lang]} percent />
          <ShareTable id="elements-table" lang={lang} head={TEXT.element[lang]} rows={d.sipas.elements.map((e) => ({ ...e, label: e.label[lang] }))} />
          <h3>{TEXT.weakest[lang]}</h3>
          <table class="data" id="criteria-table">
            <thead>
              <tr>
                <th>{TEXT.criterion[lang]}</th>
                <th class="num">{TEXT.satisfiedShare[lang]}</th>
                <th class="num">{TEXT.gap[lang]}</th>
                <th class="num">{TEXT.interval[lang]}</th>
                <th class="num">n</th>
              </tr>
            </thead>
            <tbody>
              {d.sipas.criteria.slice(0, 10).map((cr) => (
                <tr>
                  <th scope="row">{cr.label[lang]}</th>
                  <td class="num">{number(cr.value, lang)}</td>
                  <td class="num">{number(cr.value === null ? null : 100 - cr.value, lang)}</td>
                  <td class="num">{interval(cr.interval, lang)}</td>
                  <td class="num">{count(cr.n, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

export function dashboardPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/dashboard', async (c) => {
    const user = await sessionUser(c, deps);
    const url = new URL(c.req.url);
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    const { scope, lang, choices, from, to } = await pageFilters(c, deps, user);
    const unitId = Number(c.req.query('unit') ?? user.unitId ?? choices[0]?.id);
    const allowed = inScope(scope, unitId) && from <= to && choices.some((u) => u.id === unitId);
    const trendBy = (TREND_STEPS as readonly string[]).includes(c.req.query('trend') ?? '') ? (c.req.query('trend') as (typeof TREND_STEPS)[number]) : 'month';
    const d = allowed ? await unitDashboard(deps, unitId, { from, to }, trendBy) : null;
    const openAlerts = allowed ? await listAlerts(deps, scope, 'open', await unitsInScope(deps, unitId, { subtree: true, currentBoundaries: true })) : [];
    const unitName = choices.find((u) => u.id === unitId)?.name ?? '';
    const search = new URLSearchParams({ unit: String(unitId), from, to, trend: trendBy });
    return c.html(
      <Layout lang={lang} title={`${TEXT.dashboard[lang]} – ${unitName}`} bodyClass="page report dashboard" scripts={['/vendor/chart.umd.js', '/public/dashboard.js']}>
        <main>
          <PageHead lang={lang} user={user.displayName} />
          <h1>
            {TEXT.dashboard[lang]}: {unitName}
          </h1>
          <form method="get" class="filters">
            <label>
              {TEXT.unit[lang]}
              <select name="unit">
                {choices.map((u) => (
                  <option value={String(u.id)} selected={u.id === unitId}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <PeriodInputs lang={lang} from={from} to={to} />
            <label>
              {TEXT.trendBy[lang]}
              <select name="trend">
                {TREND_STEPS.map((step) => (
                  <option value={step} selected={step === trendBy}>
                    {TEXT[step][lang]}
                  </option>
                ))}
              </select>
            </label>
            {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
            <button type="submit" class="primary">
              {TEXT.show[lang]}
            </button>
          </form>
          {openAlerts.length ? (
            <section id="open-alerts">
              <h2>
                {TEXT.alerts[lang]} ({count(openAlerts.length, lang)})
              </h2>
              <AlertTable lang={lang} alerts={openAlerts.slice(0, 5)} canAcknowledge={false} />
              <a href={`/staff/alerts${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.alerts[lang]} →</a>
            </section>
          ) : null}
          {d ? (
            <>
              <Sections lang={lang} d={d} />
              <p class="downloads">
                <a href={`/api/dashboard.xlsx?${search}`}>{TEXT.downloadXlsx[lang]}</a>
                <a href={`/api/reports/unit.pdf?definition=tap-rating&${search}`}>{TEXT.downloadPdf[lang]}</a>
                <a href={`/api/dashboard?${search}`}>{TEXT.downloadJson[lang]}</a>
              </p>
              <p class="downloads">
                {TEXT.tablesCsv[lang]}:
                {DASHBOARD_TABLES.map((table) => (
                  <a href={`/api/dashboard.csv?${search}&table=${table}`}>{table}</a>
                ))}
              </p>
            </>
          ) : (
            <p>{TEXT.outOfScope[lang]}</p>
          )}
        </main>
      </Layout>,
    );
  });
  return app;
}
