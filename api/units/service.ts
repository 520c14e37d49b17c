import { isNotNull, isNull } from 'drizzle-orm';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { canAccess } from './access.js';

/**
 * The current units in a scope, sorted the Vietnamese way, each saying whether any unit (past or
 * present) sits below it: the choices of a page's unit and parent pickers.
 */
export async function currentUnits(deps: AppDeps, scope: AccessScope) {
  const db = deps.store.db;
  const parents = new Set(
    (await db.select({ parentId: units.parentId }).from(units).where(isNotNull(units.parentId)).all()).map((u) => u.parentId),
  );
  const collator = new Intl.Collator('vi');
  return (await db.select({ id: units.id, name: units.name }).from(units).where(isNull(units.validTo)).all())
    .filter((u) => canAccess(scope, u.id))
    .map((u) => ({ ...u, hasChildren: parents.has(u.id) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
