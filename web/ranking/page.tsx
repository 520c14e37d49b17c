import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { rankingRules, UNIT_KIND_LABELS } from '../../api/platform/vocabulary.js';
import { RankingQuery } from '../../api/rankings/schemas.js';
import { loadRanking } from '../../api/rankings/service.js';
import { currentUnits } from '../../api/units/service.js';
import { getDefinition } from '../../engine/index.js';
import { yearSoFar, loadPage, MethodSelect, PageError, PeriodInputs, ShowButton, UnconfirmedNotice } from '../platform/filters.js';
import { count, interval, number } from '../platform/format.js';
import { langOf, TEXT } from '../platform/i18n.js';
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
                {(['ward', 'commune', 'department', 'district'] as const).map((k) => (
                  <option value={k} selected={k === form.kind}>
                    {UNIT_KIND_LABELS[k][lang]}
                  </option>
                ))}
              </select>
            </label>
            <PeriodInputs lang={lang} from={form.from ?? ''} to={form.to ?? ''} />
            <ShowButton lang={lang} />
          </form>
          {definition?.notSipas ? <p class="hint">{TEXT.notSipasNote[lang]}</p> : null}
          {result.ok ? null : <PageError lang={lang} error={result.error} />}
          {!ranking || ranking.rows.length === 0 ? (
            <p>{TEXT.noUnits[lang]}</p>
          ) : (
            <>
              <table class="data ranking" id="ranking">
                <thead>
                  <tr>
                    <th class="num">{TEXT.officialRank[lang]}</th>
                    <th>{TEXT.tier[lang]}</th>
                    <th class="num">{TEXT.rankRange[lang]}</th>
                    <th>{TEXT.unit[lang]}</th>
                    <th class="num">{TEXT.value[lang]}</th>
                    <th class="num">{TEXT.interval[lang]}</th>
                    <th class="num">{TEXT.sampleSize[lang]}</th>
                    <th class="num">{TEXT.change[lang]}</th>
                    <th>{TEXT.grade[lang]}</th>
                  </tr>
                </thead>
                <tbody>
                  {ranking.rows.map((r) => (
                    <tr class={r.tier ? `tier-${((r.tier.tier - 1) % 2) + 1}` : ''} data-unit={String(r.unit.id)}>
                      <td class="num">{r.rank ?? '–'}</td>
                      <td>{r.tier ? `${lang === 'vi' ? 'Nhóm' : 'Group'} ${r.tier.tier}` : '–'}</td>
                      <td class="num">{r.tier ? `${r.tier.rankRange[0]}–${r.tier.rankRange[1]}` : '–'}</td>
                      <td>
                        {r.unit.name}
                        {r.lowN ? <span class="flag"> ({TEXT.fewAnswers[lang]})</span> : null}
                      </td>
                      <td class="num value">{number(r.value, lang)}</td>
                      <td class="num">{census ? TEXT.censusShort[lang] : interval(r.interval, lang)}</td>
                      <td class="num">{count(r.n, lang)}</td>
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
              <UnconfirmedNotice lang={lang} rules={ranking.unconfirmed} />
              <p class="hint">{TEXT.tierNote[lang]}</p>
              <p class="hint" id="ranking-rules">
                {rankingRules(ranking.comparisons, ranking.tieBreak)[lang]}
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
