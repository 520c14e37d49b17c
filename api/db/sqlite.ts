import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { journalLength } from './journal.js';
import { type Connection, type Method, type Store, drizzleOn } from './store.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface SqliteStore extends Store {
  readonly dialect: 'sqlite';
  /** The file's own connection, for what only SQLite has (online backup, checkpoints). */
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

/**
 * Opens (creating if needed) the SQLite file and applies every pending migration. WAL lets readers
 * run beside the writer; synchronous=FULL makes a commit durable before the API acknowledges it.
 *
 * There is one connection, and better-sqlite3 runs each statement to its end before returning, so
 * a transaction is only open across the awaits of its own work: while it is, statements from
 * elsewhere wait for it (they would otherwise run inside it), and so does the next transaction.
 */
export function openSqlite(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // Every insert into a table with triggers opens a statement journal: keep it in memory.
  sqlite.pragma('temp_store = memory');
  migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });

  const prepare = statementCache(sqlite);
  const run = (text: string, params: unknown[], method: Method): { rows: any } => {
    const statement = prepare(text);
    if (method === 'run') {
      statement.run(params);
      return { rows: [] };
    }
    statement.raw(true);
    return { rows: method === 'get' ? statement.get(params) : statement.all(params) };
  };
  const objects = (text: string, params: unknown[]) => prepare(text).raw(false).all(params) as Record<string, unknown>[];
  const change = (text: string, params: unknown[]) => prepare(text).run(params).changes;

  let open: Promise<void> | null = null;
  const idle = async () => {
    while (open) await open;
  };
  const inside: Connection = {
    query: async (text, params, method) => run(text, params, method),
    objects: async (text, params) => objects(text, params),
    change: async (text, params) => change(text, params),
    placeholder: () => '?',
  };
  const outside: Connection = {
    query: async (text, params, method) => (await idle(), run(text, params, method)),
    objects: async (text, params) => (await idle(), objects(text, params)),
    change: async (text, params) => (await idle(), change(text, params)),
    placeholder: () => '?',
  };
  const dialect = new SQLiteAsyncDialect();
  const db = drizzleOn(outside, dialect);
  const tx = drizzleOn(inside, dialect);

  return {
    dialect: 'sqlite',
    sqlite,
    writers: 1,
    db,
    async transaction(work) {
      await idle();
      let done = () => {};
      open = new Promise<void>((resolve) => (done = resolve));
      try {
        prepare('begin immediate').run();
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
      if (sqlite.open) sqlite.close();
    },
  };
}
