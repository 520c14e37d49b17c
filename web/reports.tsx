import { isNotNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { getDefinition } from '../engine/index.js';
import { inScope } from '../api/auth/scope.js';
import { sessionUser } from '../api/auth/session.js';
import type { AppDeps, AppEnv } from '../api/context.js';
import { UNIT_KINDS, UNIT_KIND_LABELS, units } from '../api/db/schema.js';
import { rankChildren } from '../api/rankings.js';
import { number } from './format.js';
import { MethodSelect, PeriodInputs, pageFilters } from './filters.js';
import { TEXT } from './i18n.js';
import { Layout, PageHead } from './layout.js';


export function rankingPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/staff/ranking', async (c) => {
    const user = await sessionUser(c, deps);
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname + new URL(c.req.url).search)}`);
    const filters = await pageFilters(c, deps, user);
    const { scope, lang } = filters;
    // Parents to choose from: current units in scope that have units below them.
    const withChildren = new Set((await deps.store.db.select({ parentId: units.parentId }).from(units).where(isNotNull(units.parentId)).all()).map((u) => u.parentId));
    const choices = filters.choices.filter((u) => withChildren.has(u.id));
    const kindQuery = c.req.query('kind') ?? '';
    const kind = (UNIT_KINDS as readonly string[]).includes(kindQuery) ? (kindQuery as (typeof UNIT_KINDS)[number]) : undefined;
    const q = { definition: filters.definitionId, parent: Number(c.req.query('parent') ?? user.unitId ?? choices[0]?.id), from: filters.from, to: filters.to };
    const definition = getDefinition(q.definition);
    const allowed = definition && inScope(scope, q.parent) && q.from <= q.to;
    const ranking = allowed ? await rankChildren(deps, scope, definition, q.parent, q, kind) : null;
    const search = new URLSearchParams({ definition: q.definition, parent: String(q.parent), from: q.from, to: q.to, ...(kind ? { kind } : {}) });
    return c.html(
      <Layout lang={lang} title={TEXT.ranking[lang]} bodyClass="page report">
        <main>
          <PageHead lang={lang} user={user.displayName} />
          <h1>{TEXT.ranking[lang]}</h1>
          <form method="get" class="filters">
            <MethodSelect lang={lang} value={q.definition} />
            <label>
              {TEXT.parentUnit[lang]}
              <select name="parent">
                {choices.map((p) => (
                  <option value={String(p.id)} selected={p.id === q.parent}>
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
                  <option value={k} selected={k === kind}>
                    {UNIT_KIND_LABELS[k][lang]}
                  </option>
                ))}
              </select>
            </label>
            <PeriodInputs lang={lang} from={q.from} to={q.to} />
            {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
            <button type="submit" class="primary">
              {TEXT.show[lang]}
            </button>
          </form>
          {definition?.notSipas ? <p class="hint">{TEXT.notSipasNote[lang]}</p> : null}
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
                      <td class="num">{r.interval ? `${number(r.interval.lower, lang, 1)}–${number(r.interval.upper, lang, 1)}` : '–'}</td>
                      <td class="num">{r.n === null ? '–' : r.n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</td>
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
              <p class="hint">{TEXT.tierNote[lang]}</p>
              <p class="downloads">
                <a href={`/api/rankings.csv?${search}`}>{TEXT.downloadCsv[lang]}</a>
                <a href={`/api/rankings.xlsx?${search}`}>{TEXT.downloadXlsx[lang]}</a>
                <a href={`/api/reports/units.pdf?definition=${q.definition}&unit=${q.parent}&from=${q.from}&to=${q.to}${kind ? `&kind=${kind}` : ''}`}>{TEXT.downloadReportPdf[lang]}</a>
              </p>
            </>
          )}
        </main>
      </Layout>,
    );
  });
  return app;
}
