import { Hono } from 'hono';
import { CompareQuery } from '../../api/compare/schemas.js';
import { loadComparison } from '../../api/compare/service.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { comparisonWords } from '../../api/platform/vocabulary.js';
import { headlineSuffix } from '../../api/reports/service.js';
import { currentUnits } from '../../api/units/service.js';
import { getDefinition } from '../../engine/index.js';
import { Chart } from '../platform/chart.js';
import { loadPage, MethodSelect, PageError, PeriodInputs, ShowButton, yearSoFar } from '../platform/filters.js';
import { count, interval, number } from '../platform/format.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

export function comparePage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/compare', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const scope = c.get('scope');
    const user = c.get('user');
    const choices = await currentUnits(deps, scope);
    // The page picks units with check boxes (u=1&u=2); the API takes them as units=1,2.
    const picked = [...new Set(c.req.queries('u') ?? [])];
    const address = { ...c.req.query(), units: picked.join(',') };
    const defaults = { definition: 'tap-rating', ...yearSoFar(deps.now()) };
    const { form, result } = picked.length
      ? await loadPage(CompareQuery, defaults, address, (q) => loadComparison(deps, scope, q))
      : { form: { ...defaults, ...c.req.query() }, result: null };
    const comparison = result?.ok ? result.value : null;
    const definition = getDefinition(form.definition ?? '');
    const census = definition?.options.sampling === 'census';
    const nameOf = new Map(choices.map((u) => [u.id, u.name]));
    const download = new URLSearchParams({
      definition: form.definition ?? '',
      units: picked.join(','),
      from: form.from ?? '',
      to: form.to ?? '',
    });
    return c.html(
      <Layout
        lang={lang}
        title={TEXT.compare[lang]}
        bodyClass="page report dashboard"
        scripts={['/vendor/chart.umd.js', '/public/dashboard.js']}
      >
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.compare[lang]}</h1>
          {result && !result.ok ? <PageError lang={lang} error={result.error} /> : null}
          <form method="get" class="filters compare-form">
            <MethodSelect lang={lang} value={form.definition ?? ''} />
            <PeriodInputs lang={lang} from={form.from ?? ''} to={form.to ?? ''} />
            <fieldset class="unit-picks">
              <legend>{TEXT.pickUnits[lang]}</legend>
              {choices.map((u) => (
                <label class="pick">
                  <input type="checkbox" name="u" value={String(u.id)} checked={picked.includes(String(u.id))} />
                  {u.name}
                </label>
              ))}
            </fieldset>
            <ShowButton lang={lang} />
          </form>
          {!comparison ? (
            <p>{TEXT.pickUnits[lang]}</p>
          ) : (
            <section>
              <Chart
                id="compare"
                kind="groups"
                label={TEXT.compare[lang]}
                percent={definition !== undefined && headlineSuffix(definition) === '%'}
              />
              <div class="table-scroll">
                <table class="data sticky-first" id="compare-table">
                  <thead>
                    <tr>
                      <th>{TEXT.component[lang]}</th>
                      {comparison.units.map((u) => (
                        <th class="num" data-series={u.name}>
                          {u.name}
                        </th>
                      ))}
                      <th>{TEXT.leader[lang]}</th>
                      <th>{TEXT.differences[lang]}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {comparison.rows.map((row) => (
                      <tr>
                        <th scope="row" data-label={row.label[lang]}>
                          {row.label[lang]}
                        </th>
                        {row.values.map((v) => (
                          <td class="num figure" data-value={v.value === null ? '' : String(v.value)}>
                            <b>{number(v.value, lang)}</b>
                            {v.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
                            <span class="ci">{census ? TEXT.censusShort[lang] : interval(v.interval, lang)}</span>
                            <span class="n">n = {count(v.n, lang)}</span>
                          </td>
                        ))}
                        <td class="leader">
                          {row.leader && row.leader.lead !== null
                            ? `${nameOf.get(row.leader.unit as number) ?? ''}, +${number(row.leader.lead, lang)} (${row.leader.significant ? TEXT.significant[lang] : TEXT.notSignificant[lang]})`
                            : '–'}
                        </td>
                        <td class="differences">
                          {row.differences.length
                            ? row.differences.map((d) => `${nameOf.get(d.higher) ?? ''} > ${nameOf.get(d.lower) ?? ''}`).join('; ')
                            : TEXT.noDifference[lang]}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p class="hint">{TEXT.leaderNote[lang]}</p>
              {comparison.rows[0] ? (
                <p class="hint" id="compare-rules">
                  {comparisonWords(comparison.rows[0].comparisons)[lang]} {TEXT.perPart[lang]}
                </p>
              ) : null}
              <p class="downloads">
                <a href={`/api/compare.xlsx?${download}`}>{TEXT.downloadXlsx[lang]}</a>
                <a href={`/api/compare.csv?${download}`}>{TEXT.downloadCsv[lang]}</a>
              </p>
            </section>
          )}
        </main>
      </Layout>,
      // A refused query answers with the refusal's status, the page explaining it.
      result === null || result.ok ? 200 : result.error.status,
    );
  });
  return app;
}
