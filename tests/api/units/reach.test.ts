import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../api/platform/db/store.js';
import { ensureReach, reachOf, reachReady, syncReach } from '../../../api/units/reach.js';
import { applyDossierSteps, applyRatingSteps, dossierStep, HOUR, JAN_31_2026, ratingStep, type Sql } from '../../helpers/rollup-steps.js';
import { exec, onPostgres, openTestStore, query, type TestStore } from '../../helpers/store.js';

const UNITS = [1, 2, 3, 4, 5, 6];

/** A tree over the six units: each may sit below, or be merged into, a unit of a higher id (so no cycles). */
const tree = fc.tuple(
  ...UNITS.map((id) =>
    fc.record({
      parent: fc.option(fc.integer({ min: id + 1, max: 7 }), { nil: null }).map((p) => (p === 7 ? null : p)),
      merged: fc.option(fc.integer({ min: id + 1, max: 7 }), { nil: null }).map((m) => (m === 7 ? null : m)),
    }),
  ),
);
type Links = typeof tree extends fc.Arbitrary<infer T> ? T : never;

let t: TestStore;
let db: Sql;

beforeAll(async () => {
  t = await openTestStore();
  db = {
    async all(text, params = []) {
      if (!/^\s*(update|delete)|^\s*insert(?![\s\S]*returning)/i.test(text)) return query(t.store, text, ...params);
      await exec(t.store, text, ...params);
      return [];
    },
  };
  for (const id of UNITS)
    await exec(
      t.store,
      `insert into units (id, code, name, kind, valid_from) values (?, ?, ?, 'commune', '2025-07-01')`,
      id,
      `U${id}`,
      `Xã ${id}`,
    );
  for (const id of [1, 2])
    await exec(t.store, `insert into counters (id, unit_id, code, name) values (?, 1, ?, ?)`, id, `Q${id}`, `Quầy ${id}`);
  await exec(t.store, `insert into procedures (id, code, name, field) values (1, '1.1', 'Khai sinh', 'Hộ tịch')`);
});
afterAll(() => t.close());

async function setTree(links: Links) {
  for (const [i, { parent, merged }] of links.entries()) {
    await exec(t.store, 'update units set parent_id = ?, merged_into_id = ? where id = ?', parent, merged, UNITS[i]);
  }
}

/** Each rollup: its table, its key after the unit as the rows below keep it, its counts. */
const ROLLUPS = [
  { table: 'rating_counts', key: ['grain', 'period', 'channel'], counts: ['l1', 'l2', 'l3', 'l4', 'l5'] },
  { table: 'rating_hour_counts', key: ['grain', 'period', 'weekday', 'hour'], counts: ['l1', 'l2', 'l3', 'l4', 'l5'] },
  { table: 'rating_reason_counts', key: ['grain', 'period', 'reason'], counts: ['n'] },
  { table: 'transaction_counts', key: ['grain', 'period'], counts: ['received', 'online', 'digitised', 'resolved_on_time'] },
];

/** Rows as `unit|key…` → counts, zero rows left out. */
function keyed(found: Record<string, unknown>[], key: string[], counts: string[]) {
  const map = new Map<string, number[]>();
  for (const row of found) {
    const k = [row.unit_id, ...key.map((c) => row[c])].join('|');
    const sum = map.get(k) ?? counts.map(() => 0);
    counts.forEach((c, i) => {
      sum[i] = (sum[i] as number) + Number(row[c]);
    });
    map.set(k, sum);
  }
  for (const [k, v] of map) if (v.every((n) => n === 0)) map.delete(k);
  return map;
}

/** What each unit's rows below must hold: its descendants' own rows added up, found by walking the tree here. */
async function expectedBelow(links: Links, rollup: (typeof ROLLUPS)[number]) {
  const own = await query(t.store, `select * from ${rollup.table}`);
  const down = new Map<number, number[]>();
  links.forEach(({ parent, merged }, i) => {
    for (const up of new Set([parent, merged])) if (up !== null) down.set(up, [...(down.get(up) ?? []), UNITS[i] as number]);
  });
  const rows: Record<string, unknown>[] = [];
  for (const ancestor of UNITS) {
    const below = new Set(down.get(ancestor));
    for (const u of below) for (const next of down.get(u) ?? []) below.add(next);
    for (const row of own) if (below.has(Number(row.unit_id))) rows.push({ ...row, unit_id: ancestor });
  }
  return keyed(rows, rollup.key, rollup.counts);
}

describe('rollups below each unit', () => {
  // SQLite writes one transaction at a time; PostgreSQL's batches run beside the rewrite.
  it.skipIf(!onPostgres)('count ratings written while the tree changes and unit_reach is rewritten once each', async () => {
    const trees: Links[] = [
      UNITS.map((id) => ({ parent: id < 3 ? 3 : id < 6 ? 6 : null, merged: null })),
      UNITS.map((id) => ({ parent: id < 3 ? 4 : id < 6 ? 6 : null, merged: id === 1 ? 5 : null })),
      UNITS.map((id) => ({ parent: id < 6 ? 6 : null, merged: null })),
    ];
    await setTree(trees[0] as Links);
    await ensureReach(t.store);
    // Each write waits a moment before it commits, so rewrites fall between its insert and its commit.
    const writes = Array.from({ length: 60 }, (_, i) =>
      t.store.transaction(async (tx) => {
        await execute(
          tx,
          sql`insert into ratings (unit_id, channel, level, server_time, rated_at, counted, idempotency_key, request_hash)
            values (${1 + (i % 2)}, 'kiosk', ${1 + (i % 5)}, 0, ${JAN_31_2026 + (i % 48) * HOUR}, true, ${`racing-${i}`}, '')`,
        );
        await execute(tx, sql`select pg_sleep(0.02)`);
      }),
    );
    const rewrites = (async () => {
      for (const links of [...trees.slice(1), trees[0] as Links]) {
        await t.store.transaction(async (tx) => {
          for (const [i, { parent, merged }] of links.entries()) {
            await execute(tx, sql`update units set parent_id = ${parent}, merged_into_id = ${merged} where id = ${UNITS[i] as number}`);
          }
          await syncReach(tx, t.store.dialect);
        });
      }
    })();
    await Promise.all([...writes, rewrites]);
    for (const rollup of ROLLUPS) {
      const below = keyed(await query(t.store, `select * from ${rollup.table}_below`), rollup.key, rollup.counts);
      expect(below, rollup.table).toEqual(await expectedBelow(trees[0] as Links, rollup));
    }
    const [month] = await query<{ n: number }>(t.store, "select sum(l1 + l2 + l3 + l4 + l5) as n from rating_counts where grain = 'month'");
    expect(Number(month?.n)).toBe(60);
    await exec(t.store, 'delete from ratings');
  });

  it('reachOf: every unit above along parent and merged-into links, counted once, never the unit itself', () => {
    const pairs = reachOf([
      { id: 1, parentId: 2, mergedIntoId: 3 },
      { id: 2, parentId: 4, mergedIntoId: null },
      { id: 3, parentId: 4, mergedIntoId: null },
      { id: 4, parentId: null, mergedIntoId: null },
    ]);
    expect(pairs.map(([u, a]) => `${u}>${a}`).sort()).toEqual(['1>2', '1>3', '1>4', '2>4', '3>4']);
  });

  it('hold the sum of every unit below, through ratings and dossiers stored, corrected and deleted, and the tree changed between', async () => {
    await fc.assert(
      fc.asyncProperty(
        tree,
        tree,
        fc.array(ratingStep, { maxLength: 12 }),
        fc.array(ratingStep, { maxLength: 12 }),
        fc.array(dossierStep, { maxLength: 8 }),
        async (first, second, before, after, dossiers) => {
          await setTree(first);
          await ensureReach(t.store);
          expect(await reachReady(t.store.db)).toBe(true);
          await applyRatingSteps(db, before);
          await applyDossierSteps(db, dossiers);
          await setTree(second);
          const changed = JSON.stringify(first) !== JSON.stringify(second);
          if (changed) expect(await reachReady(t.store.db)).toBe(false);
          // Written while unit_reach still has the first tree: the rewrite must count these too.
          await applyRatingSteps(db, after, 'after');
          expect(await ensureReach(t.store)).toBe(changed);
          for (const rollup of ROLLUPS) {
            const below = keyed(await query(t.store, `select * from ${rollup.table}_below`), rollup.key, rollup.counts);
            expect(below, rollup.table).toEqual(await expectedBelow(second, rollup));
          }
          // The next run starts from no records; deletes go through the same triggers.
          await exec(t.store, 'delete from rating_reasons');
          await exec(t.store, 'delete from ratings');
          await exec(t.store, 'delete from transactions');
        },
      ),
      { numRuns: 25 },
    );
  });
});
