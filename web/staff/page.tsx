import { Hono } from 'hono';
import { listAlerts } from '../../api/alerts/service.js';
import { CALLBACK_HANDLERS } from '../../api/callbacks/schemas.js';
import { listCallbacks } from '../../api/callbacks/service.js';
import { MAX_COMPARED } from '../../api/compare/schemas.js';
import { loadIndex } from '../../api/indices/service.js';
import { listKiosks } from '../../api/kiosks/service.js';
import { PAR_APPRAISERS, PAR_ENTRANTS } from '../../api/par/schemas.js';
import { listAssessments } from '../../api/par/service.js';
import type { AccessScope, AppDeps, AppEnv, SessionUser } from '../../api/platform/context.js';
import { dayMonthYear, vnDate } from '../../api/platform/time.js';
import { loadRanking, previousPeriod } from '../../api/rankings/service.js';
import { HOLD_READERS } from '../../api/rating-holds/schemas.js';
import { listHolds } from '../../api/rating-holds/service.js';
import { waveStatuses } from '../../api/surveys/service.js';
import { currentUnits } from '../../api/units/service.js';
import { yearSoFar } from '../platform/filters.js';
import { count, interval, number } from '../platform/format.js';
import { type Lang, langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

const may = (roles: readonly string[], user: SessionUser) => roles.includes(user.role);

type Attention = { href: string; count: number; label: string };

/** What the caller should see to first: each item one they may act on, with how many. */
async function attention(deps: AppDeps, user: SessionUser, scope: AccessScope, lang: Lang): Promise<Attention[]> {
  const today = vnDate(deps.now());
  const items: Attention[] = [];
  const alerts = await listAlerts(deps, scope, 'open');
  items.push({ href: '/staff/alerts', count: alerts.length, label: TEXT.attentionAlerts[lang] });
  if (may(HOLD_READERS, user))
    items.push({
      href: '/staff/holds',
      count: (await listHolds(deps, scope, { status: 'pending' })).length,
      label: TEXT.attentionHolds[lang],
    });
  // Kiosks to see to: one an alert says is down while its counter serves, or one refusing its key
  // since it was last heard (plain silence is every kiosk's state at night).
  const down = new Set(alerts.filter((a) => a.kind === 'kiosk_silent').map((a) => a.counterId));
  const kiosks = (await listKiosks(deps, scope)).filter(
    (k) => k.status === 'active' && (down.has(k.counter.id) || (k.lastRefusedAt !== null && k.lastRefusedAt > (k.lastSeenAt ?? ''))),
  );
  items.push({ href: '/staff/kiosks', count: kiosks.length, label: TEXT.attentionKiosks[lang] });
  const late = (await waveStatuses(deps, scope)).filter(
    (s) => s.wave.status === 'fieldwork' && s.wave.periodTo < today && s.units.some((u) => u.completed < u.planned),
  );
  items.push({ href: '/staff/surveys', count: late.length, label: TEXT.attentionWaves[lang] });
  if (may(PAR_APPRAISERS, user))
    items.push({
      href: '/staff/par?state=submitted',
      count: (await listAssessments(deps, scope, { state: 'submitted' })).length,
      label: TEXT.attentionAppraisal[lang],
    });
  else if (may(PAR_ENTRANTS, user))
    items.push({
      href: '/staff/par?state=draft',
      count: (await listAssessments(deps, scope, { state: 'draft' })).length,
      label: TEXT.attentionDrafts[lang],
    });
  if (may(CALLBACK_HANDLERS, user))
    items.push({
      href: '/staff/callbacks',
      count: (await listCallbacks(deps, scope, 'pending')).length,
      label: TEXT.attentionCallbacks[lang],
    });
  return items;
}

/**
 * The figure each role starts from, for the year so far beside the same days a year before: Home Affairs, leaders
 * and admins the units directly below their own; a unit's staff their own unit.
 */
async function overview(deps: AppDeps, user: SessionUser, scope: AccessScope) {
  const period = yearSoFar(deps.now());
  const previous = previousPeriod(period.from, period.to);
  if (user.role === 'unit_staff' && user.unitId !== null) {
    const q = { definition: 'tap-rating', unit: user.unitId, scope: 'unit', boundaries: 'as_recorded', rollup: 'pooled' } as const;
    const [now, before] = [await loadIndex(deps, scope, { ...q, ...period }), await loadIndex(deps, scope, { ...q, ...previous })];
    const n = now.computations[0]?.headline.n ?? null;
    const rows = [{ unit: now.unit, value: now.value, interval: now.interval, n, previous: before.value }];
    return { period, blocks: [{ block: 'own', label: null, rows }] };
  }
  const parent = user.unitId ?? (await currentUnits(deps, scope)).find((u) => u.hasChildren)?.id;
  if (parent === undefined) return { period, blocks: [] };
  const ranking = await loadRanking(deps, scope, { definition: 'tap-rating', parent, ...period, together: 'false' });
  const collator = new Intl.Collator('vi');
  return {
    period,
    blocks: ranking.blocks.map((b) => ({
      block: b.block as string,
      label: b.label,
      rows: [...b.rows].sort((x, y) => collator.compare(x.unit.name, y.unit.name)),
    })),
  };
}

/** The staff home: what needs attention, and the figures of the caller's units. */
export function staffHomePage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const scope = c.get('scope');
    const needs = await attention(deps, user, scope, lang);
    const figures = await overview(deps, user, scope);
    return c.html(
      <Layout lang={lang} title={TEXT.staffHome[lang]} bodyClass="page report">
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.staffHome[lang]}</h1>
          <section>
            <h2>{TEXT.attention[lang]}</h2>
            <ul class="attention" id="attention">
              {needs.map((item) => (
                <li class={item.count > 0 ? 'due' : 'clear'}>
                  <a href={withLang(lang, item.href)}>
                    <b class="attention-count">{count(item.count, lang)}</b> {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>
              {TEXT.tapShare[lang]}, {dayMonthYear(figures.period.from)} – {dayMonthYear(figures.period.to)}
            </h2>
            {figures.blocks.length === 0 ? <p>{TEXT.noUnits[lang]}</p> : null}
            {figures.blocks.map((block) => {
              const dates = `from=${figures.period.from}&to=${figures.period.to}`;
              const compare = `/staff/compare?definition=tap-rating&${dates}&${block.rows.map((r) => `u=${r.unit.id}`).join('&')}`;
              return (
                <>
                  {block.label ? <h3>{block.label[lang]}</h3> : null}
                  <table class="data cards-on-phone overview" id={block.label ? `overview-${block.block}` : 'overview'}>
                    <thead>
                      <tr>
                        <th>{TEXT.unit[lang]}</th>
                        <th class="num">{TEXT.value[lang]} (%)</th>
                        <th class="num">{TEXT.interval[lang]}</th>
                        <th class="num">n</th>
                        <th class="num">{TEXT.changeFromPrevious[lang]}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {block.rows.map((r) => (
                        <tr>
                          <th scope="row">
                            <a href={withLang(lang, `/staff/dashboard?unit=${r.unit.id}&${dates}`)}>{r.unit.name}</a>
                          </th>
                          <td data-label={`${TEXT.value[lang]} (%)`} class="num">
                            {number(r.value, lang)}
                          </td>
                          <td data-label={TEXT.interval[lang]} class="num">
                            {interval(r.interval, lang)}
                          </td>
                          <td data-label="n" class="num">
                            {count(r.n, lang)}
                          </td>
                          <td data-label={TEXT.changeFromPrevious[lang]} class="num">
                            {r.value !== null && r.previous !== null
                              ? `${r.value >= r.previous ? '+' : '−'}${number(Math.abs(r.value - r.previous), lang)}`
                              : '–'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {block.label && block.rows.length >= 2 && block.rows.length <= MAX_COMPARED ? (
                    <p class="actions">
                      <a class="button" href={withLang(lang, compare)} data-compare={block.block}>
                        {TEXT.compareThese[lang]} ({count(block.rows.length, lang)})
                      </a>
                    </p>
                  ) : null}
                </>
              );
            })}
            <p class="hint">{TEXT.notSipasNote[lang]}</p>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
