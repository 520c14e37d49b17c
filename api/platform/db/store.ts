import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { type AsyncRemoteCallback, SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { SQLiteRemoteSession } from 'drizzle-orm/sqlite-proxy/session';
import type { Limits } from './limits.js';

/**
 * One query language for both databases: every query is built once, with drizzle's SQLite query
 * builder over the one schema, and handed as SQL text to a connection of either dialect. The SQL
 * we write and drizzle generates keeps to what SQLite and PostgreSQL share (see README,
 * "Portable SQL"); each dialect's connection (./sqlite.ts, ./postgres.ts) adapts the rest.
 */
export type Db = SqliteRemoteDatabase;

export type Method = 'run' | 'all' | 'values' | 'get';

/** What a dialect supplies: runs SQL text with its parameters on one connection (or pool). */
export interface Connection {
  /** Rows as arrays in column order (for drizzle, which maps them to its fields); for 'get' one row. */
  query(text: string, params: unknown[], method: Method): Promise<{ rows: unknown[] | undefined }>;
  /**
   * Rows as objects keyed by column name, for hand-written SQL. With a `name`, PostgreSQL parses and
   * plans the text once per connection (SQLite prepares every text once anyway).
   */
  objects(text: string, params: unknown[], name?: string): Promise<Record<string, unknown>[]>;
  /** Rows changed by a statement. */
  change(text: string, params: unknown[]): Promise<number>;
  /** How the dialect writes the i-th (0-based) parameter. */
  placeholder(i: number): string;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Reads and single statements outside a transaction. */
  readonly db: Db;
  /**
   * Runs work in one transaction; a thrown error rolls all of it back. `opening`, SQL text without
   * parameters, runs first (PostgreSQL: in BEGIN's round trip).
   */
  transaction<T>(work: (tx: Db) => Promise<T>, opening?: string): Promise<T>;
  /** Rate-limit windows every process on the database shares (./limits.ts). */
  readonly limits: Limits;
  /** How many transactions may be open at once (PostgreSQL: one per pooled connection given to writes). */
  readonly writers: number;
  /** Migrations the code ships versus those the database has applied. */
  migrationStatus(): Promise<{ expected: number; applied: number }>;
  /**
   * After a bulk load: fold the write-ahead log in (SQLite), move each generated key past the keys
   * loaded (PostgreSQL), refresh the planner's statistics.
   */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

interface Handle {
  connection: Connection;
  dialect: SQLiteAsyncDialect;
}
const handles = new WeakMap<Db, Handle>();

/**
 * A drizzle handle whose queries run on the given connection. The dialect decides how parameters
 * are written (SQLite's ?, PostgreSQL's $1).
 */
export function drizzleOn(connection: Connection, dialect: SQLiteAsyncDialect): Db {
  // drizzle types a row set as any[]; a 'get' that finds no row gives undefined, which it expects.
  const query = connection.query.bind(connection) as AsyncRemoteCallback;
  const session = new SQLiteRemoteSession(query, dialect, undefined, undefined);
  const db = new SqliteRemoteDatabase('async', dialect, session as never, undefined as never);
  handles.set(db, { connection, dialect });
  return db;
}

function handleOf(db: Db): Handle {
  const handle = handles.get(db);
  if (!handle) throw new Error('not a store handle');
  return handle;
}

/** Hand-written SQL, rows as objects (drizzle's db.all would hand back a proxy's arrays). */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const { connection, dialect } = handleOf(db);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await connection.objects(text, params)) as T[];
}

/**
 * Hand-written SQL already in the dialect's form, run often with the same text (a batch's
 * statements on the rating path): PostgreSQL keeps it prepared under `name` on each connection.
 */
export async function prepared<T>(db: Db, name: string, text: string, params: unknown[]): Promise<T[]> {
  return (await handleOf(db).connection.objects(text, params, name)) as T[];
}

/** Hand-written SQL that changes rows; answers how many. */
export function execute(db: Db, query: SQL): Promise<number> {
  const { connection, dialect } = handleOf(db);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return connection.change(text, params);
}

/** The dialect's parameter marker, for SQL text built without drizzle (bulk loads). */
export function placeholder(db: Db, i: number): string {
  return handleOf(db).connection.placeholder(i);
}

/** SQL text already in the dialect's form (bulk loads). */
export function executeText(db: Db, text: string, params: unknown[]): Promise<number> {
  return handleOf(db).connection.change(text, params);
}

/**
 * Whether an error is a unique index of `table` refusing a row for its `column`, on either
 * database, itself or as the cause of drizzle's wrapping.
 */
export function uniqueViolation(error: unknown, table: string, column: string): boolean {
  if (!(error instanceof Error)) return false;
  const { code, table: refused, detail } = error as Error & Record<string, unknown>;
  if (code === '23505') return refused === table && String(detail).startsWith(`Key (${column})=`);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return error.message.endsWith(`: ${table}.${column}`);
  return uniqueViolation(error.cause, table, column);
}

/**
 * A failure the database asks the client to retry: PostgreSQL broke a deadlock (40P01) or a
 * serialization conflict (40001) by rolling this statement back. Looks through drizzle's wrapping.
 */
export function transient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return code === '40P01' || code === '40001' || transient(error.cause);
}

/**
 * A savepoint inside a transaction: work that throws is undone alone and the transaction goes on
 * (PostgreSQL needs this too, to go on at all after an error). One name serves every level: both
 * databases release or roll back to the innermost savepoint of a name, and one SQL text stays
 * one prepared statement (a name per call filled the statement cache and flushed it every
 * thousand ratings).
 */
export async function savepoint<T>(tx: Db, work: () => Promise<T>): Promise<T> {
  await execute(tx, sql`savepoint item`);
  try {
    const value = await work();
    await execute(tx, sql`release savepoint item`);
    return value;
  } catch (error) {
    await execute(tx, sql`rollback to savepoint item`);
    await execute(tx, sql`release savepoint item`);
    throw error;
  }
}
