/**
 * The PostgreSQL form of the schema, derived table by table from the one schema (./schema.ts), so
 * the two dialects cannot drift: every table, column, default, key, index, check and foreign key
 * is read from the SQLite definition. drizzle-kit generates migrations-pg/ from this file.
 *
 * Types map one to one: integer → bigint (SQLite's integers are 64-bit; an auto-incrementing key →
 * identity), epoch-millisecond time → bigint (the same numbers, so time arithmetic in SQL is the
 * same in both), boolean → boolean, real → double precision, JSON text → jsonb, text → text.
 */
import { getTableColumns, is, SQL } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  jsonb,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema.js';

const byName = new Map<string, PgTableWithColumns<never>>();

/**
 * Indexes PostgreSQL alone has, by table: each rollup's covering index led by the period, which
 * figures read without touching the table's rows (updated rows lie scattered): a province's units
 * with their unit column as a search key, thousands of units (the country's communes) as one range
 * of periods. SQLite serves a province, which its primary keys serve as well, and would pay for
 * them in every rollup upsert of its triggers (a third of their work, bench/RESULTS.md).
 */
export const PG_ONLY_INDEXES: Record<string, { name: string; on: string[] }[]> = {
  rating_counts: [
    { name: 'rating_counts_by_period', on: ['grain', 'period', 'unitId', 'channel', 'counterId', 'l1', 'l2', 'l3', 'l4', 'l5'] },
  ],
  rating_hour_counts: [
    { name: 'rating_hour_counts_by_period', on: ['grain', 'period', 'unitId', 'weekday', 'hour', 'l1', 'l2', 'l3', 'l4', 'l5'] },
  ],
  rating_reason_counts: [{ name: 'rating_reason_counts_by_period', on: ['grain', 'period', 'unitId', 'reason', 'n'] }],
  transaction_counts: [
    { name: 'transaction_counts_by_period', on: ['grain', 'period', 'unitId', 'received', 'online', 'digitised', 'resolvedOnTime'] },
  ],
};

/**
 * Columns each rollup's primary key carries (INCLUDE, migrations-pg/0018, written by hand: drizzle
 * declares no INCLUDE): a province's rows are read from the key alone, never from the heap, where
 * rows rewritten by every batch lie one to a page.
 */
export const PG_KEY_INCLUDES: Record<string, string[]> = {
  rating_counts: ['l1', 'l2', 'l3', 'l4', 'l5'],
  rating_hour_counts: ['l1', 'l2', 'l3', 'l4', 'l5'],
  rating_reason_counts: ['n'],
  transaction_counts: ['received', 'online', 'digitised', 'resolved_on_time'],
};

function pgColumn(c: SQLiteColumn): PgColumnBuilderBase {
  // biome-ignore lint/suspicious/noImplicitAnyLet: each column type has its own drizzle builder; TypeScript follows the assignments below
  let builder;
  switch (c.columnType) {
    case 'SQLiteInteger': {
      const autoIncrement = (c as unknown as { autoIncrement: boolean }).autoIncrement;
      builder =
        c.primary && autoIncrement ? bigint(c.name, { mode: 'number' }).generatedByDefaultAsIdentity() : bigint(c.name, { mode: 'number' });
      break;
    }
    case 'SQLiteTimestamp':
      builder = bigint(c.name, { mode: 'number' });
      break;
    case 'SQLiteBoolean':
      builder = boolean(c.name);
      break;
    case 'SQLiteReal':
      builder = doublePrecision(c.name);
      break;
    case 'SQLiteTextJson':
      builder = jsonb(c.name);
      break;
    case 'SQLiteText':
      builder = text(c.name);
      break;
    default:
      throw new Error(`${c.name}: no PostgreSQL type for ${c.columnType}`);
  }
  if (c.primary) builder = builder.primaryKey();
  if (c.notNull && !c.primary) builder = builder.notNull();
  if (c.isUnique) builder = builder.unique(c.uniqueName);
  if (c.default !== undefined) builder = builder.default(c.default as never);
  return builder as PgColumnBuilderBase;
}

function derive<T extends SQLiteTable>(table: T) {
  const config = getTableConfig(table);
  const keys = Object.keys(getTableColumns(table));
  const columns = Object.fromEntries(keys.map((key) => [key, pgColumn(getTableColumns(table)[key] as SQLiteColumn)]));
  const derived = pgTable(config.name, columns, (t) => {
    // A SQLite column in a key, an index or a foreign key stands for the PostgreSQL column of the same key.
    const col = (c: SQLiteColumn) => (t as Record<string, AnyPgColumn>)[keys[config.columns.indexOf(c)] as string] as AnyPgColumn;
    const table = (name: string) => byName.get(name) as unknown as Record<string, AnyPgColumn>;
    return [
      ...config.primaryKeys.map((pk) =>
        primaryKey({ name: pk.getName(), columns: pk.columns.map((c) => col(c)) as [AnyPgColumn, ...AnyPgColumn[]] }),
      ),
      ...config.indexes.map((ix) => {
        const { name, columns: on, unique, where } = ix.config;
        const built = (unique ? uniqueIndex(name) : index(name)).on(
          ...(on.map((c) => (is(c, SQL) ? c : col(c as SQLiteColumn))) as [AnyPgColumn, ...AnyPgColumn[]]),
        );
        return where ? built.where(where as SQL) : built;
      }),
      ...(PG_ONLY_INDEXES[config.name] ?? []).map(({ name, on }) =>
        index(name).on(...(on.map((key) => (t as Record<string, AnyPgColumn>)[key]) as [AnyPgColumn, ...AnyPgColumn[]])),
      ),
      ...config.checks.map((c) => check(c.name, c.value)),
      ...config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const target = getTableConfig(ref.foreignTable);
        const targetKeys = Object.keys(getTableColumns(ref.foreignTable));
        return foreignKey({
          name: fk.getName(),
          columns: ref.columns.map((c) => col(c)) as [AnyPgColumn, ...AnyPgColumn[]],
          foreignColumns: ref.foreignColumns.map((c) => table(target.name)[targetKeys[target.columns.indexOf(c)] as string]) as [
            AnyPgColumn,
            ...AnyPgColumn[],
          ],
        });
      }),
    ];
  });
  byName.set(config.name, derived as unknown as PgTableWithColumns<never>);
  return derived;
}

/** Every table of the schema, in PostgreSQL form, under the same export names. */
export const tables = Object.fromEntries(
  Object.entries(schema)
    .filter(([, value]) => is(value, SQLiteTable))
    .map(([name, table]) => [name, derive(table as SQLiteTable)]),
);

// drizzle-kit reads a schema file's top-level exports; a table missing here fails tests/api/postgres.test.ts.
export const {
  units,
  unitReach,
  unitReachState,
  procedures,
  nameAliases,
  counters,
  kioskDevices,
  transactions,
  transactionChanges,
  transactionCounts,
  transactionCountsBelow,
  imports,
  users,
  signInFailures,
  leases,
  auditLog,
  sessions,
  ratingTokens,
  serviceAccounts,
  serviceKeys,
  ratings,
  ratingHolds,
  followUps,
  ratingReasons,
  ratingCounts,
  ratingHourCounts,
  ratingReasonCounts,
  ratingCountsBelow,
  ratingHourCountsBelow,
  ratingReasonCountsBelow,
  ratingAnswers,
  surveyWaves,
  surveyWaveUnits,
  surveyRespondents,
  surveyEntries,
  surveyAnswers,
  parAssessments,
  parItems,
  alerts,
  alertNotes,
  webhooks,
  webhookDeliveries,
} = tables;
