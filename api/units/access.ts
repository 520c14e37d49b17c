import { eq } from 'drizzle-orm';
import type { AccessScope, AppDeps, SessionUser } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { errors, HttpError } from '../platform/errors.js';
import { reachReady, unitsBelowIn } from './reach.js';
import { unitsMakingUp, unitsMakingUpEach } from './tree.js';

/**
 * A unit's staff see their unit; Home Affairs staff and leaders see their unit's subtree. Both
 * also see the units merged into theirs, so a ward formed on 2025-07-01 keeps its predecessors'
 * history.
 */
export async function accessScopeOf(deps: AppDeps, user: SessionUser): Promise<AccessScope> {
  if (user.role === 'admin') return { all: true };
  if (user.unitId === null) return { all: false, units: new Set() };
  return {
    all: false,
    units: new Set(await unitsMakingUp(deps, user.unitId, { subtree: user.role !== 'unit_staff', currentBoundaries: true })),
  };
}

export const canAccess = (scope: AccessScope, unitId: number) => scope.all || scope.units.has(unitId);

const OUT_OF_SCOPE = new HttpError(403, 'out_of_scope', {
  vi: 'Đơn vị này nằm ngoài phạm vi được giao cho tài khoản của bạn',
  en: 'This unit is outside the scope of your account',
});

/** 403 unless the scope covers every one of these units. */
export function assertCanAccess(scope: AccessScope, ...unitIds: number[]): void {
  if (!unitIds.every((id) => canAccess(scope, id))) throw OUT_OF_SCOPE;
}

/** The unit a request names: 404 naming the field when there is none, 403 outside the caller's scope. */
export async function accessibleUnit(deps: AppDeps, scope: AccessScope, id: number, field: string) {
  const unit = await deps.store.db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.id, id)).get();
  if (!unit) throw errors.unitNotFound(field);
  assertCanAccess(scope, unit.id);
  return unit;
}

/**
 * The units a figure of this unit counts, as far as the scope reaches: for Home Affairs, leaders
 * and admins the unit's subtree and the units merged into it; for a unit's own staff the unit and
 * its predecessors alone, even when units sit below it. `reach` says which, so a view can say so.
 * `own` and `below` say how its rollups are read: the whole subtree of a unit, while the rollups
 * below each unit are current (./reach.ts), is its own rows and the rows kept below it; otherwise
 * every unit's own rows.
 */
export async function figureUnits(deps: AppDeps, scope: AccessScope, unitId: number): Promise<Reached> {
  // unit_reach lists the units below at once; walking the tree is a join per level, slow for the country.
  const [ready, below] = await Promise.all([reachReady(deps.store.db), unitsBelowIn(deps.store.db, unitId)]);
  const all = ready
    ? [unitId, ...below].sort((a, b) => a - b)
    : await unitsMakingUp(deps, unitId, { subtree: true, currentBoundaries: true });
  return figureOf(scope, unitId, all, ready);
}

/** The units a figure counts and how its rollups are read: `own` units' own rows and the rows kept below each of `below`. */
export interface Figure {
  ids: number[];
  own: number[];
  below: number[];
}
type Reached = Figure & { reach: 'subtree' | 'unit' };

/** figureUnits of many units, read at once. */
export async function figureUnitsEach(deps: AppDeps, scope: AccessScope, unitIds: number[]): Promise<Map<number, Reached>> {
  const [making, ready] = await Promise.all([unitsMakingUpEach(deps, unitIds), reachReady(deps.store.db)]);
  return new Map([...making].map(([id, all]) => [id, figureOf(scope, id, all, ready)]));
}

function figureOf(scope: AccessScope, unitId: number, all: number[], ready: boolean): Reached {
  const ids = all.filter((u) => canAccess(scope, u));
  const reach = ids.length === all.length ? 'subtree' : 'unit';
  const below = ready && reach === 'subtree' && ids.length > 1;
  return { ids, reach, own: below ? [unitId] : ids, below: below ? [unitId] : [] };
}

/** The figure of exactly these units, each read from its own rows (a mean of units, the units as they were). */
export const unitsAlone = (ids: number[]): Figure => ({ ids, own: ids, below: [] });

/** Several figures' units, read together (each figure is then summed from its own parts). */
export function unionOf(figures: Iterable<Figure>): Figure {
  const all = [...figures];
  const union = (pick: (f: Figure) => number[]) => [...new Set(all.flatMap(pick))];
  return { ids: union((f) => f.ids), own: union((f) => f.own), below: union((f) => f.below) };
}
