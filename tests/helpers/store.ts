import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres, PG_MIGRATIONS_FOLDER } from '../../api/platform/db/postgres.js';
import { openSqlite } from '../../api/platform/db/sqlite.js';
import { execute, rows, type Store } from '../../api/platform/db/store.js';

/**
 * Which database the API tests run on: SQLite by default; TEST_DIALECT=postgres runs the same
 * tests on the PostgreSQL server at TEST_DATABASE_URL, each test on a database of its own.
 */
export const TEST_DIALECT = process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = TEST_DIALECT === 'postgres';

export interface TestStore {
  store: Store;
  /** A folder of the test's own, for files (evidence, backups). */
  dir: string;
  /** For PostgreSQL, how to reach the test's database. */
  url?: string;
  close(): Promise<void>;
}

const serverUrl = () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DIALECT=postgres needs TEST_DATABASE_URL (a server where databases may be created)');
  return url;
};
const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

/** The migrated template every test database is copied from, made once per set of migrations. */
let template: Promise<string> | undefined;
function templateDatabase(): Promise<string> {
  template ??= (async () => {
    const journal = readFileSync(join(PG_MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8');
    const name = `sipas_template_${createHash('sha256').update(journal).digest('hex').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: serverUrl() });
    await admin.connect();
    try {
      // Test files run in parallel workers: one makes the template, the others wait for it.
      await admin.query('select pg_advisory_lock(7660876)');
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) {
        await admin.query(`drop database if exists "${name}_new"`); // left by a run that was stopped
        await admin.query(`create database "${name}_new"`);
        const store = await openPostgres(withDatabase(serverUrl(), `${name}_new`), { max: 1 });
        await store.close();
        await admin.query(`alter database "${name}_new" rename to "${name}"`);
      }
      await admin.query('select pg_advisory_unlock(7660876)');
    } finally {
      await admin.end();
    }
    return name;
  })();
  return template;
}

let sequence = 0;
/** A fresh migrated database of the test's own: on the dialect the run is for, unless one is named. */
export async function openTestStore(dialect: 'sqlite' | 'postgres' = TEST_DIALECT): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'sipas-test-'));
  if (dialect === 'sqlite') {
    const store = openSqlite(join(dir, 'test.sqlite'));
    return {
      store,
      dir,
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const source = await templateDatabase();
  const name = `sipas_test_${process.pid}_${++sequence}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`create database "${name}" template "${source}"`);
  const url = withDatabase(serverUrl(), name);
  // With a standby (TEST_DATABASE_READ_URL), the test's pages and GETs read from it as in production.
  const standby = process.env.TEST_DATABASE_READ_URL;
  // Two write lanes (the default is one): batches written side by side, as a many-core server's are.
  const store = await openPostgres(url, { max: 4, readUrls: standby ? [withDatabase(standby, name)] : [], writeLanes: 2 });
  return {
    store,
    dir,
    url,
    async close() {
      await store.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Hand-written test SQL with ? markers (outside quoted text) as a drizzle query with parameters. */
function withParams(text: string, params: unknown[]): SQL {
  const pieces = text.split(/\?(?=(?:[^']*'[^']*')*[^']*$)/);
  if (pieces.length !== params.length + 1) throw new Error(`${params.length} parameters for ${pieces.length - 1} markers`);
  return sql.join(pieces.flatMap((piece, i) => (i < params.length ? [sql.raw(piece), sql`${params[i]}`] : [sql.raw(piece)])));
}

/**
 * Hand-written SQL for assertions, rows as SQLite gives them (booleans as 0 and 1), so a test
 * reads the same on both databases.
 */
export async function query<T = Record<string, unknown>>(store: Store, text: string, ...params: unknown[]): Promise<T[]> {
  const found = await rows<Record<string, unknown>>(store.db, withParams(text, params));
  return found.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]))) as T[];
}

/** The columns the database has for a table. */
export async function columnsOf(store: Store, table: string): Promise<string[]> {
  const text = onPostgres
    ? 'select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ?'
    : 'select name from pragma_table_info(?)';
  return (await query<{ name: string }>(store, text, table)).map((c) => c.name);
}

/** Where drizzle records the migrations it applied. */
export const MIGRATIONS_TABLE = onPostgres ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';

/** Hand-written test SQL that changes rows; answers how many. */
export function exec(store: Store, text: string, ...params: unknown[]): Promise<number> {
  return execute(store.db, withParams(text, params));
}

/** query and exec bound to one test's store, for the app and demo fixtures. */
export const sqlOn = (store: Store) => ({
  /** Hand-written SQL with ? markers, rows as SQLite gives them. */
  query: <T = Record<string, unknown>>(text: string, ...params: unknown[]) => query<T>(store, text, ...params),
  /** Hand-written SQL that changes rows. */
  exec: (text: string, ...params: unknown[]) => exec(store, text, ...params),
});
