import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { journalLength } from './journal.js';
import { postgresLimits } from './limits.js';
import { lsnValue, ReplicaSet, readOnly } from './replicas.js';
import { type Connection, type Db, drizzleOn, type Store } from './store.js';

export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations-pg', import.meta.url));

/** SQLite's query text with PostgreSQL's parameter markers. */
class PostgresDialect extends SQLiteAsyncDialect {
  override escapeParam(num: number): string {
    return `$${num + 1}`;
  }
}

// Counts, sums and times arrive as JavaScript numbers, as SQLite gives them (every value we keep
// is below 2^53); JSON arrives as text, which the schema's JSON columns parse themselves.
const TYPES = { INT8: 20, NUMERIC: 1700, JSON: 114, JSONB: 3802 } as const;
const parsers: Record<number, (value: string) => unknown> = {
  [TYPES.INT8]: Number,
  [TYPES.NUMERIC]: Number,
  [TYPES.JSON]: (v) => v,
  [TYPES.JSONB]: (v) => v,
};
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * SQLite's query builder writes NULL for a column an insert leaves out; PostgreSQL must be told
 * DEFAULT instead, or an identity key would be NULL. Parameters never appear as the literal, so a
 * bare null in an insert's VALUES list is always such a column.
 */
export function insertDefaults(text: string): string {
  if (!text.startsWith('insert into')) return text;
  const end = text.search(/ on conflict | returning /);
  const head = end < 0 ? text : text.slice(0, end);
  const values = head.indexOf(' values ');
  if (values < 0) return text;
  const list = head.slice(values).replace(/([(,] ?)null(?= ?[,)])/g, '$1default');
  return head.slice(0, values) + list + (end < 0 ? '' : text.slice(end));
}

type Client = pg.Pool | pg.PoolClient;
/** A statement as node-postgres takes it; rows as arrays for drizzle. */
type Query = pg.QueryConfig & { rowMode?: 'array' };

/**
 * Statements on a pool or one pooled connection. Outside a transaction, with standbys: a read may
 * go to one (./replicas.ts), and a write notes the primary's position after it, so this process's
 * later reads wait for a standby to have it.
 */
function connection(client: Client, replicas?: ReplicaSet): Connection {
  const written = async (config: Query) => {
    const result = await client.query(config);
    if (replicas) replicas.wrote(await replicas.primaryLsn());
    return result;
  };
  const read = (config: Query) => (replicas && readOnly(config.text) ? replicas.read(config) : written(config));
  return {
    async query(text, params, method) {
      const result = await read({ text: insertDefaults(text), values: params, rowMode: 'array' });
      if (method === 'run') return { rows: [] };
      return { rows: method === 'get' ? result.rows[0] : result.rows };
    },
    async objects(text, params, name) {
      return (await read({ name, text, values: params })).rows;
    },
    async change(text, params) {
      return (await written({ text: insertDefaults(text), values: params })).rowCount ?? 0;
    },
    placeholder: (i) => `$${i + 1}`,
  };
}

export interface PostgresStore extends Store {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  /** The standbys reads may go to (DATABASE_READ_URLS), when there are any. */
  readonly replicas?: ReplicaSet;
}

export interface PostgresOptions {
  /** Pooled connections to the primary. */
  max?: number;
  /** Hot standbys of the primary, for reads (./replicas.ts). */
  readUrls?: string[];
  /** A standby further behind the primary than this is skipped. */
  maxLagMs?: number;
  /** Group-commit lanes (DATABASE_WRITE_LANES), at most half the pool. */
  writeLanes?: number;
}

/**
 * A pool of connections to a PostgreSQL server, migrated from migrations-pg/ (the same schema,
 * generated from api/platform/db/schema-pg.ts). A transaction holds one pooled connection to its end.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: PG_TYPES });
  // An idle pooled connection the server closes (restart, failover) is replaced on next use;
  // without a listener its error would end the process.
  pool.on('error', (error) => console.error(`PostgreSQL: an idle connection failed: ${error.message}`));
  await migrate(drizzle(pool), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  const limits = await postgresLimits(pool);
  const replicas = options.readUrls?.length ? new ReplicaSet(pool, options.readUrls, options.maxLagMs ?? 1_000, PG_TYPES) : undefined;
  const dialect = new PostgresDialect();
  // One drizzle handle per pooled connection, kept as long as the connection: prepared queries
  // (perDatabase) are then made once per connection, not once per transaction.
  const handles = new WeakMap<pg.PoolClient, Db>();
  const handleOf = (client: pg.PoolClient) => {
    let db = handles.get(client);
    if (!db) {
      db = drizzleOn(connection(client), dialect);
      handles.set(client, db);
    }
    return db;
  };
  return {
    dialect: 'postgres',
    pool,
    replicas,
    db: drizzleOn(connection(pool, replicas), dialect),
    limits,
    // Half the pool at most, so reads still find a connection while writers are busy.
    writers: Math.max(1, Math.min(options.writeLanes ?? 1, Math.floor(pool.options.max / 2))),
    async transaction(work, opening) {
      const client = await pool.connect();
      try {
        await client.query(opening ? `begin; ${opening}` : 'begin');
        try {
          const value = await work(handleOf(client));
          if (!replicas) await client.query('commit');
          else {
            // The commit and the position after it in one round trip.
            const results = (await client.query('commit; select pg_current_wal_lsn()::text as lsn')) as unknown as pg.QueryResult[];
            replicas.wrote(lsnValue(results[1]?.rows[0]?.lsn));
          }
          return value;
        } catch (error) {
          await client.query('rollback');
          throw error;
        }
      } finally {
        client.release();
      }
    },
    async migrationStatus() {
      const { rows } = await pool.query<{ n: number }>('select count(*) as n from drizzle.__drizzle_migrations');
      return { expected: journalLength(PG_MIGRATIONS_FOLDER), applied: Number(rows[0]?.n) };
    },
    async optimize() {
      const { rows } = await pool.query<{ table: string; column: string }>(
        `select table_name as "table", column_name as "column" from information_schema.columns
          where table_schema = current_schema() and is_identity = 'YES'`,
      );
      for (const { table, column } of rows) {
        await pool.query(
          `select setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce((select max("${column}") from "${table}"), 0) + 1, false)`,
        );
      }
      await pool.query('analyze');
    },
    async close() {
      await replicas?.close();
      await pool.end();
    },
  };
}
