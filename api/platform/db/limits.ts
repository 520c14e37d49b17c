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
 * hit costs no durable commit (SQLite: the process's memory, or a side file without fsync when
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

// Every SET expression reads the row as it was, so the two CASEs see the same old window. The
// inserted count is the hits on the key in one step (PostgreSQL folds requests together).
const UPSERT_TAIL = `on conflict (key) do update set
  count = case when excluded.started - rate_windows.started >= excluded.window_ms then excluded.count else rate_windows.count + excluded.count end,
  started = case when excluded.started - rate_windows.started >= excluded.window_ms then excluded.started else rate_windows.started end,
  window_ms = excluded.window_ms
returning key, started, count`;
const TABLE = `create table if not exists rate_windows (
  key text primary key, started bigint not null, window_ms bigint not null, count bigint not null)`;
const SWEEP = 'delete from rate_windows where started + window_ms <= ';

/** A lone process on SQLite: the counters in its memory (a map costs a rating ~1 µs, an in-memory SQLite table ~20). */
export function memoryLimits(): Limits {
  const windows = new Map<string, { started: number; windowMs: number; count: number }>();
  return {
    hit: async (hits, now) =>
      hits.map(({ key, windowMs }) => {
        let window = windows.get(key);
        if (!window || now - window.started >= windowMs) {
          window = { started: now, windowMs, count: 0 };
          windows.set(key, window);
        }
        window.windowMs = windowMs;
        window.count += 1;
        return { started: window.started, count: window.count };
      }),
    sweep: async (now) => {
      for (const [key, window] of windows) if (window.started + window.windowMs <= now) windows.delete(key);
    },
    close: async () => {},
  };
}

/**
 * SQLite with several API processes: a file beside the database, which they share through
 * SQLite's file locks (the writer's transactions stay open across awaits, so a counter in the
 * database file itself would wait for every batch and pay its fsync).
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

type Window = { started: number; count: number };

/**
 * PostgreSQL: an unlogged table (no WAL, so no replication and no fsync). The hits of every
 * request that arrives while a statement is out go together in the next one, each key once with
 * its number of hits (a round trip to the server costs more than the upsert): the requests get the
 * counts they would have got one after another, in the order they came, all at the latest `now`
 * among them.
 */
export async function postgresLimits(pool: pg.Pool): Promise<Limits> {
  try {
    await pool.query(TABLE.replace('create table', 'create unlogged table'));
  } catch (error) {
    // Two processes opening at once: the other one made it (a duplicate type or table).
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw error;
  }
  interface Waiting {
    hits: readonly LimitHit[];
    now: number;
    resolve: (windows: Window[]) => void;
    reject: (error: unknown) => void;
  }
  let queue: Waiting[] = [];
  let sending = false;
  const send = async () => {
    sending = true;
    const group = queue;
    queue = [];
    const keys = new Map<string, { windowMs: number; n: number }>();
    for (const { hits } of group)
      for (const { key, windowMs } of hits) {
        const seen = keys.get(key);
        if (seen) seen.n += 1;
        else keys.set(key, { windowMs, n: 1 });
      }
    try {
      const { rows } = await pool.query<{ key: string; started: string; count: string }>(
        `insert into rate_windows (key, started, window_ms, count)
           select k, $2, w, n from unnest($1::text[], $3::bigint[], $4::bigint[]) as t(k, w, n) ${UPSERT_TAIL}`,
        [
          [...keys.keys()],
          Math.max(...group.map((w) => w.now)),
          [...keys.values()].map((k) => k.windowMs),
          [...keys.values()].map((k) => k.n),
        ],
      );
      // The last of a key's hits saw the count returned, the ones before it one less each.
      const after = new Map(rows.map((r) => [r.key, { started: Number(r.started), count: Number(r.count) - (keys.get(r.key)?.n ?? 1) }]));
      for (const waiting of group)
        waiting.resolve(
          waiting.hits.map(({ key }) => {
            const window = after.get(key) as Window;
            window.count += 1;
            return { ...window };
          }),
        );
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
    }
    if (queue.length) void send();
    else sending = false;
  };
  return {
    hit(hits, now) {
      if (!hits.length) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        queue.push({ hits, now, resolve, reject });
        if (!sending) void send();
      });
    },
    async sweep(now) {
      await pool.query(`${SWEEP}$1`, [now]);
    },
    close: async () => {},
  };
}
