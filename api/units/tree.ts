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

/** unitsMakingUp for many units at once, in one walk: each unit's subtree and predecessors. */
export async function unitsMakingUpEach(deps: AppDeps, unitIds: number[]): Promise<Map<number, number[]>> {
  const each = new Map<number, number[]>(unitIds.map((id) => [id, []]));
  if (unitIds.length === 0) return each;
  const found = await rows<{ root: number; id: number }>(
    deps.store.db,
    sql`
    with recursive s(root, id) as (
      select id, id from ${units} where id in (${sql.join(
        unitIds.map((id) => sql`${id}`),
        sql`, `,
      )})
      union
      select s.root, u.id from ${units} u join s on u.parent_id = s.id or u.merged_into_id = s.id
    )
    select root, id from s order by root, id`,
  );
  for (const r of found) each.get(Number(r.root))?.push(Number(r.id));
  return each;
}
