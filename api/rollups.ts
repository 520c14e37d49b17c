import { type Column, type SQL, and, gte, inArray, lte, sql } from 'drizzle-orm';
import { LEVELS, type Level } from '../engine/index.js';
import { ratingDays, ratingHours, ratingReasonDays } from './db/schema.js';

const DAY_MS = 86_400_000;

/** A Hà Nội date 'YYYY-MM-DD' as the rollups' day number: days since 1970-01-01. */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The date 'YYYY-MM-DD' of a day number. */
export const dayDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Monday 0 … Sunday 6 of a day-number column (day 0, 1 January 1970, was a Thursday). */
export const weekdayOf = (day: Column) => sql<number>`(${day} + 3) % 7`;

/** Per-level sums of a rollup, in the shape tapCounts() reads. */
export function levelSums(t: typeof ratingDays | typeof ratingHours) {
  const columns = { 1: t.l1, 2: t.l2, 3: t.l3, 4: t.l4, 5: t.l5 };
  return Object.fromEntries(LEVELS.map((l) => [`l${l}`, sql<number>`sum(${columns[l]})`])) as Record<`l${Level}`, SQL<number>>;
}

/** A rollup's rows for some units over Hà Nội dates (inclusive). */
export function inDays(t: typeof ratingDays | typeof ratingHours | typeof ratingReasonDays, unitIds: number[], dates: { from: string; to: string }) {
  return and(inArray(t.unitId, unitIds), gte(t.day, dayNumber(dates.from)), lte(t.day, dayNumber(dates.to)));
}
