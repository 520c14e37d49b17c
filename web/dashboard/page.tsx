import { Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { DASHBOARD_TABLE_LABELS, DASHBOARD_TABLES, DashboardQuery, TREND_STEPS } from '../../api/dashboard/schemas.js';
import { type LoadedDashboard, loadDashboard, type UnitDashboard } from '../../api/dashboard/service.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { designWords, RATING_CHANNEL_LABELS } from '../../api/platform/vocabulary.js';
import { currentUnits } from '../../api/units/service.js';
import { AlertTable } from '../alerts/table.js';
import { Chart } from '../platform/chart.js';
import { loadPage, PageError, PeriodInputs, ShowButton, yearSoFar } from '../platform/filters.js';
import { count, interval, number } from '../platform/format.js';
import { type Lang, langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

const WEEKDAYS = {
  vi: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** A share with its interval, n, and a flag when n is below the method's minimum. */
function Figure(props: {
  lang: Lang;
  value: number | null;
  interval: { lower: number; upper: number } | null;
  n: number | null;
  lowN?: boolean;
  unit?: string;
  /** Every case counted: no sampling interval to show. */
  census?: boolean;
}) {
  const { lang } = props;
  return (
    <>
      <p class="big-figure" data-value={props.value === null ? '' : String(props.value)}>
        {number(props.value, lang)}
        {props.unit ?? ''}
      </p>
      <p class="figure-detail">
        {props.census ? TEXT.census[lang] : `${TEXT.interval[lang]}: ${interval(props.interval, lang)}`} · n = {count(props.n, lang)}
        {props.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
      </p>
    </>
  );
}

/** Shares by some key: label, share, interval and n, the source each chart is drawn from. */
/** An hour of the week with fewer ratings than this is greyed: its share swings by chance alone (±15 points at n = 30). */
const HEAT_MIN_N = 30;

function ShareTable(props: {
  id: string;
  lang: Lang;
  head: string;
  rows: { label: string; value: number | null; interval: { lower: number; upper: number } | null; n: number | null; lowN?: boolean }[];
}) {
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
            <td
              class="num"
              data-value={r.value === null ? '' : String(r.value)}
              data-lower={r.interval ? String(r.interval.lower) : ''}
              data-upper={r.interval ? String(r.interval.upper) : ''}
            >
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

/** A province's (or any parent's) units, each with its figure, interval, n, coverage and change, leading to its dashboard. */
function UnitsBelow(props: { lang: Lang; rows: LoadedDashboard['below']; period: { from: string; to: string } }) {
  const { lang, rows } = props;
  if (rows.length === 0) return null;
  return (
    <section id="units-below">
      <h2>{TEXT.unitsBelow[lang]}</h2>
      <table class="data cards-on-phone" id="units-below-table">
        <thead>
          <tr>
            <th>{TEXT.unit[lang]}</th>
            <th class="num">{TEXT.satisfiedShare[lang]}</th>
            <th class="num">{TEXT.interval[lang]}</th>
            <th class="num">n</th>
            <th class="num">{TEXT.coverage[lang]}</th>
            <th class="num">{TEXT.change[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-unit={String(r.unit.id)}>
              <th scope="row">
                <a href={withLang(lang, `/staff/dashboard?unit=${r.unit.id}&from=${props.period.from}&to=${props.period.to}`)}>
                  {r.unit.name}
                </a>
                {r.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
              </th>
              <td class="num" data-label={TEXT.satisfiedShare[lang]}>
                {number(r.value, lang)}
              </td>
              <td class="num" data-label={TEXT.interval[lang]}>
                {interval(r.interval, lang)}
              </td>
              <td class="num" data-label="n">
                {count(r.n, lang)}
              </td>
              <td class="num" data-label={TEXT.coverage[lang]}>
                {r.coverage === null ? '–' : `${number(100 * r.coverage, lang, 1)}%`}
              </td>
              <td class="num" data-label={TEXT.change[lang]}>
                {r.change
                  ? `${r.change.difference > 0 ? '+' : ''}${number(r.change.difference, lang)} (${r.change.significant ? TEXT.significant[lang] : TEXT.notSignificant[lang]})`
                  : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Sections(props: { lang: Lang; d: UnitDashboard; below: JSX.Element | null }) {
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
              <Figure
                lang={lang}
                value={d.sipas.headline.value}
                interval={d.sipas.headline.interval}
                n={d.sipas.headline.n}
                lowN={d.sipas.headline.lowN}
                unit="%"
              />
              <p class="figure-detail">
                {TEXT.completed[lang]}: {count(d.sipas.survey?.completed, lang)} / {count(d.sipas.survey?.planned, lang)}
              </p>
              {d.sipas.headline.n !== null && d.sipas.headline.n !== d.sipas.survey?.completed ? (
                <p class="figure-detail" id="sipas-n-why">
                  {TEXT.sipasNWhy[lang].replace('{n}', count(d.sipas.headline.n, lang))}
                </p>
              ) : null}
              {d.sipas.design ? (
                <p class="figure-detail" id="sipas-design">
                  {designWords(d.sipas.design)[lang]}
                </p>
              ) : null}
            </>
          ) : (
            <p class="figure-detail">{TEXT.noSurvey[lang]}</p>
          )}
        </article>
        <article class="card" id="card-service">
          <h2>{TEXT.serviceIndex[lang]}</h2>
          <Figure
            lang={lang}
            value={d.service.headline.value}
            interval={d.service.headline.interval}
            n={d.service.headline.n}
            unit={lang === 'vi' ? ' điểm' : ' points'}
            census
          />
          <p class="figure-detail" id="service-measured">
            {TEXT.measuredOf[lang]
              .replace('{measured}', count(d.service.measured.measured, lang))
              .replace('{of}', count(d.service.measured.applicable, lang))}
            {d.service.measured.measured < d.service.measured.applicable ? `; ${TEXT.notGraded[lang]}` : ''}
          </p>
          <p class="hint">{TEXT.serviceNote[lang]}</p>
        </article>
      </section>
      {props.below}

      <section>
        <h2>{TEXT.trend[lang]}</h2>
        <Chart id="trend" kind="line" label={TEXT.trend[lang]} percent />
        <ShareTable id="trend-table" lang={lang} head={TEXT.periodStep[lang]} rows={d.trend.map((t) => ({ ...t, label: t.period }))} />
      </section>

      <section class="two">
        <div>
          <h2>{TEXT.byChannel[lang]}</h2>
          <Chart id="channels" kind="bar" label={TEXT.byChannel[lang]} percent />
          <ShareTable
            id="channels-table"
            lang={lang}
            head={TEXT.channel[lang]}
            rows={d.channels.map((ch) => ({ ...ch, label: RATING_CHANNEL_LABELS[ch.channel][lang] }))}
          />
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
                  <th scope="row" data-label={r.label[lang]}>
                    {r.label[lang]}
                  </th>
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
        {d.countersShown ? (
          <>
            <p class="hint">
              {TEXT.weakestCounters[lang]} ({count(weakestCounters.length, lang)} / {count(d.counters.length, lang)})
            </p>
            <ShareTable
              id="counters-table"
              lang={lang}
              head={TEXT.counter[lang]}
              rows={weakestCounters.map((ct) => ({ ...ct, label: ct.name }))}
            />
          </>
        ) : (
          <p class="hint" id="counters-per-province">
            {TEXT.countersPerProvince[lang]}
          </p>
        )}
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
                    // Too few ratings for a share to mean much: greyed, with n beside it.
                    const level =
                      c?.value === null || c === undefined
                        ? 'none'
                        : c.n < HEAT_MIN_N
                          ? 'few'
                          : c.value >= 95
                            ? 'high'
                            : c.value >= 85
                              ? 'mid'
                              : 'low';
                    return (
                      <td class={`num heat-${level}`} data-n={c ? String(c.n) : '0'}>
                        {c ? (
                          <>
                            {number(c.value, lang, 0)}
                            <small>n={count(c.n, lang)}</small>
                          </>
                        ) : (
                          ''
                        )}
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
                    {cm.at[lang]} · {RATING_CHANNEL_LABELS[cm.channel][lang]} · {TEXT.level[lang]} {cm.level}
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
          <ShareTable
            id="elements-table"
            lang={lang}
            head={TEXT.element[lang]}
            rows={d.sipas.elements.map((e) => ({ ...e, label: e.label[lang] }))}
          />
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
  app.get('/staff/dashboard', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const scope = c.get('scope');
    const user = c.get('user');
    const choices = await currentUnits(deps, scope);
    // Someone bound to no unit (an admin) starts from the top of the tree: the province.
    const top = choices.find((u) => u.parentId === null) ?? choices[0];
    const defaults = { unit: user.unitId ?? top?.id, ...yearSoFar(deps.now()), trend: 'month' };
    const { form, result } = await loadPage(DashboardQuery, defaults, c.req.query(), (q) => loadDashboard(deps, scope, q));
    const d = result.ok ? result.value : null;
    const unitId = Number(form.unit);
    const unitName = d?.unit.name ?? choices.find((u) => u.id === unitId)?.name ?? '';
    const search = new URLSearchParams({ unit: form.unit ?? '', from: form.from ?? '', to: form.to ?? '', trend: form.trend ?? 'month' });
    return c.html(
      <Layout
        lang={lang}
        title={`${TEXT.dashboard[lang]} – ${unitName}`}
        bodyClass="page report dashboard"
        scripts={['/vendor/chart.umd.js', '/public/dashboard.js']}
      >
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>
            {TEXT.dashboard[lang]}: {unitName}
          </h1>
          {d?.reach === 'unit' ? <p class="hint">{TEXT.unitOnly[lang]}</p> : null}
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
            <PeriodInputs lang={lang} from={form.from ?? ''} to={form.to ?? ''} />
            <label>
              {TEXT.trendBy[lang]}
              <select name="trend">
                {TREND_STEPS.map((step) => (
                  <option value={step} selected={step === form.trend}>
                    {TEXT[step][lang]}
                  </option>
                ))}
              </select>
            </label>
            <ShowButton lang={lang} />
          </form>
          {d?.alerts.length ? (
            <section id="open-alerts">
              <h2>
                {TEXT.alerts[lang]} ({count(d.alerts.length, lang)})
              </h2>
              <AlertTable lang={lang} alerts={d.alerts.slice(0, 5)} canAcknowledge={false} />
              <a href={`/staff/alerts${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.alerts[lang]} →</a>
            </section>
          ) : null}
          {d ? (
            <>
              <Sections lang={lang} d={d} below={<UnitsBelow lang={lang} rows={d.below} period={d.period} />} />
              <p class="downloads">
                <a href={`/api/dashboard.xlsx?${search}`}>{TEXT.downloadXlsx[lang]}</a>
                <a href={`/api/reports/unit.pdf?definition=tap-rating&${search}`}>{TEXT.downloadPdf[lang]}</a>
                <a href={`/api/dashboard?${search}`}>{TEXT.downloadJson[lang]}</a>
              </p>
              <p class="downloads">
                {TEXT.tablesCsv[lang]}:
                {DASHBOARD_TABLES.map((table) => (
                  <a href={`/api/dashboard.csv?${search}&table=${table}`}>{DASHBOARD_TABLE_LABELS[table][lang]}</a>
                ))}
              </p>
            </>
          ) : result.ok ? null : (
            <PageError lang={lang} error={result.error} />
          )}
        </main>
      </Layout>,
      // A refused query answers with the refusal's status, the page explaining it.
      result.ok ? 200 : result.error.status,
    );
  });
  return app;
}
