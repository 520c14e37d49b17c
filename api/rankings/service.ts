import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { changeBetween, type Definition, officialRanks, statisticalTiers } from '../../engine/index.js';
import { computeFrom, storedInputsEach, storedMethod, storedOf } from '../indices/service.js';
import { unconfirmedRules } from '../methods/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { preamble, type Sheet } from '../platform/sheets.js';
import { dayMonthYear } from '../platform/time.js';
import {
  type BelowKind,
  isOfKind,
  RANKING_BLOCK_LABELS,
  RANKING_BLOCKS,
  type RankingBlock,
  rankingBlockOf,
  rankingRules,
} from '../platform/vocabulary.js';
import { accessibleUnit, canAccess, figureUnitsEach, unionOf, unitsAlone } from '../units/access.js';
import { unitsMakingUp } from '../units/tree.js';
import type { RankingQuery } from './schemas.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The period to compare [from, to] with (dates inclusive). A month, quarter or half-year is
 * compared with the one before (the second half-year with the first); any other stretch of a year
 * from 1 January ("11 tháng năm 2026", the year so far) with the same days of the year before
 * ("cùng kỳ năm trước", so Tết falls in both); other whole months shift by their number of months,
 * other periods by their number of days.
 */
export function previousPeriod(from: string, to: string) {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const months = fd === 1 && td === lastDay ? (ty - fy) * 12 + (tm - fm) + 1 : null;
  if (fm === 1 && fd === 1 && ty === fy && tm < 12 && (months === null || ![1, 3, 6].includes(months))) {
    // 29 February of a leap year becomes the 28th.
    return { from: `${fy - 1}-01-01`, to: iso(Date.UTC(ty - 1, tm - 1, Math.min(td, new Date(Date.UTC(ty - 1, tm, 0)).getUTCDate()))) };
  }
  if (months !== null) return { from: iso(Date.UTC(fy, fm - 1 - months, 1)), to: iso(Date.UTC(fy, fm - 1, 0)) };
  const start = Date.parse(`${from}T00:00:00Z`);
  const length = Date.parse(`${to}T00:00:00Z`) - start + DAY;
  return { from: iso(start - length), to: iso(start - DAY) };
}

/**
 * Ranks the units directly below a parent that exist at the end of the period, each on today's
 * boundaries (its own subtree and the units merged into it), beside the same figure for the
 * previous period. Departments, districts and the commune level are ranked in blocks of their own
 * unless asked `together`. Official rank and statistical tier are two outputs, never one.
 */
export async function rankChildren(
  deps: AppDeps,
  scope: AccessScope,
  definition: Definition,
  parentId: number,
  dates: { from: string; to: string },
  kind?: BelowKind,
  together = false,
) {
  // Directly below the parent, or, given a kind, every unit of that kind anywhere below it
  // (all wards and communes of a province, whatever level sits between; the country's communes).
  const below = kind
    ? new Set((await unitsMakingUp(deps, parentId, { subtree: true, currentBoundaries: false })).filter((id) => id !== parentId))
    : null;
  const children = (
    await deps.store.db
      .select({ id: units.id, code: units.code, name: units.name, kind: units.kind })
      .from(units)
      .where(
        and(
          below ? undefined : eq(units.parentId, parentId),
          lte(units.validFrom, dates.to),
          or(isNull(units.validTo), gt(units.validTo, dates.to)),
        ),
      )
      .all()
  ).filter((u) => canAccess(scope, u.id) && (!below || (below.has(u.id) && isOfKind(kind as BelowKind, u.kind))));
  const previous = previousPeriod(dates.from, dates.to);
  // Each child's figure units, then both periods' inputs of all of them, each read once.
  const figures = await figureUnitsEach(
    deps,
    scope,
    children.map((u) => u.id),
  );
  const figureOf = (unitId: number) => figures.get(unitId) ?? unitsAlone([]);
  const all = unionOf(figures.values());
  const [now, before] = await Promise.all([
    storedInputsEach(deps, definition, all, dates),
    storedInputsEach(deps, definition, all, previous),
  ]);
  const figure = (each: typeof now, unitId: number) => {
    const result = computeFrom(definition, storedOf(definition, each, figureOf(unitId)));
    const { value, interval, n, band, lowN, se } = result.headline;
    return { value, interval, n, band, lowN, se, provenance: result.provenance };
  };
  const rows = children.map((unit) => {
    const current = figure(now, unit.id);
    const earlier = figure(before, unit.id);
    return { unit, ...current, previous: earlier.value, change: changeBetween(current, earlier) };
  });
  const blockOf = (r: (typeof rows)[number]): RankingBlock => (together ? 'all' : rankingBlockOf(r.unit.kind));
  const blocks = RANKING_BLOCKS.map((block) => rows.filter((r) => blockOf(r) === block))
    .filter((members) => members.length > 0)
    .map((members) => {
      const block = blockOf(members[0] as (typeof rows)[number]);
      const keyed = members.map((r) => ({ key: String(r.unit.id), value: r.value, se: r.se, name: r.unit.name }));
      const ranks = officialRanks(keyed, definition.options.tieBreak);
      const { comparisons, tiers } = statisticalTiers(keyed, 0.05, definition.options.multiplicity);
      return {
        block,
        label: RANKING_BLOCK_LABELS[block],
        comparisons,
        rows: members
          .map((r) => ({ ...r, rank: ranks.get(String(r.unit.id)) ?? null, tier: tiers.get(String(r.unit.id)) ?? null }))
          .sort(
            (a, b) =>
              (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || a.unit.name.localeCompare(b.unit.name, 'vi'),
          ),
      };
    });
  // figureOf: each ranked unit's figure units, for a caller that reads more of them (the dashboard).
  return { previousPeriod: previous, tieBreak: definition.options.tieBreak, blocks, figureOf };
}

export type Ranking = Omit<Awaited<ReturnType<typeof rankChildren>>, 'figureOf'>;

/** The ranking as a downloadable table (CSV or XLSX), one row per unit, block by block. */
export function rankingSheet(ranking: Ranking): Sheet {
  return {
    key: 'ranking',
    name: 'Xếp hạng',
    headers: [
      'Khối xếp hạng',
      'Hạng chính thức',
      'Nhóm ngang nhau về thống kê',
      'Khoảng hạng',
      'Không khác biệt có ý nghĩa thống kê với',
      'Mã đơn vị',
      'Đơn vị',
      'Giá trị',
      'Khoảng tin cậy 95% (dưới)',
      'Khoảng tin cậy 95% (trên)',
      'Cỡ mẫu (n)',
      'Kỳ trước',
      'Thay đổi',
      'Thay đổi có ý nghĩa thống kê',
      'Xếp loại',
    ],
    rows: ranking.blocks.flatMap((block) => {
      const names = new Map(block.rows.map((r) => [String(r.unit.id), r.unit.name]));
      return block.rows.map((r) => [
        block.label.vi,
        r.rank,
        r.tier?.tier,
        r.tier ? `${r.tier.rankRange[0]}–${r.tier.rankRange[1]}` : null,
        r.tier
          ? r.tier.alike === null
            ? `${r.tier.rankRange[1] - r.tier.rankRange[0]} đơn vị khác trong khoảng hạng`
            : r.tier.alike.map((key) => names.get(key)).join('; ')
          : null,
        r.unit.code,
        r.unit.name,
        r.value,
        r.interval?.lower,
        r.interval?.upper,
        r.n,
        r.previous,
        r.change?.difference,
        r.change ? (r.change.significant ? 'có' : 'không') : null,
        r.band?.label.vi,
      ]);
    }),
  };
}

/** What a ranking workbook is of, and how its ranks and tiers were decided, block by block. */
export function rankingPreamble(r: Awaited<ReturnType<typeof loadRanking>>) {
  return preamble(`Xếp hạng ${r.definition.title.vi}`, r.parent.name, r.period, r.definition.title.vi, [
    ...r.blocks.map((b) => `${b.label.vi}: ${rankingRules(b.comparisons, r.tieBreak).vi}`),
    `Kỳ trước để so sánh: từ ngày ${dayMonthYear(r.previousPeriod.from)} đến ngày ${dayMonthYear(r.previousPeriod.to)}`,
    ...(r.unconfirmed.length ? [`Quy tắc tạm tính, chưa có văn bản xác nhận: ${r.unconfirmed.map((u) => u.label.vi).join('; ')}`] : []),
  ]);
}

/** The ranking below a parent in the scope: what the API answers and the page shows. */
export async function loadRanking(deps: AppDeps, scope: AccessScope, q: RankingQuery) {
  if (q.to < q.from) throw errors.periodBackwards;
  const parent = await accessibleUnit(deps, scope, q.parent, 'parent');
  const definition = storedMethod(q.definition);
  return {
    definition: { id: definition.id, title: definition.title, notSipas: definition.notSipas },
    parent,
    period: { from: q.from, to: q.to },
    unconfirmed: unconfirmedRules(definition),
    ...(({ figureOf: _, ...ranking }) => ranking)(await rankChildren(deps, scope, definition, parent.id, q, q.kind, q.together === 'true')),
  };
}
