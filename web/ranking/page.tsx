import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { dayMonthYear } from '../../api/platform/time.js';
import { belowKindLabel, rankingRules } from '../../api/platform/vocabulary.js';
import { RankingQuery } from '../../api/rankings/schemas.js';
import { loadRanking } from '../../api/rankings/service.js';
import { currentUnits } from '../../api/units/service.js';
import { getDefinition } from '../../engine/index.js';
import { loadPage, MethodSelect, PageError, PeriodInputs, ShowButton, UnconfirmedNotice, yearSoFar } from '../platform/filters.js';
import { count, interval, number } from '../platform/format.js';
import { langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

export function rankingPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/staff/ranking', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const scope = c.get('scope');
    const user = c.get('user');
    const choices = (await currentUnits(deps, scope)).filter((u) => u.hasChildren);
    const defaults = { definition: 'tap-rating', parent: user.unitId ?? choices[0]?.id, ...yearSoFar(deps.now()) };
    const { form, result } = await loadPage(RankingQuery, defaults, c.req.query(), (q) => loadRanking(deps, scope, q));
    const ranking = result.ok ? result.value : null;
    const definition = getDefinition(form.definition ?? '');
    const census = definition?.options.sampling === 'census';
    const search = new URLSearchParams(Object.entries(form).filter(([k]) => k !== 'lang'));
    const pdf = new URLSearchParams({
      definition: form.definition ?? '',
      unit: form.parent ?? '',
      from: form.from ?? '',
      to: form.to ?? '',
      ...(form.kind ? { kind: form.kind } : {}),
      ...(form.together === 'true' ? { together: 'true' } : {}),
    });
    return c.html(
      <Layout lang={lang} title={TEXT.ranking[lang]} bodyClass="page report">
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.ranking[lang]}</h1>
          <form method="get" class="filters">
            <MethodSelect lang={lang} value={form.definition ?? ''} />
            <label>
              {TEXT.parentUnit[lang]}
              <select name="parent">
                {choices.map((p) => (
                  <option value={String(p.id)} selected={String(p.id) === form.parent}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {TEXT.whichUnits[lang]}
              <select name="kind">
                <option value="">{TEXT.directChildren[lang]}</option>
                {(['commune_level', 'ward', 'commune', 'department', 'district'] as const).map((k) => (
                  <option value={k} selected={k === form.kind}>
                    {belowKindLabel(k)[lang]}
                  </option>
                ))}
              </select>
            </label>
            <PeriodInputs lang={lang} from={form.from ?? ''} to={form.to ?? ''} />
            <label class="check">
              <input type="checkbox" name="together" value="true" checked={form.together === 'true'} />
              {TEXT.rankTogether[lang]}
            </label>
            <ShowButton lang={lang} />
          </form>
          {definition?.notSipas ? <p class="hint">{TEXT.notSipasNote[lang]}</p> : null}
          {result.ok ? null : <PageError lang={lang} error={result.error} />}
          {!ranking || ranking.blocks.length === 0 ? (
            <p>{TEXT.noUnits[lang]}</p>
          ) : (
            <>
              {ranking.blocks.map((block) => {
                const names = new Map(block.rows.map((r) => [String(r.unit.id), r.unit.name]));
                const dates = `from=${ranking.period.from}&to=${ranking.period.to}`;
                return (
                  <section class="ranking-block" data-block={block.block}>
                    <h2>{block.label[lang]}</h2>
                    <form method="get" action="/staff/compare">
                      <input type="hidden" name="definition" value={ranking.definition.id} />
                      <input type="hidden" name="from" value={ranking.period.from} />
                      <input type="hidden" name="to" value={ranking.period.to} />
                      {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
                      <div class="table-scroll">
                        <table class="data ranking sticky-first" id={`ranking-${block.block}`}>
                          <thead>
                            <tr>
                              <th>{TEXT.unit[lang]}</th>
                              <th class="num">{TEXT.officialRank[lang]}</th>
                              <th class="num">{TEXT.value[lang]}</th>
                              <th class="num">{TEXT.interval[lang]}</th>
                              <th class="num">{TEXT.sampleSize[lang]}</th>
                              <th class="num">{TEXT.mayRank[lang]}</th>
                              <th>{TEXT.alikeWith[lang]}</th>
                              <th class="num">{TEXT.change[lang]}</th>
                              <th>{TEXT.grade[lang]}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {block.rows.map((r) => (
                              <tr class={r.tier ? `tier-${((r.tier.tier - 1) % 2) + 1}` : ''} data-unit={String(r.unit.id)}>
                                <th scope="row" class="unit">
                                  <label class="tick">
                                    <input
                                      type="checkbox"
                                      name="u"
                                      value={String(r.unit.id)}
                                      aria-label={`${TEXT.compare[lang]}: ${r.unit.name}`}
                                    />
                                  </label>
                                  <a href={withLang(lang, `/staff/dashboard?unit=${r.unit.id}&${dates}`)}>{r.unit.name}</a>
                                  {r.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
                                </th>
                                <td class="num">{r.rank ?? '–'}</td>
                                <td class="num value">{number(r.value, lang)}</td>
                                <td class="num">{census ? TEXT.censusShort[lang] : interval(r.interval, lang)}</td>
                                <td class="num">{count(r.n, lang)}</td>
                                <td class="num range">{r.tier ? `${r.tier.rankRange[0]}–${r.tier.rankRange[1]}` : '–'}</td>
                                <td class="alike">
                                  {r.tier
                                    ? r.tier.alike === null
                                      ? `${count(r.tier.rankRange[1] - r.tier.rankRange[0], lang)} ${TEXT.alikeMany[lang]}`
                                      : r.tier.alike.length
                                        ? r.tier.alike.map((key) => names.get(key)).join(', ')
                                        : TEXT.alikeNone[lang]
                                    : '–'}
                                </td>
                                <td class="num">
                                  {r.change
                                    ? `${r.change.difference > 0 ? '▲ +' : r.change.difference < 0 ? '▼ ' : ''}${number(r.change.difference, lang)} (${r.change.significant ? TEXT.significant[lang] : TEXT.notSignificant[lang]})`
                                    : '–'}
                                </td>
                                <td>{r.band ? <span class={`band band-${r.band.id}`}>{r.band.label[lang]}</span> : '–'}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                      <button type="submit" class="secondary compare-ticked">
                        {TEXT.compareTicked[lang]}
                      </button>
                    </form>
                    <p class="hint ranking-rules">{rankingRules(block.comparisons, ranking.tieBreak)[lang]}</p>
                  </section>
                );
              })}
              <UnconfirmedNotice lang={lang} rules={ranking.unconfirmed} />
              <p class="hint">{TEXT.tierNote[lang]}</p>
              <p class="hint">
                {TEXT.previousPeriodWas[lang]} {dayMonthYear(ranking.previousPeriod.from)} – {dayMonthYear(ranking.previousPeriod.to)}.
              </p>
              <p class="downloads">
                <a href={`/api/rankings.csv?${search}`}>{TEXT.downloadCsv[lang]}</a>
                <a href={`/api/rankings.xlsx?${search}`}>{TEXT.downloadXlsx[lang]}</a>
                <a href={`/api/reports/units.pdf?${pdf}`}>{TEXT.downloadReportPdf[lang]}</a>
              </p>
            </>
          )}
        </main>
      </Layout>,
      // A refused query answers with the refusal's status, the page explaining it.
      result.ok ? 200 : result.error.status,
    );
  });
  return app;
}
