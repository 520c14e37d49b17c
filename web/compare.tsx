import { Hono } from 'hono';
import { inScope, scopeOf } from '../api/auth/scope.js';
import { sessionUser } from '../api/auth/session.js';
import { compareUnits } from '../api/compare.js';
import type { AppDeps, AppEnv } from '../api/context.js';
import { units } from '../api/db/schema.js';
import { STORED_METHODS, type StoredMethod } from '../api/indices.js';
import { headlineSuffix } from '../api/reports.js';
import { vnDate } from '../api/time.js';
import { getDefinition } from '../engine/index.js';
import { Chart } from './dashboard.js';
import { count, interval, number } from './format.js';
import { TEXT, langOf } from './i18n.js';
import { Layout, PageHead } from './layout.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function comparePage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/compare', (c) => {
    const user = sessionUser(c, deps);
    const url = new URL(c.req.url);
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    const scope = scopeOf(deps, user);
    const lang = langOf(c.req.query('lang'));
    const collator = new Intl.Collator('vi');
    const choices = deps.db
      .select({ id: units.id, name: units.name, validTo: units.validTo })
      .from(units)
      .all()
      .filter((u) => inScope(scope, u.id) && u.validTo === null)
      .sort((a, b) => collator.compare(a.name, b.name));
    const lastYear = Number(vnDate(deps.now()).slice(0, 4)) - 1;
    const from = DATE.test(c.req.query('from') ?? '') ? (c.req.query('from') as string) : `${lastYear}-01-01`;
    const to = DATE.test(c.req.query('to') ?? '') ? (c.req.query('to') as string) : `${lastYear}-12-31`;
    const definitionId = (STORED_METHODS as readonly string[]).includes(c.req.query('definition') ?? '') ? (c.req.query('definition') as StoredMethod) : 'tap-rating';
    const picked = [...new Set((c.req.queries('u') ?? []).map(Number))].filter((id) => choices.some((u) => u.id === id));
    const definition = getDefinition(definitionId);
    const ready = definition !== undefined && picked.length >= 2 && picked.length <= 10 && from <= to;
    const comparison = ready ? compareUnits(deps, definition, picked, { from, to }) : null;
    const nameOf = new Map(choices.map((u) => [u.id, u.name]));
    return c.html(
      <Layout lang={lang} title={TEXT.compare[lang]} bodyClass="page report dashboard" scripts={['/vendor/chart.umd.js', '/public/dashboard.js']}>
        <main>
          <PageHead lang={lang} user={user.displayName} />
          <h1>{TEXT.compare[lang]}</h1>
          <form method="get" class="filters compare-form">
            <label>
              {TEXT.method[lang]}
              <select name="definition">
                {STORED_METHODS.map((id) => (
                  <option value={id} selected={id === definitionId}>
                    {getDefinition(id)?.title[lang]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {TEXT.from[lang]}
              <input type="date" name="from" value={from} />
            </label>
            <label>
              {TEXT.to[lang]}
              <input type="date" name="to" value={to} />
            </label>
            <fieldset class="unit-picks">
              <legend>{TEXT.pickUnits[lang]}</legend>
              {choices.map((u) => (
                <label class="pick">
                  <input type="checkbox" name="u" value={String(u.id)} checked={picked.includes(u.id)} />
                  {u.name}
                </label>
              ))}
            </fieldset>
            {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
            <button type="submit" class="primary">
              {TEXT.show[lang]}
            </button>
          </form>
          {!comparison ? (
            <p>{TEXT.pickUnits[lang]}</p>
          ) : (
            <section>
              <Chart id="compare" kind="groups" label={TEXT.compare[lang]} percent={definition !== undefined && headlineSuffix(definition) === '%'} />
              <table class="data" id="compare-table">
                <thead>
                  <tr>
                    <th>{TEXT.component[lang]}</th>
                    {comparison.units.map((u) => (
                      <th class="num" data-series={u.name}>
                        {u.name}
                      </th>
                    ))}
                    <th>{TEXT.leader[lang]}</th>
                  </tr>
                </thead>
                <tbody>
                  {comparison.rows.map((row) => (
                    <tr>
                      <th scope="row" data-label={row.label[lang]}>
                        {row.label[lang]}
                      </th>
                      {row.values.map((v) => (
                        <td class="num" data-value={v.value === null ? '' : String(v.value)} title={`${TEXT.interval[lang]}: ${interval(v.interval, lang)} · n = ${count(v.n, lang)}`}>
                          {number(v.value, lang)}
                          {v.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
                        </td>
                      ))}
                      <td class="leader">
                        {row.leader && row.leader.lead !== null
                          ? `${nameOf.get(row.leader.unit as number) ?? ''}, +${number(row.leader.lead, lang)} (${row.leader.significant ? TEXT.significant[lang] : TEXT.notSignificant[lang]})`
                          : '–'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="hint">{TEXT.leaderNote[lang]}</p>
              <p class="downloads">
                <a href={`/api/compare.xlsx?definition=${definitionId}&units=${picked.join(',')}&from=${from}&to=${to}`}>{TEXT.downloadXlsx[lang]}</a>
              </p>
            </section>
          )}
        </main>
      </Layout>,
    );
  });
  return app;
}
