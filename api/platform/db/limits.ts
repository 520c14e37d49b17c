import Database from 'better-sqlite3';
import type pg from 'pg';

/** One counter to move: its key and the length of its fixed window. */
export interface LimitHit {
  key: string;
  windowMs: number;
}

/**
 * Fixed-window counters every API process shares, so a limit holds however many processes serve
 * it. They are not records: nothing backs them up, a lost counter only restarts its window, and a
 * hit costs no durable commit (SQLite: an in-memory database, or a side file without fsync when
 * several processes share the file; PostgreSQL: an unlogged table, which standbys do not read). Kept
 * outside the migrations for that reason; each dialect makes its table on open.
 */
export interface Limits {
  /** Counts one hit on each key (distinct keys) in one step; answers each window's start and count. */
  hit(hits: readonly LimitHit[], now: number): Promise<{ started: number; count: number }[]>;
  /** Forgets windows that ended before `now`. */
  sweep(now: number): Promise<void>;
  close(): Promise<void>;
}

// Every SET expression reads the row as it was, so the two CASEs see the same old window.
const UPSERT_TAIL = `on conflict (key) do update set
  count = case when excluded.started - rate_windows.started >= excluded.window_ms then 1 else rate_windows.count + 1 end,
  started = case when excluded.started - rate_windows.started >= excluded.window_ms then excluded.started else rate_windows.started end,
  window_ms = excluded.window_ms
returning key, started, count`;
const TABLE = `create table if not exists rate_windows (
  key text primary key, started bigint not null, window_ms bigint not null, count bigint not null)`;
const SWEEP = 'delete from rate_windows where started + window_ms <= ';

/**
 * SQLite: a file beside the database, which processes on one machine share through SQLite's file
 * locks (the writer's transactions stay open across awaits, so a counter in the database file
 * itself would wait for every batch and pay its fsync); ':memory:' for a lone process.
 */
export function sqliteLimits(path: string): Limits {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('busy_timeout = 5000');
  db.exec(TABLE);
  const upsert = db.prepare(`insert into rate_windows (key, started, window_ms, count) values (?, ?, ?, 1) ${UPSERT_TAIL}`);
  const sweep = db.prepare(`${SWEEP}?`);
  const hitAll = db.transaction((hits: readonly LimitHit[], now: number) =>
    hits.map((h) => upsert.get(h.key, now, h.windowMs) as { started: number; count: number }),
  );
  return {
    hit: async (hits, now) => (hits.length ? hitAll.immediate(hits, now) : []),
    sweep: async (now) => {
      sweep.run(now);
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

/** PostgreSQL: an unlogged table (no WAL, so no replication and no fsync), every hit of a request in one statement. */
export async function postgresLimits(pool: pg.Pool): Promise<Limits> {
  try {
    await pool.query(TABLE.replace('create table', 'create unlogged table'));
  } catch (error) {
    // Two processes opening at once: the other one made it (a duplicate type or table).
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw error;
  }
  return {
    async hit(hits, now) {
      if (!hits.length) return [];
      const { rows } = await pool.query<{ key: string; started: string; count: string }>(
        `insert into rate_windows (key, started, window_ms, count)
           select k, $2, w, 1 from unnest($1::text[], $3::bigint[]) as t(k, w) ${UPSERT_TAIL}`,
        [hits.map((h) => h.key), now, hits.map((h) => h.windowMs)],
      );
      const byKey = new Map(rows.map((r) => [r.key, { started: Number(r.started), count: Number(r.count) }]));
      return hits.map((h) => byKey.get(h.key) as { started: number; count: number });
    },
    async sweep(now) {
      await pool.query(`${SWEEP}$1`, [now]);
    },
    close: async () => {},
  };
}
