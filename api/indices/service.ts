import { and, count, eq, gte, inArray, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import {
  compute,
  computeDesign,
  type Definition,
  getDefinition,
  type Inputs,
  type JsonValue,
  LEVELS,
  type Level,
  mergeDesigns,
  mergeInputs,
  type ReportedInputs,
  rollUp,
  type SurveyDesign,
} from '../../engine/index.js';
import { engineError } from '../methods/service.js';
import { sha256 } from '../platform/auth/secrets.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import {
  ratingCounts,
  ratingCountsBelow,
  ratings,
  transactionCounts,
  transactionCountsBelow,
  transactions,
  unitReach,
  units,
} from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { vnDayEnd, vnDayStart } from '../platform/time.js';
import { surveyInputs } from '../surveys/service.js';
import { accessibleUnit, assertCanAccess, type Figure, unitsAlone } from '../units/access.js';
import { unitsMakingUp } from '../units/tree.js';
import { acrossSegments, addLevels, inSegment, levelSums } from './rollups.js';
import type { IndexQuery, StoredMethod, SurveyCoverage } from './schemas.js';

/** `sum(case …)` per level over raw ratings (periods not of whole days); grouping by unit alone follows the covering index. */
export const LEVEL_COUNTS = Object.fromEntries(
  LEVELS.map((l) => [`l${l}`, sql<number>`sum(case when ${ratings.level} = ${sql.raw(String(l))} then 1 else 0 end)`]),
) as Record<`l${Level}`, SQL<number>>;

/** A row of LEVEL_COUNTS as the tap rating's input (levels nobody chose left out). */
export function tapCounts(row: Partial<Record<`l${Level}`, unknown>> | undefined): Inputs {
  const counts = Object.fromEntries(LEVELS.map((l) => [String(l), Number(row?.[`l${l}`] ?? 0)]).filter(([, n]) => Number(n) > 0));
  return { satisfied: { counts } };
}

/**
 * Tap counts per level, per unit, from the rollups (exact: periods are whole Hà Nội days): each
 * unit's own, or with `below` the counts of every unit under it.
 */
export async function tapInputs(
  deps: AppDeps,
  unitIds: number[],
  dates: { from: string; to: string },
  channel?: string,
  below = false,
): Promise<Map<number, Inputs>> {
  const t = below ? ratingCountsBelow : ratingCounts;
  const found = unitIds.length
    ? await acrossSegments(dates, (s) => {
        const where = [inSegment(t, unitIds, s)];
        if (channel) where.push(eq(t.channel, channel as (typeof t.channel.enumValues)[number]));
        return deps.store.db
          .select({ unitId: t.unitId, ...levelSums(t) })
          .from(t)
          .where(and(...where))
          .groupBy(t.unitId)
          .all();
      })
    : [];
  const byUnit = new Map<number, Inputs>(unitIds.map((id) => [id, { satisfied: { counts: {} } }]));
  for (const [unitId, counts] of addLevels(found, (r) => r.unitId)) byUnit.set(unitId, tapCounts(counts));
  return byUnit;
}

/**
 * QĐ 766 rates that the stored dossiers already carry: on time (resolved by the due time, or
 * still within it at the end of the period, the applicant's supplementation time taken off; asked
 * to supplement at most once), submitted online, digitised. Resolved dossiers come
 * from the rollups; open ones, whose standing depends on the period's end, from their index.
 */
export async function serviceInputs(
  deps: AppDeps,
  unitIds: number[],
  dates: { from: string; to: string },
  below = false,
): Promise<Map<number, Inputs>> {
  if (!unitIds.length) return new Map();
  const c = below ? transactionCountsBelow : transactionCounts;
  const totals = new Map<number, { total: number; resolvedOnTime: number; online: number; digitised: number }>();
  const found = await acrossSegments(dates, (s) =>
    deps.store.db
      .select({
        unitId: c.unitId,
        total: sql<number>`sum(${c.received})`,
        resolvedOnTime: sql<number>`sum(${c.resolvedOnTime})`,
        online: sql<number>`sum(${c.online})`,
        digitised: sql<number>`sum(${c.digitised})`,
      })
      .from(c)
      .where(inSegment(c, unitIds, s))
      .groupBy(c.unitId)
      .all(),
  );
  for (const r of found) {
    const sum = totals.get(r.unitId) ?? { total: 0, resolvedOnTime: 0, online: 0, digitised: 0 };
    for (const key of ['total', 'resolvedOnTime', 'online', 'digitised'] as const) sum[key] += Number(r[key]);
    totals.set(r.unitId, sum);
  }
  const t = transactions;
  const end = vnDayEnd(dates.to);
  // Below a unit: the open dossiers of every unit under it, found through unit_reach.
  const r = unitReach;
  const unitColumn = below ? r.ancestorId : t.unitId;
  const from = below
    ? deps.store.db.select({ unitId: r.ancestorId, n: count() }).from(t).innerJoin(r, eq(r.unitId, t.unitId))
    : deps.store.db.select({ unitId: t.unitId, n: count() }).from(t);
  const openOnTime = new Map(
    (
      await from
        .where(
          and(
            inArray(unitColumn, unitIds),
            isNull(t.resolvedAt),
            gte(t.receivedAt, new Date(vnDayStart(dates.from))),
            lt(t.receivedAt, new Date(end)),
            lte(t.supplementRequests, 1),
            // Waiting on the applicant's supplement: processing stopped when it was asked for.
            // Otherwise the period's end, less the applicant's supplementation time.
            sql`case when ${t.supplementRequestedAt} is not null and ${t.supplementReceivedAt} is null then ${t.supplementRequestedAt} <= ${t.dueAt}
              else ${end} - coalesce(${t.supplementReceivedAt} - ${t.supplementRequestedAt}, 0) <= ${t.dueAt} end`,
          ),
        )
        .groupBy(unitColumn)
        .all()
    ).map((row) => [row.unitId, row.n]),
  );
  const byUnit = new Map<number, Inputs>(unitIds.map((id) => [id, {}]));
  for (const [unitId, r] of totals) {
    if (r.total === 0) continue;
    byUnit.set(unitId, {
      'progress.1': { numerator: r.resolvedOnTime + (openOnTime.get(unitId) ?? 0), denominator: r.total },
      'online.2': { numerator: r.online, denominator: r.total },
      'digitisation.2': { numerator: r.digitised, denominator: r.total },
    });
  }
  return byUnit;
}

/** A stored method's definition (built in, so always there). */
export function storedMethod(id: StoredMethod): Definition {
  const definition = getDefinition(id);
  if (!definition) throw new Error(`built-in method ${id} is missing`);
  return definition;
}

export interface Stored {
  perUnit: Inputs[];
  /** Survey methods: each unit's completed forms, for intervals by the design. */
  designs?: SurveyDesign[];
  /** Reported shares pooled over respondents (survey methods). */
  reported?: ReportedInputs;
  survey?: SurveyCoverage;
}

/** Adds respondents' option counts across units. */
function mergeReported(all: ReportedInputs[]): ReportedInputs {
  const merged: ReportedInputs = {};
  for (const reported of all) {
    for (const [id, { counts, respondents }] of Object.entries(reported)) {
      const target = merged[id] ?? { counts: {}, respondents: 0 };
      merged[id] = target;
      target.respondents = (target.respondents ?? 0) + (respondents ?? 0);
      for (const [code, n] of Object.entries(counts)) target.counts[code] = (target.counts[code] ?? 0) + n;
    }
  }
  return merged;
}

/** One unit's stored inputs for a method: its counts, and for survey methods its forms and coverage. */
export interface UnitStored {
  inputs: Inputs;
  design?: SurveyDesign;
  reported?: ReportedInputs;
  planned?: number;
  completed?: number;
}

/** What storedInputsEach reads: each unit's own inputs, and the counts below each unit the figure reads so. */
export interface StoredEach {
  own: Map<number, UnitStored>;
  below: Map<number, Inputs>;
}

/** Whether a method reads rollups, so a figure of a subtree may read the rows kept below its unit (see figureUnits). */
const fromRollups = (definition: Definition) => definition.id === 'tap-rating' || definition.id === 'service-qd766-2022';

/**
 * The inputs of the units of some figures for a method and dates (Hà Nội days, inclusive), from
 * their stored records, read for all the units at once (a ranking of 3,321 communes is a few
 * queries, not thousands). Survey methods read every unit's forms.
 */
export async function storedInputsEach(
  deps: AppDeps,
  definition: Definition,
  figure: Figure,
  dates: { from: string; to: string },
  channel?: string,
): Promise<StoredEach> {
  const counts = (byUnit: Map<number, Inputs>) => new Map([...byUnit].map(([id, inputs]) => [id, { inputs }]));
  if (definition.id === 'tap-rating') {
    const [own, below] = await Promise.all([
      tapInputs(deps, figure.own, dates, channel),
      tapInputs(deps, figure.below, dates, channel, true),
    ]);
    return { own: counts(own), below };
  }
  if (definition.id === 'service-qd766-2022') {
    const [own, below] = await Promise.all([serviceInputs(deps, figure.own, dates), serviceInputs(deps, figure.below, dates, true)]);
    return { own: counts(own), below };
  }
  return { own: await surveyInputs(deps, definition, figure.ids, dates.from, dates.to), below: new Map() };
}

/** A figure's inputs (read by storedInputsEach, perhaps with others') as the method takes them. */
export function storedOf(definition: Definition, each: StoredEach, figure: Figure): Stored {
  if (fromRollups(definition)) {
    return {
      perUnit: [...figure.own.map((id) => each.own.get(id)?.inputs ?? {}), ...figure.below.map((id) => each.below.get(id) ?? {})],
    };
  }
  const answers = figure.ids
    .map((id) => each.own.get(id) ?? { inputs: {} })
    .map((p) => ({ ...p, design: p.design ?? { respondents: [], populations: {} } }));
  const planned = answers.reduce((s, a) => s + (a.planned ?? 0), 0);
  const completed = answers.reduce((s, a) => s + (a.completed ?? 0), 0);
  return {
    perUnit: answers.map((a) => a.inputs),
    designs: answers.map((a) => a.design),
    reported: mergeReported(answers.map((a) => a.reported ?? {})),
    survey: { planned, completed, responseRate: planned ? completed / planned : null },
  };
}

/**
 * A figure's inputs for a method and dates (Hà Nội days, inclusive), from its stored records.
 * Pooled, its parts are not units when it reads rows kept below a unit: a mean of units takes unitsAlone.
 */
export async function storedInputs(
  deps: AppDeps,
  definition: Definition,
  figure: Figure,
  dates: { from: string; to: string },
  channel?: string,
): Promise<Stored> {
  return storedOf(definition, await storedInputsEach(deps, definition, figure, dates, channel), figure);
}

/**
 * Settings every figure of a method computed from stored records takes, unless a request says
 * otherwise: the stored dossiers carry 3 of QĐ 766's sub-indicators, so the others are left out
 * (and the index takes no band, being incomplete) rather than making every unit's index empty.
 */
export const STORED_SETTINGS: Partial<Record<string, Record<string, JsonValue>>> = {
  'service-qd766-2022': { 'options.missing': 'exclude' },
};

/** A method over stored inputs pooled: from the forms by the survey's design where there are forms, else from the counts. */
export function computeFrom(definition: Definition, { perUnit, designs }: Stored, settings?: Record<string, JsonValue>) {
  const effective = { ...STORED_SETTINGS[definition.id], ...settings };
  const options = { hash: sha256, ...(Object.keys(effective).length ? { settings: effective } : {}) };
  return designs ? computeDesign(definition, mergeDesigns(designs), options) : compute(definition, mergeInputs(...perUnit), options);
}

/** A method for some units and dates, their stored inputs pooled: what every report page shows of a unit. */
export async function computeStored(
  deps: AppDeps,
  definition: Definition,
  figure: Figure,
  dates: { from: string; to: string },
  settings?: Record<string, JsonValue>,
) {
  return computeFrom(definition, await storedInputs(deps, definition, figure, dates), settings);
}

/** An index of a unit in the scope from its stored records, as GET /api/indices answers it. */
export async function loadIndex(deps: AppDeps, scope: AccessScope, q: IndexQuery) {
  if (q.to < q.from) throw errors.periodBackwards;
  const unit = await accessibleUnit(deps, scope, q.unit, 'unit');
  const definition = storedMethod(q.definition);
  const ids = await unitsMakingUp(deps, unit.id, { subtree: q.scope === 'subtree', currentBoundaries: q.boundaries === 'current' });
  assertCanAccess(scope, ...ids);
  const { perUnit, designs, reported, survey } = await storedInputs(deps, definition, unitsAlone(ids), q, q.channel);
  const members = await deps.store.db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(inArray(units.id, ids))
    .all();
  try {
    // Reported shares (perceptions, expectations) are pooled over respondents; a mean of units has none.
    const mode = q.rollup ?? definition.options.aggregation;
    const result = rollUp(definition, perUnit, mode, {
      settings: { ...STORED_SETTINGS[definition.id], ...(q.missing ? { 'options.missing': q.missing } : {}) },
      hash: sha256,
      ...(reported && mode === 'pooled' ? { reported } : {}),
      ...(designs ? { designs } : {}),
    });
    return {
      definition: { id: definition.id, version: definition.version, title: definition.title, notSipas: definition.notSipas },
      unit,
      period: { from: q.from, to: q.to },
      scope: q.scope,
      boundaries: q.boundaries,
      members,
      ...(survey ? { survey } : {}),
      ...result,
    };
  } catch (error) {
    engineError(error, '');
  }
}
