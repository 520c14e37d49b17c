import { and, asc, count, eq, gte, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { counters, ratings, units } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { vnDayEnd, vnDayStart } from '../platform/time.js';
import { RATING_CHANNELS } from '../platform/vocabulary.js';
import { accessibleUnit, canAccess } from './access.js';
import type { LevelCounts } from './schemas.js';

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
  return (await db.select({ id: units.id, name: units.name, parentId: units.parentId }).from(units).where(isNull(units.validTo)).all())
    .filter((u) => canAccess(scope, u.id))
    .map((u) => ({ ...u, hasChildren: parents.has(u.id) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** The counters of the current units in a scope, by unit (Vietnamese order) then code: a kiosk's choices. */
export async function countersIn(deps: AppDeps, scope: AccessScope) {
  const collator = new Intl.Collator('vi');
  return (
    await deps.store.db
      .select({ id: counters.id, code: counters.code, name: counters.name, unitId: units.id, unitName: units.name })
      .from(counters)
      .innerJoin(units, eq(units.id, counters.unitId))
      .where(isNull(units.validTo))
      .all()
  )
    .filter((c) => canAccess(scope, c.unitId))
    .sort((a, b) => collator.compare(a.unitName, b.unitName) || collator.compare(a.code, b.code));
}

/** Every unit in a scope, past and present, in id order. */
export async function unitsIn(deps: AppDeps, scope: AccessScope) {
  return (await deps.store.db.select().from(units).orderBy(asc(units.id)).all()).filter((u) => canAccess(scope, u.id));
}

const emptyLevels = (): LevelCounts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

/** A unit's stored ratings counted per level and channel over Hà Nội dates (each end optional, inclusive). */
export async function ratingSummary(
  deps: AppDeps,
  scope: AccessScope,
  id: number,
  period: { from?: string | undefined; to?: string | undefined },
) {
  const { from, to } = period;
  if (from && to && to < from) throw errors.periodBackwards;
  const unit = await accessibleUnit(deps, scope, id, 'id');
  const where: SQL[] = [eq(ratings.unitId, id)];
  if (from) where.push(gte(ratings.ratedAt, new Date(vnDayStart(from))));
  if (to) where.push(lt(ratings.ratedAt, new Date(vnDayEnd(to))));
  const rows = await deps.store.db
    .select({ channel: ratings.channel, level: ratings.level, counted: ratings.counted, n: count() })
    .from(ratings)
    .where(and(...where))
    .groupBy(ratings.channel, ratings.level, ratings.counted)
    .all();
  const levels = emptyLevels();
  const channels = Object.fromEntries(RATING_CHANNELS.map((ch) => [ch, { total: 0, levels: emptyLevels() }])) as Record<
    (typeof RATING_CHANNELS)[number],
    { total: number; levels: LevelCounts }
  >;
  let total = 0;
  let notCounted = 0;
  for (const r of rows) {
    if (!r.counted) {
      notCounted += r.n;
      continue;
    }
    const key = String(r.level) as keyof LevelCounts;
    levels[key] += r.n;
    channels[r.channel].levels[key] += r.n;
    channels[r.channel].total += r.n;
    total += r.n;
  }
  return { unit, from: from ?? null, to: to ?? null, total, notCounted, levels, channels };
}

type TreeNode = {
  unit: typeof units.$inferSelect;
  mergedInto: string | null;
  counters: { id: number; code: string; name: string }[];
  children: TreeNode[];
};

/**
 * The units of a scope as a tree (past units too, with what they merged into), each with its
 * counters; children in Vietnamese order, current before past. Roots are the scope's top units.
 */
export async function unitTree(deps: AppDeps, scope: AccessScope): Promise<TreeNode[]> {
  const all = await unitsIn(deps, scope);
  const names = new Map((await deps.store.db.select({ id: units.id, name: units.name }).from(units).all()).map((u) => [u.id, u.name]));
  const counterRows = await deps.store.db.select().from(counters).orderBy(asc(counters.code)).all();
  const nodes = new Map<number, TreeNode>(
    all.map((u) => [
      u.id,
      {
        unit: u,
        mergedInto: u.mergedIntoId === null ? null : (names.get(u.mergedIntoId) ?? null),
        counters: counterRows.filter((c) => c.unitId === u.id).map((c) => ({ id: c.id, code: c.code, name: c.name })),
        children: [],
      },
    ]),
  );
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId === null ? undefined : nodes.get(node.unit.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const collator = new Intl.Collator('vi');
  const order = (list: TreeNode[]) => {
    list.sort((a, b) => Number(a.unit.validTo !== null) - Number(b.unit.validTo !== null) || collator.compare(a.unit.name, b.unit.name));
    for (const n of list) order(n.children);
  };
  order(roots);
  return roots;
}
