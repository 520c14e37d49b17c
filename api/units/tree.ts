import { type SQL, sql } from 'drizzle-orm';
import type { AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { rows } from '../platform/db/store.js';

export interface UnitReach {
  /** Include every unit below (a district's wards, a province's departments and communes). */
  subtree: boolean;
  /** Recompute on today's boundaries: include the units merged into these (recursively). */
  currentBoundaries: boolean;
}

/** The units whose records make up a unit's figure, walked with a portable recursive CTE. */
export async function unitsMakingUp(deps: AppDeps, unitId: number, scope: UnitReach): Promise<number[]> {
  const links: SQL[] = [];
  if (scope.subtree) links.push(sql`u.parent_id = s.id`);
  if (scope.currentBoundaries) links.push(sql`u.merged_into_id = s.id`);
  if (links.length === 0) return [unitId];
  const found = await rows<{ id: number }>(
    deps.store.db,
    sql`
    with recursive s(id) as (
      select cast(${unitId} as bigint)
      union
      select u.id from ${units} u join s on ${sql.join(links, sql` or `)}
    )
    select id from s order by id`,
  );
  return found.map((r) => Number(r.id));
}

/**
 * unitsMakingUp (subtree and current boundaries) for many units at once: the unit tree is read
 * whole (a few thousand rows for the country) and walked here, since a recursive query joined on
 * either link is a nested loop of every unit against every unit.
 */
export async function unitsMakingUpEach(deps: AppDeps, unitIds: number[]): Promise<Map<number, number[]>> {
  const tree = await deps.store.db.select({ id: units.id, parentId: units.parentId, mergedIntoId: units.mergedIntoId }).from(units).all();
  const known = new Set(tree.map((u) => u.id));
  const below = new Map<number, number[]>();
  for (const u of tree) {
    for (const link of [u.parentId, u.mergedIntoId]) if (link !== null) below.set(link, [...(below.get(link) ?? []), u.id]);
  }
  const each = new Map<number, number[]>();
  for (const root of unitIds) {
    const found = new Set(known.has(root) ? [root] : []);
    for (const id of found) for (const next of below.get(id) ?? []) found.add(next);
    each.set(
      root,
      [...found].sort((a, b) => a - b),
    );
  }
  return each;
}
