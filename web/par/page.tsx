import { Hono } from 'hono';
import { AssessmentsQuery, PAR_APPRAISERS, PAR_ENTRANTS, PAR_IDS, ResultsQuery } from '../../api/par/schemas.js';
import { assessmentView, listAssessments, results } from '../../api/par/service.js';
import type { AppDeps, AppEnv, SessionUser } from '../../api/platform/context.js';
import { vnDate, vnDateTime } from '../../api/platform/time.js';
import { PAR_STATE_LABELS, PAR_STATES, rankingRules, UNIT_KIND_LABELS } from '../../api/platform/vocabulary.js';
import { accessibleUnit } from '../../api/units/access.js';
import { currentUnits } from '../../api/units/service.js';
import { displayNames } from '../../api/users/service.js';
import { type Definition, getDefinition, type NodeResult } from '../../engine/index.js';
import { loadPage, PageError, ShowButton, UnconfirmedNotice } from '../platform/filters.js';
import { number } from '../platform/format.js';
import { type Lang, langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

type View = Awaited<ReturnType<typeof assessmentView>>;
type Item = View['items'][number];
type Leaf = Extract<Definition['root'], { max: number }> & { rule: string };

const may = (roles: readonly string[], user: SessionUser) => roles.includes(user.role);
const points = (x: number | null | undefined, lang: Lang) => (x === null || x === undefined ? '–' : number(x, lang, 2));

function flatten(node: NodeResult | undefined, out = new Map<string, NodeResult>()) {
  if (!node) return out;
  out.set(node.id, node);
  for (const child of node.children ?? []) flatten(child, out);
  return out;
}

function StateBadge(props: { lang: Lang; state: (typeof PAR_STATES)[number] }) {
  return <span class={`badge state-${props.state}`}>{PAR_STATE_LABELS[props.state][props.lang]}</span>;
}

/** PAR workspace: the assessments of the caller's units, each assessment's forms, and published results. */
export function parPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/staff/par', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const scope = c.get('scope');
    const { form, result } = await loadPage(AssessmentsQuery, {}, c.req.query(), (q) => listAssessments(deps, scope, q));
    const rows = result.ok ? result.value : [];
    const thisYear = Number(vnDate(deps.now()).slice(0, 4));
    const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
    const published = [...new Set(rows.filter((r) => r.state === 'published').map((r) => `${r.year}|${r.definitionId}`))];
    const units = may(PAR_ENTRANTS, user) ? await currentUnits(deps, scope) : [];
    return c.html(
      <Layout lang={lang} title={TEXT.parShort[lang]} bodyClass="page par" scripts={['/public/par.js']}>
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.par[lang]}</h1>
          <p class="hint">{TEXT.parNote[lang]}</p>
          <form method="get" class="filters">
            <label>
              {TEXT.year[lang]}
              <select name="year">
                <option value="">{TEXT.allYears[lang]}</option>
                {years.map((y) => (
                  <option value={String(y)} selected={form.year === String(y)}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {TEXT.status[lang]}
              <select name="state">
                <option value="">{TEXT.allStates[lang]}</option>
                {PAR_STATES.map((s) => (
                  <option value={s} selected={form.state === s}>
                    {PAR_STATE_LABELS[s][lang]}
                  </option>
                ))}
              </select>
            </label>
            <ShowButton lang={lang} />
          </form>
          {result.ok ? null : <PageError lang={lang} error={result.error} />}
          {rows.length === 0 ? (
            <p>{TEXT.noAssessments[lang]}</p>
          ) : (
            <table class="data cards-on-phone" id="assessments">
              <thead>
                <tr>
                  <th>{TEXT.unit[lang]}</th>
                  <th class="num">{TEXT.year[lang]}</th>
                  <th>{TEXT.method[lang]}</th>
                  <th class="num">{TEXT.version[lang]}</th>
                  <th>{TEXT.status[lang]}</th>
                  <th class="num">{TEXT.selfIndex[lang]}</th>
                  <th class="num">{TEXT.appraisedIndex[lang]}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td data-label={TEXT.unit[lang]}>{r.unit.name}</td>
                    <td data-label={TEXT.year[lang]} class="num">
                      {r.year}
                    </td>
                    <td data-label={TEXT.method[lang]}>{getDefinition(r.definitionId)?.title[lang]}</td>
                    <td data-label={TEXT.version[lang]} class="num">
                      {r.version}
                    </td>
                    <td data-label={TEXT.status[lang]}>
                      <StateBadge lang={lang} state={r.state} />
                    </td>
                    <td data-label={TEXT.selfIndex[lang]} class="num">
                      {points(r.selfIndex, lang)}
                    </td>
                    <td data-label={TEXT.appraisedIndex[lang]} class="num">
                      {points(r.appraisedIndex, lang)}
                    </td>
                    <td>
                      <a href={withLang(lang, `/staff/par/${r.id}`)}>{TEXT.openAssessment[lang]}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {published.length ? (
            <section>
              <h2>{TEXT.publishedResults[lang]}</h2>
              <ul>
                {published.map((key) => {
                  const [year, definitionId] = key.split('|') as [string, string];
                  return (
                    <li>
                      <a href={withLang(lang, `/staff/par/results?year=${year}&definitionId=${definitionId}`)}>
                        {getDefinition(definitionId)?.title[lang]} – {year}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
          {units.length ? (
            <section>
              <h2>{TEXT.newAssessment[lang]}</h2>
              <form id="new-assessment" class="filters">
                <label>
                  {TEXT.unit[lang]}
                  <select name="unitId" required>
                    {units.map((u) => (
                      <option value={String(u.id)}>{u.name}</option>
                    ))}
                  </select>
                </label>
                <label>
                  {TEXT.year[lang]}
                  <input type="number" name="year" min="2017" max="2100" value={String(thisYear)} required />
                </label>
                <label>
                  {TEXT.method[lang]}
                  <select name="definitionId">
                    {PAR_IDS.map((id) => (
                      <option value={id}>{getDefinition(id)?.title[lang]}</option>
                    ))}
                  </select>
                </label>
                <button type="submit" class="primary">
                  {TEXT.create[lang]}
                </button>
                <p class="error" role="alert" hidden></p>
              </form>
            </section>
          ) : null}
        </main>
      </Layout>,
    );
  });

  app.get('/staff/par/results', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const { form, result } = await loadPage(ResultsQuery, {}, c.req.query(), (q) => results(deps, c.get('scope'), q.year, q.definitionId));
    const definition = getDefinition(form.definitionId ?? '');
    return c.html(
      <Layout lang={lang} title={TEXT.publishedResults[lang]} bodyClass="page par report">
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>
            {TEXT.publishedResults[lang]}: {definition?.title[lang]} – {form.year}
          </h1>
          <p>
            <a href={withLang(lang, '/staff/par')}>{TEXT.parShort[lang]}</a>
          </p>
          {result.ok ? null : <PageError lang={lang} error={result.error} />}
          {(result.ok ? result.value : []).map((block) => (
            <section>
              <h2>{UNIT_KIND_LABELS[block.block][lang]}</h2>
              <UnconfirmedNotice lang={lang} rules={block.unconfirmed} />
              <table class="data cards-on-phone" id={`results-${block.block}`}>
                <thead>
                  <tr>
                    <th class="num">{TEXT.officialRank[lang]}</th>
                    <th>{TEXT.unit[lang]}</th>
                    <th class="num">{TEXT.parShort[lang]} (%)</th>
                    <th>{TEXT.group[lang]}</th>
                    <th class="num">{TEXT.appraisedPoints[lang]}</th>
                    <th class="num">{TEXT.surveyPoints[lang]}</th>
                    <th>{TEXT.tier[lang]}</th>
                  </tr>
                </thead>
                <tbody>
                  {block.units.map((u) => (
                    <tr>
                      <td data-label={TEXT.officialRank[lang]} class="num">
                        {u.rank ?? '–'}
                      </td>
                      <td data-label={TEXT.unit[lang]}>
                        <a href={withLang(lang, `/staff/par/${u.assessmentId}`)}>{u.unit.name}</a>
                        {u.publishOverride ? (
                          <span class="flag" title={u.publishOverride}>
                            {' '}
                            ({TEXT.surveyMissingMark[lang]})
                          </span>
                        ) : null}
                      </td>
                      <td data-label={`${TEXT.parShort[lang]} (%)`} class="num">
                        {points(u.published, lang)}
                      </td>
                      <td data-label={TEXT.group[lang]}>{u.group?.label[lang] ?? '–'}</td>
                      <td data-label={TEXT.appraisedPoints[lang]} class="num">
                        {u.appraisalPoints ? `${points(u.appraisalPoints.value, lang)} / ${u.appraisalPoints.max}` : '–'}
                      </td>
                      <td data-label={TEXT.surveyPoints[lang]} class="num">
                        {u.surveyPoints ? `${points(u.surveyPoints.value, lang)} / ${u.surveyPoints.max}` : '–'}
                      </td>
                      <td data-label={TEXT.tier[lang]}>
                        {u.tier ? `${u.tier.tier} (${u.tier.rankRange[0]}–${u.tier.rankRange[1]})` : '–'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="hint">{rankingRules(block.comparisons, block.tieBreak)[lang]}</p>
            </section>
          ))}
        </main>
      </Layout>,
    );
  });

  app.get('/staff/par/:id{[0-9]+}', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const view = await assessmentView(deps, { user, scope: c.get('scope') }, Number(c.req.param('id')));
    const { assessment: a } = view;
    const definition = getDefinition(a.definitionId) as Definition;
    const unitName = (await accessibleUnit(deps, c.get('scope'), a.unitId, 'unitId')).name;
    const names = await displayNames(deps, [a.createdBy, a.submittedBy, a.appraisedBy, a.publishedBy]);
    const self = flatten(view.self.root);
    const appraised = flatten(view.appraised?.root);
    const items = new Map(view.items.map((i) => [i.nodeId, i]));
    const entrant = may(PAR_ENTRANTS, user);
    const appraiser = may(PAR_APPRAISERS, user);
    const steps = [
      [TEXT.createdStep[lang], a.createdAt, a.createdBy],
      [TEXT.submittedStep[lang], a.submittedAt, a.submittedBy],
      [TEXT.appraisedStep[lang], a.appraisedAt, a.appraisedBy],
      [TEXT.publishedStep[lang], a.publishedAt, a.publishedBy],
    ] as const;
    const ctx = { lang, state: a.state, entrant, appraiser, self, appraised, items };
    const scoredLeaves = view.self.root.children
      ?.flatMap((n) => n.children ?? [n])
      .filter((n) => n.rule === 'points' && !items.get(n.id)?.notApplicable);
    const scoredCount = scoredLeaves?.length ?? 0;
    const appraisedCount = scoredLeaves?.filter((n) => items.get(n.id)?.appraisedPoints != null).length ?? 0;
    const areas = 'children' in definition.root ? definition.root.children : [definition.root];
    return c.html(
      <Layout lang={lang} title={`${TEXT.parShort[lang]} ${a.year} – ${unitName}`} bodyClass="page par" scripts={['/public/par.js']}>
        <main data-assessment={String(a.id)} data-unit={String(a.unitId)} data-year={String(a.year)} data-definition={a.definitionId}>
          <StaffHead lang={lang} user={user} />
          <p>
            <a href={withLang(lang, '/staff/par')}>{TEXT.parShort[lang]}</a>
          </p>
          <h1>
            {unitName} – {TEXT.parShort[lang]} {a.year}
          </h1>
          <p>
            {definition.title[lang]} · {TEXT.version[lang]} {a.version} · <StateBadge lang={lang} state={a.state} />
          </p>
          {a.correctionReason ? (
            <p class="notice">
              {TEXT.correctionReason[lang]}: {a.correctionReason}
            </p>
          ) : null}
          <UnconfirmedNotice lang={lang} rules={view.unconfirmed} />
          {a.publishOverride ? (
            <p class="notice" id="publish-override">
              {TEXT.publishedOverride[lang]}: {a.publishOverride}
            </p>
          ) : null}
          <dl class="par-totals">
            <dt>{TEXT.selfIndex[lang]}</dt>
            <dd id="self-index">{points(view.self.headline.published, lang)}%</dd>
            {a.state === 'submitted' ? (
              <>
                <dt>{TEXT.appraisalProgress[lang]}</dt>
                <dd id="appraisal-progress">
                  {appraisedCount} / {scoredCount}
                </dd>
              </>
            ) : null}
            {view.appraised && a.state !== 'submitted' ? (
              <>
                <dt>{TEXT.appraisedIndex[lang]}</dt>
                <dd id="appraised-index">
                  {points(view.appraised.headline.published, lang)}%
                  {view.appraised.headline.band ? ` (${view.appraised.headline.band.label[lang]})` : ''}
                </dd>
                {view.appraised.display.map((card) => (
                  <>
                    <dt>{card.label[lang]}</dt>
                    <dd>
                      {points(card.value, lang)} / {card.max}
                    </dd>
                  </>
                ))}
              </>
            ) : null}
          </dl>
          <h2>{TEXT.history[lang]}</h2>
          <ol class="par-history">
            {steps
              .filter(([, at]) => at)
              .map(([label, at, by]) => (
                <li>
                  {label}: {vnDateTime(Date.parse(at as string))[lang]} {TEXT.by[lang]} {names.get(by as number) ?? '–'}
                </li>
              ))}
          </ol>
          <Actions lang={lang} state={a.state} entrant={entrant} appraiser={appraiser} />
          {areas.map((area) => (
            <section class="par-area">
              <h2>{area.label[lang]}</h2>
              {'children' in area ? (
                area.children.map((leaf) => <LeafCard {...ctx} leaf={leaf as Leaf} area={area.label[lang]} />)
              ) : (
                <LeafCard {...ctx} leaf={area as Leaf} />
              )}
            </section>
          ))}
        </main>
      </Layout>,
    );
  });
  return app;
}

/** What the caller may do with the whole assessment now. */
function Actions(props: { lang: Lang; state: (typeof PAR_STATES)[number]; entrant: boolean; appraiser: boolean }) {
  const { lang, state } = props;
  const step = (to: string, label: string) => (
    <form class="par-transition" data-to={to}>
      {to === 'published' ? (
        <label>
          {TEXT.publishOverride[lang]}
          <textarea name="override" minlength={10} maxlength={2000} rows={2}></textarea>
        </label>
      ) : null}
      <button type="submit" class="primary">
        {label}
      </button>
      <p class="error" role="alert" hidden></p>
    </form>
  );
  if (state === 'draft' && props.entrant) return step('submitted', TEXT.submitAssessment[lang]);
  if (state === 'submitted' && props.appraiser) return step('appraised', TEXT.finishAppraisal[lang]);
  if (state === 'appraised' && props.appraiser) return step('published', TEXT.publish[lang]);
  if (state === 'published' && props.appraiser)
    return (
      <form id="par-correction">
        <label>
          {TEXT.correctionReason[lang]}
          <textarea name="correctionReason" required minlength={10} maxlength={2000} rows={2}></textarea>
        </label>
        <button type="submit">{TEXT.correctAssessment[lang]}</button>
        <p class="error" role="alert" hidden></p>
      </form>
    );
  return null;
}

type LeafProps = {
  lang: Lang;
  state: (typeof PAR_STATES)[number];
  entrant: boolean;
  appraiser: boolean;
  self: Map<string, NodeResult>;
  appraised: Map<string, NodeResult>;
  items: Map<string, Item>;
  leaf: Leaf;
  /** The area the item belongs to, which names it in messages. */
  area?: string;
};

/** One scored item: what it holds now, and the form the caller may fill in at this state. */
function LeafCard(props: LeafProps) {
  const { lang, leaf, state } = props;
  const item = props.items.get(leaf.id);
  const selfNode = props.self.get(leaf.id);
  const appraisedNode = props.appraised.get(leaf.id);
  const range = leaf.rule === 'adjustment' ? `${(leaf as { min: number }).min} … +${leaf.max}` : String(leaf.max);
  return (
    <article
      class="par-leaf"
      id={`leaf-${leaf.id}`}
      data-node={leaf.id}
      data-label={props.area ? `${props.area} – ${leaf.label[lang]}` : leaf.label[lang]}
    >
      <h3>
        {leaf.label[lang]}{' '}
        <span class="hint">
          ({TEXT.maxPoints[lang]}: {range})
        </span>
      </h3>
      {leaf.rule === 'points' ? (
        <>
          <p>
            {TEXT.selfPoints[lang]}:{' '}
            <b class="self-points">{item?.notApplicable ? TEXT.notApplicable[lang] : points(item?.selfPoints, lang)}</b>
            {state !== 'draft' ? (
              <>
                {' · '}
                {TEXT.appraisedPoints[lang]}: <b class="appraised-points">{points(item?.appraisedPoints, lang)}</b>
                {item?.appraisalReason ? ` (${TEXT.reason[lang]}: ${item.appraisalReason})` : ''}
              </>
            ) : null}
          </p>
          <Evidence lang={lang} item={item} />
          {state === 'draft' && props.entrant ? <SelfForm lang={lang} leaf={leaf} item={item} /> : null}
          {state === 'submitted' && props.appraiser ? <AppraiseForm lang={lang} leaf={leaf} item={item} /> : null}
        </>
      ) : null}
      {leaf.rule === 'adjustment' ? (
        <>
          <p>
            {TEXT.appraisedPoints[lang]}: <b class="appraised-points">{points(item?.appraisedPoints, lang)}</b>
            {item?.appraisalReason ? ` (${TEXT.reason[lang]}: ${item.appraisalReason})` : ''}
          </p>
          {state === 'submitted' && props.appraiser ? <AppraiseForm lang={lang} leaf={leaf} item={item} /> : null}
        </>
      ) : null}
      {leaf.rule === 'points_table' ? (
        <>
          <p>
            {TEXT.surveyPoints[lang]}: <b>{points((appraisedNode ?? selfNode)?.value, lang)}</b>
            {item?.surveyCounts ? null : <span class="hint"> – {TEXT.surveyFromWaves[lang]}</span>}
          </p>
          {props.appraiser && state !== 'published' ? (
            <SurveyForm lang={lang} leaf={leaf as Leaf & { table: Record<string, number | null> }} item={item} />
          ) : item?.surveyCounts ? (
            <p class="hint">
              {TEXT.surveyAnswers[lang]}:{' '}
              {Object.entries(item.surveyCounts)
                .map(([code, n]) => `${code}: ${n}`)
                .join(', ')}
            </p>
          ) : null}
        </>
      ) : null}
      {leaf.rule === 'from_index' ? (
        <p>
          {TEXT.sipasFolded[lang]}: <b>{points((appraisedNode ?? selfNode)?.value, lang)}</b>
          {selfNode?.n ? ` (n = ${selfNode.n})` : ''}
        </p>
      ) : null}
    </article>
  );
}

function Evidence(props: { lang: Lang; item: Item | undefined }) {
  const e = props.item?.evidence;
  if (!e) return null;
  const id = props.item?.assessmentId;
  return (
    <p class="evidence">
      {TEXT.evidence[props.lang]}: {[e.document, e.date, props.item?.note].filter(Boolean).join(' · ')}{' '}
      {e.link ? <a href={e.link}>{e.link}</a> : null}{' '}
      {e.fileId ? <a href={`/api/par-assessments/${id}/evidence/${e.fileId}`}>{e.file ?? e.fileId}</a> : null}
    </p>
  );
}

function SelfForm(props: { lang: Lang; leaf: Leaf; item: Item | undefined }) {
  const { lang, leaf, item } = props;
  const e = item?.evidence;
  return (
    <>
      <form class="par-self">
        <label>
          {TEXT.selfPoints[lang]}
          <input type="number" name="points" min="0" max={String(leaf.max)} step="0.25" value={item?.selfPoints?.toString() ?? ''} />
        </label>
        <label class="check">
          <input type="checkbox" name="notApplicable" checked={item?.notApplicable ?? false} /> {TEXT.notApplicable[lang]}
        </label>
        <label>
          {TEXT.documentNo[lang]}
          <input type="text" name="document" maxlength={200} value={e?.document ?? ''} />
        </label>
        <label>
          {TEXT.documentDate[lang]}
          <input type="date" name="date" value={e?.date ?? ''} />
        </label>
        <label>
          {TEXT.link[lang]}
          <input type="url" name="link" value={e?.link ?? ''} />
        </label>
        <label>
          {TEXT.note[lang]}
          <input type="text" name="note" maxlength={2000} value={item?.note ?? ''} />
        </label>
        <button type="submit" class="primary">
          {TEXT.save[lang]}
        </button>
        <p class="error" role="alert" hidden></p>
      </form>
      {item ? (
        <form class="par-evidence">
          <label>
            {TEXT.evidenceFile[lang]}
            <input type="file" name="file" required accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx" />
          </label>
          <button type="submit">{TEXT.upload[lang]}</button>
          <p class="error" role="alert" hidden></p>
        </form>
      ) : null}
    </>
  );
}

function AppraiseForm(props: { lang: Lang; leaf: Leaf; item: Item | undefined }) {
  const { lang, leaf, item } = props;
  const lower = leaf.rule === 'adjustment' ? (leaf as { min: number }).min : 0;
  const scored = leaf.rule === 'points' && item && (item.selfPoints !== null || item.notApplicable);
  return (
    <div class="par-appraise">
      {scored ? (
        <form class="par-accept">
          <button type="submit">{TEXT.acceptScore[lang]}</button>
          <p class="error" role="alert" hidden></p>
        </form>
      ) : null}
      <form class="par-change">
        <label>
          {TEXT.appraisedPoints[lang]}
          <input type="number" name="points" min={String(lower)} max={String(leaf.max)} step="0.25" required />
        </label>
        <label>
          {TEXT.reason[lang]}
          <input type="text" name="reason" required minlength={5} maxlength={2000} />
        </label>
        <button type="submit">{TEXT.changeScore[lang]}</button>
        <p class="error" role="alert" hidden></p>
      </form>
    </div>
  );
}

function SurveyForm(props: { lang: Lang; leaf: Leaf & { table: Record<string, number | null> }; item: Item | undefined }) {
  const { lang, leaf, item } = props;
  return (
    <form class="par-survey">
      <fieldset>
        <legend>{TEXT.surveyAnswers[lang]}</legend>
        {Object.keys(leaf.table).map((code) => (
          <label class="count">
            {code}
            <input type="number" name={code} min="0" step="1" value={item?.surveyCounts?.[code]?.toString() ?? ''} />
          </label>
        ))}
      </fieldset>
      <button type="submit">{TEXT.save[lang]}</button>
      <p class="error" role="alert" hidden></p>
    </form>
  );
}
