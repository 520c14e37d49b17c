import { eq } from 'drizzle-orm';
import type { AccessScope, AppDeps, SessionUser } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { errors, HttpError } from '../platform/errors.js';
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
 */
export async function figureUnits(deps: AppDeps, scope: AccessScope, unitId: number) {
  return reachOf(scope, await unitsMakingUp(deps, unitId, { subtree: true, currentBoundaries: true }));
}

function reachOf(scope: AccessScope, all: number[]) {
  const ids = all.filter((id) => canAccess(scope, id));
  return { ids, reach: ids.length === all.length ? ('subtree' as const) : ('unit' as const) };
}

/** figureUnits of many units, read at once. */
export async function figureUnitsEach(deps: AppDeps, scope: AccessScope, unitIds: number[]) {
  return new Map([...(await unitsMakingUpEach(deps, unitIds))].map(([id, all]) => [id, reachOf(scope, all)]));
}
