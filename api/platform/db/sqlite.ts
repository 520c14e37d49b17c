import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { journalLength } from './journal.js';
import { memoryLimits, sqliteLimits } from './limits.js';
import { type Connection, drizzleOn, type Method, type Store } from './store.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface SqliteStore extends Store {
  readonly dialect: 'sqlite';
  /** The file's writing connection, for what only SQLite has (online backup, checkpoints). */
  readonly sqlite: Database.Database;
}

/** Prepared statements by SQL text; drizzle builds the same text for the same query shape. */
function statementCache(sqlite: Database.Database, limit = 2000) {
  const cache = new Map<string, Database.Statement>();
  return (text: string) => {
    let statement = cache.get(text);
    if (!statement) {
      if (cache.size >= limit) cache.clear();
      statement = sqlite.prepare(text);
      cache.set(text, statement);
    }
    return statement;
  };
}

/** A connection's statements, run the way drizzle and hand-written SQL ask for them. */
function statements(sqlite: Database.Database) {
  const prepare = statementCache(sqlite);
  return {
    prepare,
    run(text: string, params: unknown[], method: Method): { rows: unknown[] | undefined } {
      const statement = prepare(text);
      if (method === 'run') {
        statement.run(params);
        return { rows: [] };
      }
      statement.raw(true);
      return { rows: (method === 'get' ? statement.get(params) : statement.all(params)) as unknown[] | undefined };
    },
    objects: (text: string, params: unknown[]) => prepare(text).raw(false).all(params) as Record<string, unknown>[],
    change: (text: string, params: unknown[]) => prepare(text).run(params).changes,
  };
}

/**
 * Opens (creating if needed) the SQLite file and applies every pending migration. WAL lets readers
 * run beside the writer; synchronous=FULL makes a commit durable before the API acknowledges it.
 *
 * Two connections. The writer's transactions stay open across the awaits of their own work (an
 * import of thousands of rows, a batch of ratings), so a write from elsewhere waits for the open
 * one to end (it would otherwise run inside it), and so does the next transaction. A read from
 * elsewhere goes to the read-only connection instead and waits for nothing: it sees what was last
 * committed, as a read on PostgreSQL would. (An in-memory database has the writer alone.)
 *
 * Rate limits: with `sharedLimits` (several API processes, WORKERS > 1) a side file they all share;
 * else counters in the one process's memory.
 */
export function openSqlite(path: string, options: { sharedLimits?: boolean } = {}): SqliteStore {
  const file = path !== ':memory:';
  if (file) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // Every insert into a table with triggers opens a statement journal: keep it in memory.
  sqlite.pragma('temp_store = memory');
  migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
  const reading = file ? new Database(path, { readonly: true }) : null;
  reading?.pragma('busy_timeout = 5000');
  reading?.pragma('cache_size = -65536');
  reading?.pragma('temp_store = memory');

  const writer = statements(sqlite);
  const reader = reading ? statements(reading) : null;
  const { prepare } = writer;

  let open: Promise<void> | null = null;
  const idle = async () => {
    while (open) await open;
  };
  const inside: Connection = {
    query: async (text, params, method) => writer.run(text, params, method),
    objects: async (text, params) => writer.objects(text, params),
    change: async (text, params) => writer.change(text, params),
    placeholder: () => '?',
  };
  /** Outside a transaction: a read on the reader at once, anything else on the writer once it is idle. */
  const outsideOn = async (text: string) => {
    if (reader && prepare(text).readonly) return reader;
    await idle();
    return writer;
  };
  const outside: Connection = {
    query: async (text, params, method) => (await outsideOn(text)).run(text, params, method),
    objects: async (text, params) => (await outsideOn(text)).objects(text, params),
    change: async (text, params) => {
      await idle();
      return writer.change(text, params);
    },
    placeholder: () => '?',
  };
  const dialect = new SQLiteAsyncDialect();
  const db = drizzleOn(outside, dialect);
  const limits = options.sharedLimits ? sqliteLimits(`${path}.limits`) : memoryLimits();
  const tx = drizzleOn(inside, dialect);

  return {
    dialect: 'sqlite',
    sqlite,
    writers: 1,
    db,
    limits,
    async transaction(work, opening) {
      await idle();
      let done = () => {};
      open = new Promise<void>((resolve) => (done = resolve));
      try {
        prepare('begin immediate').run();
        if (opening) sqlite.exec(opening);
        try {
          const value = await work(tx);
          prepare('commit').run();
          return value;
        } catch (error) {
          if (sqlite.inTransaction) prepare('rollback').run();
          throw error;
        }
      } finally {
        open = null;
        done();
      }
    },
    async migrationStatus() {
      const row = prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
      return { expected: journalLength(MIGRATIONS_FOLDER), applied: row.n };
    },
    async optimize() {
      await idle();
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.pragma('optimize');
    },
    async close() {
      await idle();
      await limits.close();
      if (reading?.open) reading.close();
      if (sqlite.open) sqlite.close();
    },
  };
}
