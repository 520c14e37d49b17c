import { Hono } from 'hono';
import { sessionUser } from '../api/auth/session.js';
import { compareUnits } from '../api/compare.js';
import type { AppDeps, AppEnv } from '../api/context.js';
import { headlineSuffix } from '../api/reports.js';
import { getDefinition } from '../engine/index.js';
import { Chart } from './dashboard.js';
import { count, interval, number } from './format.js';
import { MethodSelect, PeriodInputs, pageFilters } from './filters.js';
import { TEXT } from './i18n.js';
import { Layout, PageHead } from './layout.js';

export function comparePage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/compare', async (c) => {
    const user = await sessionUser(c, deps);
    const url = new URL(c.req.url);
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    const { lang, choices, from, to, definitionId } = await pageFilters(c, deps, user);
    const picked = [...new Set((c.req.queries('u') ?? []).map(Number))].filter((id) => choices.some((u) => u.id === id));
    const definition = getDefinition(definitionId);
    const ready = definition !== undefined && picked.length >= 2 && picked.length <= 10 && from <= to;
    const comparison = ready ? await compareUnits(deps, definition, picked, { from, to }) : null;
    const nameOf = new Map(choices.map((u) => [u.id, u.name]));
    return c.html(
      <Layout lang={lang} title={TEXT.compare[lang]} bodyClass="page report dashboard" scripts={['/vendor/chart.umd.js', '/public/dashboard.js']}>
        <main>
          <PageHead lang={lang} user={user.displayName} />
          <h1>{TEXT.compare[lang]}</h1>
          <form method="get" class="filters compare-form">
            <MethodSelect lang={lang} value={definitionId} />
            <PeriodInputs lang={lang} from={from} to={to} />
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
                <a href={`/api/compare.csv?definition=${definitionId}&units=${picked.join(',')}&from=${from}&to=${to}`}>{TEXT.downloadCsv[lang]}</a>
              </p>
            </section>
          )}
        </main>
      </Layout>,
    );
  });
  return app;
}
