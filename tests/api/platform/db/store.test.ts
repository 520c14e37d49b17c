import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { groupCommit } from '../../../../api/platform/db/group-commit.js';
import { openStore } from '../../../../api/platform/db/open.js';
import { type Db, execute, placeholder, prepared, rows, savepoint, uniqueViolation } from '../../../../api/platform/db/store.js';
import { loadEnv } from '../../../../api/platform/env.js';
import { openTestStore, type TestStore } from '../../../helpers/store.js';

// Both dialects in one file (this folder runs once): PostgreSQL when a server is at hand.
const dialects = ['sqlite', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;

describe.each(dialects)('store on %s', (dialect) => {
  let opened: TestStore;
  const open = async () => {
    opened = await openTestStore(dialect);
    await execute(opened.store.db, sql`create table probe (v integer not null unique, w integer unique)`);
    return opened.store;
  };
  const values = async () => (await rows<{ v: number }>(opened.store.db, sql`select v from probe order by v`)).map((r) => Number(r.v));
  /** Many probe rows in one statement, as a batch's gathered write. */
  const insertProbes = (tx: Db, vs: number[]) =>
    execute(
      tx,
      sql`insert into probe (v) values ${sql.join(
        vs.map((v) => sql`(${v})`),
        sql`, `,
      )}`,
    );
  afterEach(() => opened?.close());

  it('undoes a failed savepoint alone, at any depth, and the transaction goes on', async () => {
    const store = await open();
    await store.transaction(async (tx) => {
      await savepoint(tx, async () => {
        await execute(tx, sql`insert into probe (v) values (1)`);
        await expect(
          savepoint(tx, async () => {
            await execute(tx, sql`insert into probe (v) values (2)`);
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await execute(tx, sql`insert into probe (v) values (3)`);
      });
      await expect(
        savepoint(tx, async () => {
          await savepoint(tx, () => execute(tx, sql`insert into probe (v) values (4)`));
          throw new Error('outer refused');
        }),
      ).rejects.toThrow('outer refused');
      await execute(tx, sql`insert into probe (v) values (5)`);
    });
    // 2 went with its savepoint; 4 was released into the outer one, and went with it.
    expect(await values()).toEqual([1, 3, 5]);
  });

  it('reads outside a transaction without waiting for an open one, and sees what was last committed', async () => {
    const store = await open();
    await execute(store.db, sql`insert into probe (v) values (1)`);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted = () => {};
    const written = new Promise<void>((resolve) => (inserted = resolve));
    // An import, say: a transaction open across awaits of its own work.
    const importing = store.transaction(async (tx) => {
      await execute(tx, sql`insert into probe (v) values (2)`);
      inserted();
      await held;
    });
    await written;
    expect(await values()).toEqual([1]); // would wait for ever here if reads queued behind it
    release();
    await importing;
    expect(await values()).toEqual([1, 2]);
  });

  it("runs a transaction's opening statement first and inside it: kept by the commit, undone by a rollback", async () => {
    const store = await open();
    const seen = await store.transaction((tx) => rows<{ v: number }>(tx, sql`select v from probe`), 'insert into probe (v) values (7)');
    expect(seen.map((r) => Number(r.v))).toEqual([7]);
    await expect(
      store.transaction(async () => {
        throw new Error('refused');
      }, 'insert into probe (v) values (8)'),
    ).rejects.toThrow('refused');
    expect(await values()).toEqual([7]);
  });

  it('runs a named statement again with other values, answering each run, prepared once on PostgreSQL', async () => {
    const store = await open();
    await execute(store.db, sql`insert into probe (v) values (1), (2), (3)`);
    await store.transaction(async (tx) => {
      const text = `select v from probe where v >= ${placeholder(tx, 0)} order by v`;
      for (const [from, expected] of [
        [2, [2, 3]],
        [3, [3]],
        [1, [1, 2, 3]],
      ] as const)
        expect((await prepared<{ v: number }>(tx, 'probe_from', text, [from])).map((r) => Number(r.v))).toEqual(expected);
      if (dialect === 'postgres')
        expect(await rows(tx, sql`select name from pg_prepared_statements where name = 'probe_from'`)).toEqual([{ name: 'probe_from' }]);
    });
  });

  it('names the table and column a unique index refused', async () => {
    const store = await open();
    await execute(store.db, sql`insert into probe (v, w) values (1, 1)`);
    const refusal = await execute(store.db, sql`insert into probe (v, w) values (1, 2)`).catch((error: unknown) => error);
    expect(uniqueViolation(refusal, 'probe', 'v')).toBe(true);
    expect(uniqueViolation(refusal, 'probe', 'w')).toBe(false);
    expect(uniqueViolation(refusal, 'ratings', 'v')).toBe(false);
    expect(uniqueViolation(new Error('Failed query', { cause: refusal }), 'probe', 'v')).toBe(true); // drizzle's wrapping
    expect(uniqueViolation(new Error('UNIQUE constraint failed: probe.v'), 'probe', 'v')).toBe(false);
    expect(await values()).toEqual([1]);
  });

  it.runIf(dialect === 'postgres')('opens as many write lanes as DATABASE_WRITE_LANES says, at most half the pool', async () => {
    await open();
    for (const [lanes, writers] of [
      [1, 1],
      [3, 3],
      [9, 5],
    ]) {
      const other = await openStore({ ...loadEnv({}), DATABASE_URL: opened.url, DATABASE_WRITE_LANES: lanes as number });
      expect(other.writers).toBe(writers);
      await other.close();
    }
  });

  it('writes the lanes of a group commit one at a time on SQLite and side by side on PostgreSQL', async () => {
    const store = await open();
    expect(store.writers).toBe(dialect === 'sqlite' ? 1 : 2); // test pools have four connections
    const commits = groupCommit(store);
    let releaseFirst = () => {};
    const firstWaits = new Promise<void>((resolve) => (releaseFirst = resolve));
    const order: string[] = [];
    // 'unit:2' and 'unit:3' fall in different lanes of two.
    const first = commits.run(async (tx) => {
      await execute(tx, sql`insert into probe (v) values (1)`);
      if (dialect === 'postgres') await firstWaits; // only done once the other lane has committed
      order.push('first');
    }, 'unit:2');
    const second = commits.run(async (tx) => {
      await execute(tx, sql`insert into probe (v) values (2)`);
      order.push('second');
    }, 'unit:3');
    await second.then(releaseFirst);
    await first;
    expect(order).toEqual(dialect === 'sqlite' ? ['first', 'second'] : ['second', 'first']);
    expect(await values()).toEqual([1, 2]);
  });

  it('commits a batch of writes together, and a refused write of it alone rolls back, whatever the database refused', async () => {
    const store = await open();
    const commits = groupCommit(store);
    const batchesBefore = commits.stats.batches;
    const write = (v: number, fail?: 'thrown' | 'unique') =>
      commits.run(async (tx, batch) => {
        // The batch's memo: made once for the batch's writes.
        const shared = await batch.once('probe', async () => ({ made: v }));
        await execute(tx, sql`insert into probe (v) values (${fail === 'unique' ? 1 : v})`);
        if (fail === 'thrown') throw new Error(`refused ${v}`);
        return shared.made;
      });
    // Pushed in one tick: one batch of five.
    const results = await Promise.allSettled([write(1), write(2, 'thrown'), write(3), write(4, 'unique'), write(5)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused 2');
    expect(uniqueViolation((results[3] as PromiseRejectedResult).reason, 'probe', 'v')).toBe(true);
    // Each write saw the memo of its own attempt: the batch went again with savepoints, led by 1.
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([1, 1, 1]);
    expect(await values()).toEqual([1, 3, 5]);
    expect(commits.stats.batches - batchesBefore).toBe(1);

    // A lone write that is refused stores nothing, and the next one goes in.
    await expect(write(6, 'thrown')).rejects.toThrow('refused 6');
    expect(await write(7)).toBe(7);
    expect(await values()).toEqual([1, 3, 5, 7]);
  });

  it('writes the rows a batch gathers in one statement and hands each write its own, then lets the writes run on', async () => {
    const store = await open();
    const commits = groupCommit(store);
    const statements: number[][] = [];
    const insert = async (tx: Db, vs: number[]) => {
      statements.push(vs);
      await insertProbes(tx, vs);
      return vs.map((v) => v * 10);
    };
    const write = (v: number, fail?: 'before' | 'unique') =>
      commits.run(async (tx, batch) => {
        if (fail === 'before') throw new Error(`refused ${v}`);
        const stored = await batch.gather('probe', (vs: number[]) => insert(tx, vs), fail === 'unique' ? 1 : v);
        await execute(tx, sql`update probe set w = ${stored} where v = ${v}`); // after the batch's statement
        return stored;
      });
    expect(await Promise.all([write(1), write(2), write(3)])).toEqual([10, 20, 30]);
    expect(statements).toEqual([[1, 2, 3]]);
    expect(await rows<{ v: number; w: number }>(store.db, sql`select v, w from probe order by v`)).toEqual(
      [1, 2, 3].map((v) => ({ v, w: v * 10 })),
    );

    // Refused before gathering, or by the gathered statement: the batch goes again, each write in its
    // own savepoint writing its row alone, and the others go in.
    statements.length = 0;
    const results = await Promise.allSettled([write(4), write(5, 'before'), write(6), write(7, 'unique'), write(8)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(uniqueViolation((results[3] as PromiseRejectedResult).reason, 'probe', 'v')).toBe(true);
    expect(statements).toEqual([[4], [6], [1], [8]]); // refused before 6 and 7 gathered; then alone
    expect(await values()).toEqual([1, 2, 3, 4, 6, 8]);
  });

  it('gathers in rounds: what the writes look up together, then what they write together', async () => {
    const store = await open();
    const commits = groupCommit(store);
    const rounds: string[] = [];
    const write = (v: number) =>
      commits.run(async (tx, batch) => {
        const seen = await batch.gather(
          'look',
          async (vs: number[]) => {
            rounds.push(`look ${vs.join(',')}`);
            const found = await rows<{ v: number }>(tx, sql`select v from probe`);
            return vs.map(() => found.length);
          },
          v,
        );
        // A write that found rows writes twice its value, in the round after the lookups.
        return batch.gather(
          'write',
          async (vs: number[]) => {
            rounds.push(`write ${vs.join(',')}`);
            await insertProbes(tx, vs);
            return vs;
          },
          seen ? 2 * v : v,
        );
      });
    expect(await Promise.all([write(1), write(2), write(3)])).toEqual([1, 2, 3]);
    expect(await Promise.all([write(4), write(5)])).toEqual([8, 10]);
    expect(rounds).toEqual(['look 1,2,3', 'write 1,2,3', 'look 4,5', 'write 8,10']);
  });
});
