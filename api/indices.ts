import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { type Definition, type Inputs, LEVELS, type Level, type ReportedInputs, compute, getDefinition, mergeInputs } from '../engine/index.js';
import { sha256 } from './auth/secrets.js';
import type { AppDeps } from './context.js';
import { ratingDays, ratings, transactions, units } from './db/schema.js';
import { inDays, levelSums } from './rollups.js';
import { surveyInputs } from './surveys.js';
import { vnDayEnd, vnDayStart } from './time.js';

export interface UnitScope {
  /** Include every unit below (a district's wards, a province's departments and communes). */
  subtree: boolean;
  /** Recompute on today's boundaries: include the units merged into these (recursively). */
  currentBoundaries: boolean;
}

/** The units whose records make up a unit's figure, walked with a portable recursive CTE. */
export function unitsInScope(deps: AppDeps, unitId: number, scope: UnitScope): number[] {
  const links: SQL[] = [];
  if (scope.subtree) links.push(sql`u.parent_id = s.id`);
  if (scope.currentBoundaries) links.push(sql`u.merged_into_id = s.id`);
  if (links.length === 0) return [unitId];
  const rows = deps.db.all<{ id: number }>(sql`
    with recursive s(id) as (
      select ${unitId}
      union
      select u.id from ${units} u join s on ${sql.join(links, sql` or `)}
    )
    select id from s order by id`);
  return rows.map((r) => r.id);
}

export interface Period {
  from: number;
  to: number;
}

/** `sum(case …)` per level over raw ratings (periods not of whole days); grouping by unit alone follows the covering index. */
export const LEVEL_COUNTS = Object.fromEntries(
  LEVELS.map((l) => [`l${l}`, sql<number>`sum(case when ${ratings.level} = ${sql.raw(String(l))} then 1 else 0 end)`]),
) as Record<`l${Level}`, SQL<number>>;

/** A row of LEVEL_COUNTS as the tap rating's input (levels nobody chose left out). */
export function tapCounts(row: Partial<Record<`l${Level}`, unknown>> | undefined): Inputs {
  const counts = Object.fromEntries(LEVELS.map((l) => [String(l), Number(row?.[`l${l}`] ?? 0)]).filter(([, n]) => Number(n) > 0));
  return { satisfied: { counts } };
}

/** Tap counts per level, per unit, from the day rollups (exact: periods are whole Hà Nội days). */
export function tapInputs(deps: AppDeps, unitIds: number[], dates: { from: string; to: string }, channel?: string): Map<number, Inputs> {
  const where = [inDays(ratingDays, unitIds, dates)];
  if (channel) where.push(eq(ratingDays.channel, channel as (typeof ratingDays.channel.enumValues)[number]));
  const rows = deps.db
    .select({ unitId: ratingDays.unitId, ...levelSums(ratingDays) })
    .from(ratingDays)
    .where(and(...where))
    .groupBy(ratingDays.unitId)
    .all();
  const byUnit = new Map<number, Inputs>(unitIds.map((id) => [id, { satisfied: { counts: {} } }]));
  for (const r of rows) byUnit.set(r.unitId, tapCounts(r));
  return byUnit;
}

/**
 * QĐ 766 rates that the stored dossiers already carry: on time (resolved by the due time, or
 * still within it at the end of the period), submitted online, digitised. One GROUP BY.
 */
export function serviceInputs(deps: AppDeps, unitIds: number[], period: Period): Map<number, Inputs> {
  const t = transactions;
  const rows = deps.db
    .select({
      unitId: t.unitId,
      total: sql<number>`count(*)`,
      onTime: sql<number>`sum(case when (${t.resolvedAt} is not null and ${t.resolvedAt} <= ${t.dueAt}) or (${t.resolvedAt} is null and ${t.dueAt} >= ${period.to}) then 1 else 0 end)`,
      online: sql<number>`sum(case when ${t.channel} = 'online' then 1 else 0 end)`,
      digitised: sql<number>`sum(case when ${t.digitised} then 1 else 0 end)`,
    })
    .from(t)
    .where(and(inArray(t.unitId, unitIds), gte(t.receivedAt, new Date(period.from)), lt(t.receivedAt, new Date(period.to))))
    .groupBy(t.unitId)
    .all();
  const byUnit = new Map<number, Inputs>(unitIds.map((id) => [id, {}]));
  for (const r of rows) {
    const total = Number(r.total);
    byUnit.set(r.unitId, {
      'progress.1': { numerator: Number(r.onTime), denominator: total },
      'online.2': { numerator: Number(r.online), denominator: total },
      'digitisation.2': { numerator: Number(r.digitised), denominator: total },
    });
  }
  return byUnit;
}

/** Methods whose inputs are stored: taps, dossiers and survey answers. */
export const STORED_METHODS = ['tap-rating', 'service-qd766-2022', 'sipas-qd2640-2017', 'sipas-qd1001-2023'] as const;
export type StoredMethod = (typeof STORED_METHODS)[number];

/** A stored method's definition (built in, so always there). */
export function storedMethod(id: StoredMethod): Definition {
  const definition = getDefinition(id);
  if (!definition) throw new Error(`built-in method ${id} is missing`);
  return definition;
}

export interface Stored {
  perUnit: Inputs[];
  /** Reported shares pooled over respondents (survey methods). */
  reported?: ReportedInputs;
  survey?: { planned: number; completed: number; responseRate: number | null };
}

/** Adds respondents' option counts across units. */
function mergeReported(all: ReportedInputs[]): ReportedInputs {
  const merged: ReportedInputs = {};
  for (const reported of all) {
    for (const [id, { counts, respondents }] of Object.entries(reported)) {
      const target = (merged[id] ??= { counts: {}, respondents: 0 });
      target.respondents = (target.respondents ?? 0) + (respondents ?? 0);
      for (const [code, n] of Object.entries(counts)) target.counts[code] = (target.counts[code] ?? 0) + n;
    }
  }
  return merged;
}

/** A method's inputs for units and dates (Hà Nội days, inclusive), each from its stored records. */
export function storedInputs(deps: AppDeps, definition: Definition, unitIds: number[], dates: { from: string; to: string }, channel?: string): Stored {
  const period: Period = { from: vnDayStart(dates.from), to: vnDayEnd(dates.to) };
  if (definition.id === 'tap-rating') return { perUnit: [...tapInputs(deps, unitIds, dates, channel).values()] };
  if (definition.id === 'service-qd766-2022') return { perUnit: [...serviceInputs(deps, unitIds, period).values()] };
  const answers = [...surveyInputs(deps, definition, unitIds, dates.from, dates.to).values()];
  const planned = answers.reduce((s, a) => s + a.planned, 0);
  const completed = answers.reduce((s, a) => s + a.completed, 0);
  return {
    perUnit: answers.map((a) => a.inputs),
    reported: mergeReported(answers.map((a) => a.reported)),
    survey: { planned, completed, responseRate: planned ? completed / planned : null },
  };
}

/** A method for some units and dates, their stored inputs pooled: what every report page shows of a unit. */
export function computeStored(deps: AppDeps, definition: Definition, unitIds: number[], dates: { from: string; to: string }, settings?: Record<string, unknown>) {
  return compute(definition, mergeInputs(...storedInputs(deps, definition, unitIds, dates).perUnit), { hash: sha256, ...(settings ? { settings } : {}) });
}
