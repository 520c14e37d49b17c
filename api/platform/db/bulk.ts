import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { type Db, executeText, placeholder } from './store.js';

/** A row's value for a column as the driver takes it: the column's default when the row leaves it out. */
export function driverValue(row: Record<string, unknown>, key: string, column: SQLiteColumn): unknown {
  const value = row[key] ?? column.default ?? null;
  return value === null ? null : column.mapToDriverValue(value);
}

export interface BulkInserter<T extends SQLiteTable> {
  add(row: T['$inferInsert']): Promise<void>;
  flush(): Promise<void>;
}

/**
 * Bulk loading for generators and imports: multi-row INSERTs built from the drizzle table
 * definition, so the columns are never written twice. Drizzle's query builder costs about 30 µs
 * a row, several times the database's own work, which matters at millions of rows.
 * Rows go in groups of `rowsPerStatement`; the inserters named in `after` (whose rows these may
 * reference) are flushed first. Call flush() at the end.
 */
export function bulkInserter<T extends SQLiteTable>(
  db: Db,
  table: T,
  { rowsPerStatement = 100, after = [] }: { rowsPerStatement?: number; after?: { flush(): Promise<void> }[] } = {},
): BulkInserter<T> {
  // A generated key is left to the database unless the first row gives it (PostgreSQL would not
  // take NULL for an identity column). After keys given explicitly, call
  // the store's optimize(), which on PostgreSQL moves each key's sequence past them.
  let entries: [string, SQLiteColumn][] | undefined;
  const columnsFor = (row: Record<string, unknown>) =>
    Object.entries(getTableColumns(table)).filter(
      ([key, c]) => !(c.primary && (c as unknown as { autoIncrement: boolean }).autoIncrement && row[key] === undefined),
    );
  const texts = new Map<number, string>();
  const text = (n: number, columns: [string, SQLiteColumn][]) => {
    let t = texts.get(n);
    if (!t) {
      const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
      const tuples = Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => placeholder(db, r * columns.length + c)).join(', ')})`);
      t = `insert into "${getTableName(table)}" (${names}) values ${tuples.join(', ')}`;
      texts.set(n, t);
    }
    return t;
  };
  let pending: unknown[] = [];
  let count = 0;
  const flush = async () => {
    for (const other of after) await other.flush();
    if (count === 0) return;
    const params = pending;
    const n = count;
    pending = [];
    count = 0;
    await executeText(db, text(n, entries as [string, SQLiteColumn][]), params);
  };
  return {
    async add(row: T['$inferInsert']) {
      entries ??= columnsFor(row);
      for (const [key, column] of entries) pending.push(driverValue(row, key, column));
      if (++count === rowsPerStatement) await flush();
    },
    flush,
  };
}
