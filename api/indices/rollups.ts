import { and, between, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { LEVELS, type Level } from '../../engine/index.js';
import type {
  ROLLUP_GRAINS,
  ratingCounts,
  ratingCountsBelow,
  ratingHourCounts,
  ratingHourCountsBelow,
  ratingReasonCounts,
  ratingReasonCountsBelow,
  transactionCounts,
  transactionCountsBelow,
} from '../platform/db/schema.js';

const DAY_MS = 86_400_000;
type Dates = { from: string; to: string };
type LevelRollup = typeof ratingCounts | typeof ratingHourCounts | typeof ratingCountsBelow | typeof ratingHourCountsBelow;
type Rollup =
  | LevelRollup
  | typeof ratingReasonCounts
  | typeof transactionCounts
  | typeof ratingReasonCountsBelow
  | typeof transactionCountsBelow;

const parts = (isoDate: string) => isoDate.split('-').map(Number) as [number, number, number];

/** A Hà Nội date 'YYYY-MM-DD' as a day period: days since 1970-01-01. */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = parts(isoDate);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The month period of a date: months since January 1970. */
const monthOf = (y: number, m: number) => (y - 1970) * 12 + m - 1;

/** The 'YYYY-MM' of a row's period at its grain. */
export function monthKey(grain: (typeof ROLLUP_GRAINS)[number], period: number): string {
  if (grain === 'day') return new Date(period * DAY_MS).toISOString().slice(0, 7);
  return `${1970 + Math.floor(period / 12)}-${String((period % 12) + 1).padStart(2, '0')}`;
}

export interface Segment {
  grain: (typeof ROLLUP_GRAINS)[number];
  from: number;
  to: number;
}

/**
 * The rollup rows that add up to a period of whole days: the months it covers whole from the
 * month rows, its ragged ends from the day rows. A year is 12 month rows per key, not 365.
 */
export function segments(dates: Dates): Segment[] {
  const first = dayNumber(dates.from);
  const last = dayNumber(dates.to);
  if (last < first) return [];
  const [fy, fm, fd] = parts(dates.from);
  const [ty, tm] = parts(dates.to);
  // The first whole month starts on the 1st on or after `from`; the last whole one ends on or before `to`.
  const firstMonth = fd === 1 ? monthOf(fy, fm) : monthOf(fy, fm) + 1;
  const lastEndsInside = Date.UTC(ty, tm, 1) / DAY_MS - 1 === last; // the day before the next month's 1st
  const lastMonth = lastEndsInside ? monthOf(ty, tm) : monthOf(ty, tm) - 1;
  if (firstMonth > lastMonth) return [{ grain: 'day', from: first, to: last }];
  const monthStart = (month: number) => Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS;
  const result: Segment[] = [];
  if (monthStart(firstMonth) > first) result.push({ grain: 'day', from: first, to: monthStart(firstMonth) - 1 });
  result.push({ grain: 'month', from: firstMonth, to: lastMonth });
  if (monthStart(lastMonth + 1) <= last) result.push({ grain: 'day', from: monthStart(lastMonth + 1), to: last });
  return result;
}

/** Up to this many units (a province, with the communes merged into its wards), a rollup is searched by unit; beyond, read by period. */
const BY_UNIT = 1000;

/**
 * Rows of these units, the column kept out of the search: the unary plus makes it no index key for
 * either database, so thousands of units are a filter on one range read, not a search each.
 */
export function filteredTo(column: SQLiteColumn, ids: number[]) {
  return sql`+${column} in (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}

/**
 * A rollup's rows for some units within one segment. A province's units are search keys; for
 * thousands (a national ranking), searching each costs more than reading the segment's range of
 * the period-led covering index whole.
 */
export function inSegment(t: Rollup, unitIds: number[], s: Segment) {
  const units = unitIds.length <= BY_UNIT ? inArray(t.unitId, unitIds) : filteredTo(t.unitId, unitIds);
  return and(eq(t.grain, s.grain), between(t.period, s.from, s.to), units);
}

/** Runs a query once per segment of a period and returns every row. */
export async function acrossSegments<R>(dates: Dates, query: (s: Segment) => Promise<R[]>): Promise<R[]> {
  return (await Promise.all(segments(dates).map(query))).flat();
}

/** Per-level sums of a rollup, in the shape tapCounts() reads. */
export function levelSums(t: LevelRollup) {
  const columns = { 1: t.l1, 2: t.l2, 3: t.l3, 4: t.l4, 5: t.l5 };
  return Object.fromEntries(LEVELS.map((l) => [`l${l}`, sql<number>`sum(${columns[l]})`])) as Record<`l${Level}`, SQL<number>>;
}

type LevelRow = Record<`l${Level}`, number | null>;

/**
 * Adds up per-level rows that share a key (the same key read from several segments). A key whose
 * counts add up to nothing is left out: a rollup row emptied by deletes is not a rating.
 */
export function addLevels<R extends LevelRow, K>(rows: R[], key: (row: R) => K): Map<K, LevelRow> {
  const sums = new Map<K, LevelRow>();
  for (const row of rows) {
    const k = key(row);
    const sum = sums.get(k) ?? { l1: 0, l2: 0, l3: 0, l4: 0, l5: 0 };
    for (const l of LEVELS) sum[`l${l}`] = Number(sum[`l${l}`]) + Number(row[`l${l}`] ?? 0);
    sums.set(k, sum);
  }
  for (const [k, sum] of sums) if (LEVELS.every((l) => sum[`l${l}`] === 0)) sums.delete(k);
  return sums;
}
