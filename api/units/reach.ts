import { eq, getTableName, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  ratingCounts,
  ratingCountsBelow,
  ratingHourCounts,
  ratingHourCountsBelow,
  ratingReasonCounts,
  ratingReasonCountsBelow,
  transactionCounts,
  transactionCountsBelow,
  unitReach,
  unitReachState,
  units,
} from '../platform/db/schema.js';
import { type Db, execute, type Store } from '../platform/db/store.js';

/** Each rollup, its twin below, the columns of its key after the unit and its counts (migrations/0023). */
const ROLLUPS: { own: SQLiteTable; below: SQLiteTable; key: string[]; counts: string[] }[] = [
  { own: ratingCounts, below: ratingCountsBelow, key: ['grain', 'period', 'channel'], counts: ['l1', 'l2', 'l3', 'l4', 'l5'] },
  {
    own: ratingHourCounts,
    below: ratingHourCountsBelow,
    key: ['grain', 'period', 'weekday', 'hour'],
    counts: ['l1', 'l2', 'l3', 'l4', 'l5'],
  },
  { own: ratingReasonCounts, below: ratingReasonCountsBelow, key: ['grain', 'period', 'reason'], counts: ['n'] },
  {
    own: transactionCounts,
    below: transactionCountsBelow,
    key: ['grain', 'period'],
    counts: ['received', 'online', 'digitised', 'resolved_on_time'],
  },
];

/** Pairs a statement moves at once (3 parameters each, well under either database's limit). */
const PAIRS_PER_STATEMENT = 1000;

type Pair = [unit: number, ancestor: number];

/** Every (unit, unit above it) pair of the tree: up along parent and merged-into links, the unit itself left out. */
export function reachOf(tree: { id: number; parentId: number | null; mergedIntoId: number | null }[]): Pair[] {
  const up = new Map(tree.map((u) => [u.id, [u.parentId, u.mergedIntoId].filter((id): id is number => id !== null)]));
  const pairs: Pair[] = [];
  for (const { id } of tree) {
    const above = new Set(up.get(id));
    for (const a of above) for (const next of up.get(a) ?? []) above.add(next);
    above.delete(id);
    for (const a of above) pairs.push([id, a]);
  }
  return pairs;
}

/**
 * Whether the rollups below each unit are current with the tree. While they are not (the tree
 * changed and unit_reach was not yet rewritten), figures sum the units' own rows instead.
 */
export async function reachReady(db: Db): Promise<boolean> {
  const state = await db.select({ stale: unitReachState.stale }).from(unitReachState).where(eq(unitReachState.id, 1)).get();
  return state?.stale === false;
}

/** The units below one, as unit_reach has them (current with the tree when reachReady). */
export async function unitsBelowIn(db: Db, unitId: number): Promise<number[]> {
  const rows = await db.select({ id: unitReach.unitId }).from(unitReach).where(eq(unitReach.ancestorId, unitId)).all();
  return rows.map((r) => r.id);
}

/**
 * Rewrites unit_reach from the tree if a change to the tree left it stale, moving each pair that
 * comes or goes: the unit's own rollup rows are added to, or taken from, the ancestor's rows below.
 * Ratings written meanwhile are counted once: on PostgreSQL the table lock waits for every batch
 * that already read unit_reach and holds back those that have not, until this commits.
 */
export async function syncReach(tx: Db, dialect: Store['dialect']): Promise<boolean> {
  if (dialect === 'postgres') await execute(tx, sql`lock table ${unitReach} in access exclusive mode`);
  if (await reachReady(tx)) return false;
  const tree = await tx.select({ id: units.id, parentId: units.parentId, mergedIntoId: units.mergedIntoId }).from(units).all();
  const stored = await tx.select({ unitId: unitReach.unitId, ancestorId: unitReach.ancestorId }).from(unitReach).all();
  const key = ([u, a]: Pair) => `${u}:${a}`;
  const wanted = reachOf(tree);
  const have = new Set(stored.map((p) => key([p.unitId, p.ancestorId])));
  const want = new Set(wanted.map(key));
  const added = wanted.filter((p) => !have.has(key(p)));
  const removed = stored.map((p): Pair => [p.unitId, p.ancestorId]).filter((p) => !want.has(key(p)));
  const moves = [...added.map(([u, a]) => [u, a, 1]), ...removed.map(([u, a]) => [u, a, -1])];
  for (let i = 0; i < moves.length; i += PAIRS_PER_STATEMENT) {
    const chunk = moves.slice(i, i + PAIRS_PER_STATEMENT);
    const pairs = sql.join(
      chunk.map(([u, a, sign]) => sql`(cast(${u} as bigint), cast(${a} as bigint), cast(${sign} as bigint))`),
      sql`, `,
    );
    for (const rollup of ROLLUPS) await execute(tx, moveRows(rollup, pairs));
  }
  for (let i = 0; i < removed.length; i += PAIRS_PER_STATEMENT) {
    const chunk = removed.slice(i, i + PAIRS_PER_STATEMENT);
    await execute(
      tx,
      sql`delete from ${unitReach} where ${sql.join(
        chunk.map(([u, a]) => sql`(${unitReach.unitId} = ${u} and ${unitReach.ancestorId} = ${a})`),
        sql` or `,
      )}`,
    );
  }
  for (let i = 0; i < added.length; i += PAIRS_PER_STATEMENT) {
    await tx
      .insert(unitReach)
      .values(added.slice(i, i + PAIRS_PER_STATEMENT).map(([unitId, ancestorId]) => ({ unitId, ancestorId })))
      .run();
  }
  await tx.update(unitReachState).set({ stale: false }).where(eq(unitReachState.id, 1)).run();
  return true;
}

/** Adds each pair's own rows, times its sign, to the ancestor's rows below. */
function moveRows({ own, below, key, counts }: (typeof ROLLUPS)[number], pairs: ReturnType<typeof sql.join>) {
  const col = (name: string) => sql.raw(`"${name}"`);
  const of = (table: string, name: string) => sql.raw(`${table}."${name}"`);
  const keys = sql.join(key.map(col), sql`, `);
  const ownKeys = sql.join(
    key.map((k) => of('o', k)),
    sql`, `,
  );
  const sums = sql.join(
    counts.map((c) => sql`sum(${of('o', c)} * p.column3)`),
    sql`, `,
  );
  const updates = sql.join(
    counts.map((c) => sql`${col(c)} = ${of(`"${getTableName(below)}"`, c)} + ${of('excluded', c)}`),
    sql`, `,
  );
  return sql`insert into ${below} ("unit_id", ${keys}, ${sql.join(counts.map(col), sql`, `)})
    select p.column2, ${ownKeys}, ${sums}
    from ${own} o join (values ${pairs}) p on p.column1 = ${of('o', 'unit_id')}
    group by p.column2, ${ownKeys}
    on conflict ("unit_id", ${keys}) do update set ${updates}`;
}

/** syncReach in a transaction of its own: at start-up, after migrations and seeding. */
export function ensureReach(store: Store): Promise<boolean> {
  return store.transaction((tx) => syncReach(tx, store.dialect));
}
