import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv, SessionUser } from '../context.js';
import { eq } from 'drizzle-orm';
import { type USER_ROLES, units } from '../db/schema.js';
import { HttpError, errors, sendError } from '../errors.js';
import { unitsInScope } from '../indices.js';

/** The units a user may see: all of them (admin), or a set. */
export type Scope = { all: true } | { all: false; units: ReadonlySet<number> };

/**
 * A unit's staff see their unit; Home Affairs staff and leaders see their unit's subtree. Both
 * also see the units merged into theirs, so a ward formed on 2025-07-01 keeps its predecessors'
 * history.
 */
export async function scopeOf(deps: AppDeps, user: SessionUser): Promise<Scope> {
  if (user.role === 'admin') return { all: true };
  if (user.unitId === null) return { all: false, units: new Set() };
  return {
    all: false,
    units: new Set(await unitsInScope(deps, user.unitId, { subtree: user.role !== 'unit_staff', currentBoundaries: true })),
  };
}

export const inScope = (scope: Scope, unitId: number) => scope.all || scope.units.has(unitId);

const OUT_OF_SCOPE = new HttpError(403, 'out_of_scope', {
  vi: 'Đơn vị này nằm ngoài phạm vi được giao cho tài khoản của bạn',
  en: 'This unit is outside the scope of your account',
});

export function assertInScope(c: Context<AppEnv>, ...unitIds: number[]): void {
  const scope = c.get('scope');
  if (!unitIds.every((id) => inScope(scope, id))) throw OUT_OF_SCOPE;
}

/** The unit a request names: 404 naming the field when there is none, 403 outside the caller's scope. */
export async function unitInScope(c: Context<AppEnv>, deps: AppDeps, id: number, field: string) {
  const unit = await deps.store.db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.id, id)).get();
  if (!unit) throw errors.unitNotFound(field);
  assertInScope(c, unit.id);
  return unit;
}

const ROLE_NAMES: Record<(typeof USER_ROLES)[number], { vi: string; en: string }> = {
  admin: { vi: 'quản trị hệ thống', en: 'system admin' },
  home_affairs: { vi: 'cán bộ Nội vụ', en: 'Home Affairs officer' },
  unit_staff: { vi: 'cán bộ đơn vị', en: 'unit staff' },
  leader: { vi: 'lãnh đạo', en: 'leader' },
};

/** Only these roles pass (after requireUser). */
export function requireRole(...roles: (typeof USER_ROLES)[number][]): MiddlewareHandler<AppEnv> {
  const names = { vi: roles.map((r) => ROLE_NAMES[r].vi).join(', '), en: roles.map((r) => ROLE_NAMES[r].en).join(', ') };
  const refusal = new HttpError(403, 'forbidden_role', {
    vi: `Chức năng này dành cho: ${names.vi}`,
    en: `This function is for: ${names.en}`,
  });
  return async (c, next) => {
    if (!roles.includes(c.get('user').role)) return sendError(c, refusal);
    await next();
  };
}
