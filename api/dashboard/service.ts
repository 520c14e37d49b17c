import { and, desc, eq, inArray, isNotNull, ne, type SQL, sql } from 'drizzle-orm';
import {
  type Computation,
  compute,
  type Definition,
  getDefinition,
  type Inputs,
  measuredLeaves,
  mergeInputs,
  type NodeResult,
} from '../../engine/index.js';
import { listAlerts } from '../alerts/service.js';
import { acrossSegments, addLevels, filteredTo, inSegment, levelSums, monthKey, type Segment } from '../indices/rollups.js';
import { computeFrom, computeStored, storedInputs, tapCounts } from '../indices/service.js';
import { sha256 } from '../platform/auth/secrets.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { perDatabase } from '../platform/db/per-database.js';
import {
  counters,
  followUps,
  ratingCounts,
  ratingCountsBelow,
  ratingHourCounts,
  ratingHourCountsBelow,
  ratingReasonCounts,
  ratingReasonCountsBelow,
  ratings,
  transactionCounts,
  transactionCountsBelow,
  units,
} from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import { errors } from '../platform/errors.js';
import type { Sheet } from '../platform/sheets.js';
import { type Period, vnDateTime, vnDay, vnDayEnd, vnDayStart } from '../platform/time.js';
import { RATING_CHANNEL_LABELS, RATING_CHANNELS, REASON_CODES, REASONS } from '../platform/vocabulary.js';
import { rankChildren } from '../rankings/service.js';
import { accessibleUnit, type Figure, figureUnits, unionOf } from '../units/access.js';
import { DASHBOARD_TABLE_LABELS, type DashboardQuery, type TREND_STEPS } from './schemas.js';

const TAP = getDefinition('tap-rating') as Definition;
const SERVICE = getDefinition('service-qd766-2022') as Definition;
const SIPAS = getDefinition('sipas-qd1001-2023') as Definition;

/** The tap rating of some counts: value, interval, n and whether n is below the method's minimum. */
function headlineFigure({ headline }: Computation) {
  return { value: headline.value, interval: headline.interval, n: headline.n ?? 0, lowN: headline.lowN };
}
const tapFigure = (inputs: Inputs) => headlineFigure(compute(TAP, inputs, { hash: sha256 }));
const tapOf = (row: Parameters<typeof tapCounts>[0]) => tapFigure(tapCounts(row));

/** A node of a result as the dashboard shows it. */
const figureOf = (node: NodeResult) => ({
  id: node.id,
  label: node.label,
  value: node.value,
  interval: node.interval,
  n: node.n,
  lowN: node.lowN,
  max: node.max,
});

function leavesOf(node: NodeResult): NodeResult[] {
  return node.children ? node.children.flatMap(leavesOf) : [node];
}

/**
 * Everything the unit dashboard shows for a unit's figure units (see figureUnits) over a period of
 * Hà Nội dates: the tap rating with its coverage, trend (by month, quarter or year), channels,
 * counters, an hour × weekday map, reasons and comments; the QĐ 766 components stored dossiers carry; and
 * the latest SIPAS survey's elements and criteria, weakest first.
 */
export async function unitDashboard(
  deps: AppDeps,
  figure: Figure,
  dates: { from: string; to: string },
  trendBy: (typeof TREND_STEPS)[number] = 'month',
) {
  const period: Period = { from: vnDayStart(dates.from), to: vnDayEnd(dates.to) };
  const db = deps.store.db;
  const { own, below } = figure;
  // Counts come from the rollups the triggers keep: a period's whole months and ragged days, each
  // unit's own rows and the rows kept below a unit (see figureUnits). The reads do not depend on
  // one another, so on PostgreSQL they run side by side.
  const c = ratingCounts;
  const h = ratingHourCounts;
  const r = ratingReasonCounts;
  const cb = ratingCountsBelow;
  const hb = ratingHourCountsBelow;
  const rb = ratingReasonCountsBelow;
  const ifBelow = async <R>(query: (s: Segment) => Promise<R[]>) => (below.length ? acrossSegments(dates, query) : []);
  const ownAndBelow = async <R>(ownRows: (s: Segment) => Promise<R[]>, belowRows: (s: Segment) => Promise<R[]>) =>
    (await Promise.all([acrossSegments(dates, ownRows), ifBelow(belowRows)])).flat();
  const [byKey, byChannelBelow, byCounter, monthRows, hourRows, reasonRows, dossiers, comments, service, stored] = await Promise.all([
    // Total, channels and (for a unit's own counters) counters from one read: counts by channel and counter.
    acrossSegments(dates, (s) =>
      db
        .select({ channel: c.channel, counterId: c.counterId, ...levelSums(c) })
        .from(c)
        .where(inSegment(c, own, s))
        .groupBy(c.channel, c.counterId)
        .all(),
    ),
    ifBelow((s) =>
      db
        .select({ channel: cb.channel, ...levelSums(cb) })
        .from(cb)
        .where(inSegment(cb, below, s))
        .groupBy(cb.channel)
        .all(),
    ),
    // The rows below a unit are not kept per counter: the counters of a subtree are read from its units.
    below.length === 0 || figure.ids.length > COUNTERS_UP_TO
      ? null
      : acrossSegments(dates, (s) =>
          db
            .select({ counterId: c.counterId, ...levelSums(c) })
            .from(c)
            .where(and(inSegment(c, figure.ids, s), ne(c.counterId, 0)))
            .groupBy(c.counterId)
            .all(),
        ),
    acrossSegments(dates, async (s) => {
      const rows = await Promise.all([
        db
          .select({ period: c.period, ...levelSums(c) })
          .from(c)
          .where(inSegment(c, own, s))
          .groupBy(c.period)
          .all(),
        below.length
          ? db
              .select({ period: cb.period, ...levelSums(cb) })
              .from(cb)
              .where(inSegment(cb, below, s))
              .groupBy(cb.period)
              .all()
          : [],
      ]);
      return rows.flat().map((row) => ({ ...row, month: monthKey(s.grain, row.period) }));
    }),
    ownAndBelow(
      (s) =>
        db
          .select({ weekday: h.weekday, hour: h.hour, ...levelSums(h) })
          .from(h)
          .where(inSegment(h, own, s))
          .groupBy(h.weekday, h.hour)
          .all(),
      (s) =>
        db
          .select({ weekday: hb.weekday, hour: hb.hour, ...levelSums(hb) })
          .from(hb)
          .where(inSegment(hb, below, s))
          .groupBy(hb.weekday, hb.hour)
          .all(),
    ),
    ownAndBelow(
      (s) =>
        db
          .select({ reason: r.reason, n: sql<number>`sum(${r.n})` })
          .from(r)
          .where(inSegment(r, own, s))
          .groupBy(r.reason)
          .all(),
      (s) =>
        db
          .select({ reason: rb.reason, n: sql<number>`sum(${rb.n})` })
          .from(rb)
          .where(inSegment(rb, below, s))
          .groupBy(rb.reason)
          .all(),
    ),
    dossiersReceived(deps, figure, dates).then((count) => count(figure)),
    latestComments(deps, figure.ids, period),
    computeStored(deps, SERVICE, figure, dates),
    storedInputs(deps, SIPAS, figure, dates),
  ]);

  const byChannel = [...byKey, ...byChannelBelow];
  const total = [...addLevels(byChannel, () => 'all').values()][0];
  const totalComputation = compute(TAP, tapCounts(total), { hash: sha256 });
  const tap = headlineFigure(totalComputation);

  // Month by month (day rows of the ragged ends join their month), then into quarters or years.
  const byMonth = addLevels(monthRows, (row) => row.month);
  const buckets = new Map<string, Inputs[]>();
  for (const [month, row] of byMonth) {
    const m = Number(month.slice(5, 7));
    const key = trendBy === 'year' ? month.slice(0, 4) : trendBy === 'quarter' ? `${month.slice(0, 4)}-Q${Math.ceil(m / 3)}` : month;
    buckets.set(key, [...(buckets.get(key) ?? []), tapCounts(row)]);
  }
  const trend = [...buckets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, parts]) => ({ period, ...tapFigure(mergeInputs(...parts)) }));

  const perChannel = addLevels(byChannel, (row) => row.channel);
  const channels = RATING_CHANNELS.flatMap((channel) => {
    const row = perChannel.get(channel);
    return row ? [{ channel, ...tapOf(row) }] : [];
  });

  const counterCounts = [...addLevels(below.length ? (byCounter ?? []) : byKey, (row) => row.counterId)].filter(([id]) => id !== 0);
  const counterNames = new Map(
    counterCounts.length
      ? (
          await db
            .select({ id: counters.id, name: counters.name, unit: units.name })
            .from(counters)
            .innerJoin(units, eq(units.id, counters.unitId))
            .where(
              inArray(
                counters.id,
                counterCounts.map(([id]) => id),
              ),
            )
            .all()
        ).map((row) => [row.id, `${row.name} – ${row.unit}`])
      : [],
  );
  const counterRows = counterCounts
    .map(([id, row]) => ({ id, name: counterNames.get(id) ?? '', ...tapOf(row) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));

  const heat = [...addLevels(hourRows, (row) => row.weekday * 24 + row.hour)]
    .sort(([a], [b]) => a - b)
    .map(([hourOfWeek, row]) => {
      const figure = tapOf(row);
      return { weekday: Math.floor(hourOfWeek / 24), hour: hourOfWeek % 24, n: figure.n, value: figure.value };
    });

  const reasonCounts = new Map<string, number>();
  for (const row of reasonRows) reasonCounts.set(row.reason, (reasonCounts.get(row.reason) ?? 0) + Number(row.n));
  const reasons = REASON_CODES.map((code) => ({ code, label: REASONS[code], count: reasonCounts.get(code) ?? 0 }));

  const sipas = computeFrom(SIPAS, stored);
  const criteria = leavesOf(sipas.root)
    .filter((leaf) => leaf.value !== null)
    .map(figureOf)
    .sort((a, b) => (a.value as number) - (b.value as number));

  return {
    period: dates,
    tap: { ...tap, definition: TAP.id, provenance: totalComputation.provenance },
    coverage: { ratings: tap.n, dossiers, share: dossiers ? tap.n / dossiers : null },
    trend,
    channels,
    counters: counterRows,
    countersShown: below.length === 0 || figure.ids.length <= COUNTERS_UP_TO,
    heat,
    reasons,
    comments,
    service: {
      definition: SERVICE.id,
      headline: service.headline,
      measured: measuredLeaves(service.root),
      components: ['progress.1', 'online.2', 'digitisation.2'].map((id) => {
        const node = leavesOf(service.root).find((leaf) => leaf.id === id) as NodeResult;
        return { ...figureOf(node), percent: node.percent };
      }),
    },
    sipas: {
      definition: SIPAS.id,
      headline: sipas.headline,
      survey: stored.survey ?? null,
      design: sipas.design ?? null,
      elements: (sipas.root.children ?? []).flatMap((sub) => (sub.children ?? []).map(figureOf)),
      criteria,
    },
  };
}

/**
 * The 20 latest comments of counted ratings in a period. For a few units, the 20 latest of each,
 * each read backwards along the (unit, rated_at) comment index, then merged; for many (a province
 * of communes, the country), the period's comments read backwards by time alone until 20 of these
 * units are found (the unit column wrapped so neither database walks each unit's comments instead).
 * Reading the period's ratings and sorting them would be millions of rows. Staff see the day of a
 * comment, not its time, so it cannot be matched to a visit at the counter; only a citizen who
 * left a number for a call back is shown with the time.
 */
async function latestComments(deps: AppDeps, ids: number[], period: Period) {
  const found =
    ids.length <= FEW_UNITS
      ? (await Promise.all(ids.map((unitId) => commentsQuery(deps.store.db).all({ unitId, from: period.from, to: period.to })))).flat()
      : await commentsOf(deps.store.db, filteredTo(ratings.unitId, ids), period).all();
  return found
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id)
    .slice(0, 20)
    .map((c) => ({
      at: c.followUp === null ? vnDay(c.at.getTime()) : vnDateTime(c.at.getTime()),
      level: c.level,
      text: c.text as string,
      channel: c.channel,
    }));
}

/**
 * Up to this many units (a province), a subtree's counters are listed, read from its units' own
 * rows; the country's thousands of counters are a table for each province's dashboard.
 */
const COUNTERS_UP_TO = 1000;

/** Up to this many units, a unit's latest comments are read along its own index. */
const FEW_UNITS = 64;

const commentsOf = (db: Db, units: SQL, period: { from: unknown; to: unknown }) =>
  db
    .select({
      id: ratings.id,
      at: ratings.ratedAt,
      level: ratings.level,
      text: ratings.comment,
      channel: ratings.channel,
      followUp: followUps.ratingId,
    })
    .from(ratings)
    .leftJoin(followUps, eq(followUps.ratingId, ratings.id))
    .where(
      and(
        units,
        isNotNull(ratings.comment),
        eq(ratings.counted, true),
        sql`${ratings.ratedAt} >= ${period.from}`,
        sql`${ratings.ratedAt} < ${period.to}`,
      ),
    )
    .orderBy(desc(ratings.ratedAt), desc(ratings.id))
    .limit(20);

const commentsQuery = perDatabase((db: Db) =>
  commentsOf(db, eq(ratings.unitId, sql.placeholder('unitId')), { from: sql.placeholder('from'), to: sql.placeholder('to') }).prepare(),
);

export type UnitDashboard = Awaited<ReturnType<typeof unitDashboard>>;

/** The dashboard of a unit in the scope, with its open alerts: what the API answers and the page shows. */
export async function loadDashboard(deps: AppDeps, scope: AccessScope, q: DashboardQuery) {
  if (q.to < q.from) throw errors.periodBackwards;
  const unit = await accessibleUnit(deps, scope, q.unit, 'unit');
  const { reach, ...figure } = await figureUnits(deps, scope, unit.id);
  const [alerts, dashboard, below] = await Promise.all([
    listAlerts(deps, scope, 'open', figure.ids),
    unitDashboard(deps, figure, q, q.trend),
    unitsBelow(deps, scope, unit.id, q),
  ]);
  return { unit, reach, ...dashboard, below, alerts };
}

/**
 * Dossiers received over whole Hà Nội days, from the rollups, by the units of a figure (perhaps
 * several figures' together): answers the count of any figure within it.
 */
async function dossiersReceived(deps: AppDeps, figure: Figure, dates: { from: string; to: string }) {
  const received = async (t: typeof transactionCounts | typeof transactionCountsBelow, ids: number[]) => {
    const rows = ids.length
      ? await acrossSegments(dates, (s) =>
          deps.store.db
            .select({ unitId: t.unitId, n: sql<number>`sum(${t.received})` })
            .from(t)
            .where(inSegment(t, ids, s))
            .groupBy(t.unitId)
            .all(),
        )
      : [];
    const each = new Map<number, number>();
    for (const r of rows) each.set(r.unitId, (each.get(r.unitId) ?? 0) + Number(r.n ?? 0));
    return (of: number[]) => of.reduce((sum, id) => sum + (each.get(id) ?? 0), 0);
  };
  const [own, below] = await Promise.all([received(transactionCounts, figure.own), received(transactionCountsBelow, figure.below)]);
  return (part: Figure) => own(part.own) + below(part.below);
}

/**
 * The units directly below one (existing at the end of the period, in the scope), in Vietnamese
 * order, each with its tap rating on today's boundaries, the ratings' coverage of its dossiers and
 * the change from the previous period: the table a province's dashboard leads to its units by.
 */
async function unitsBelow(deps: AppDeps, scope: AccessScope, unitId: number, dates: { from: string; to: string }) {
  const { blocks, figureOf } = await rankChildren(deps, scope, TAP, unitId, dates);
  const rows = blocks.flatMap((b) => b.rows);
  const dossiers = await dossiersReceived(deps, unionOf(rows.map((r) => figureOf(r.unit.id))), dates);
  const collator = new Intl.Collator('vi');
  return rows
    .map(({ unit, value, interval, n, lowN, previous, change }) => {
      const received = dossiers(figureOf(unit.id));
      return { unit, value, interval, n, lowN, coverage: received ? (n ?? 0) / received : null, previous, change };
    })
    .sort((a, b) => collator.compare(a.unit.name, b.unit.name));
}
export type LoadedDashboard = Awaited<ReturnType<typeof loadDashboard>>;

const WEEKDAY_NAMES = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];

/** Every table of the dashboard, as the page shows them, for a workbook. */
export function dashboardSheets(d: UnitDashboard): Sheet[] {
  const share = ['Tỷ lệ hài lòng (%)', 'KTC 95% (dưới)', 'KTC 95% (trên)', 'Cỡ mẫu (n)'];
  const figure = (f: { value: number | null; interval: { lower: number; upper: number } | null; n: number | null }) => [
    f.value,
    f.interval?.lower,
    f.interval?.upper,
    f.n,
  ];
  return [
    {
      key: 'summary',
      name: DASHBOARD_TABLE_LABELS.summary.vi,
      headers: ['Chỉ tiêu', 'Giá trị', 'KTC 95% (dưới)', 'KTC 95% (trên)', 'Cỡ mẫu (n)'],
      rows: [
        ['Tỷ lệ hài lòng (đánh giá nhanh, %)', ...figure(d.tap)],
        ['Chỉ số SIPAS (%)', ...figure(d.sipas.headline)],
        ['Chỉ số phục vụ QĐ 766 (điểm, thành phần đã lưu)', ...figure(d.service.headline)],
        ['Số lượt đánh giá', d.coverage.ratings],
        ['Số hồ sơ tiếp nhận', d.coverage.dossiers],
        ['Độ bao phủ (%)', d.coverage.share === null ? null : 100 * d.coverage.share],
      ],
    },
    { key: 'trend', name: DASHBOARD_TABLE_LABELS.trend.vi, headers: ['Kỳ', ...share], rows: d.trend.map((t) => [t.period, ...figure(t)]) },
    {
      key: 'channels',
      name: DASHBOARD_TABLE_LABELS.channels.vi,
      headers: ['Kênh', ...share],
      rows: d.channels.map((c) => [RATING_CHANNEL_LABELS[c.channel].vi, ...figure(c)]),
    },
    {
      key: 'counters',
      name: DASHBOARD_TABLE_LABELS.counters.vi,
      headers: ['Quầy', ...share],
      rows: d.counters.map((c) => [c.name, ...figure(c)]),
    },
    {
      key: 'hours',
      name: DASHBOARD_TABLE_LABELS.hours.vi,
      headers: ['Thứ', 'Giờ', 'Tỷ lệ hài lòng (%)', 'Cỡ mẫu (n)'],
      rows: d.heat.map((h) => [WEEKDAY_NAMES[h.weekday], h.hour, h.value, h.n]),
    },
    {
      key: 'reasons',
      name: DASHBOARD_TABLE_LABELS.reasons.vi,
      headers: ['Lý do', 'Số lần chọn'],
      rows: d.reasons.map((r) => [r.label.vi, r.count]),
    },
    {
      key: 'comments',
      name: DASHBOARD_TABLE_LABELS.comments.vi,
      headers: ['Thời điểm', 'Kênh', 'Mức', 'Nội dung'],
      rows: d.comments.map((c) => [c.at.vi, RATING_CHANNEL_LABELS[c.channel].vi, c.level, c.text]),
    },
    {
      key: 'service',
      name: DASHBOARD_TABLE_LABELS.service.vi,
      headers: ['Thành phần', 'Điểm', 'Điểm tối đa', 'Tỷ lệ (%)', 'Cỡ mẫu (n)'],
      rows: d.service.components.map((s) => [s.label.vi, s.value, s.max, s.percent, s.n]),
    },
    {
      key: 'elements',
      name: DASHBOARD_TABLE_LABELS.elements.vi,
      headers: ['Yếu tố', ...share],
      rows: d.sipas.elements.map((e) => [e.label.vi, ...figure(e)]),
    },
    {
      key: 'criteria',
      name: DASHBOARD_TABLE_LABELS.criteria.vi,
      headers: ['Tiêu chí', ...share],
      rows: d.sipas.criteria.map((e) => [e.label.vi, ...figure(e)]),
    },
  ];
}
