import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * A consistent copy of a live database through SQLite's online backup API: readers and writers go
 * on while it runs, and the copy is one point in time. The copy is checked before it is trusted.
 */
export async function backupDatabase(sqlite: Database.Database, destination: string): Promise<void> {
  mkdirSync(dirname(destination), { recursive: true });
  await sqlite.backup(destination);
  const copy = new Database(destination, { readonly: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`backup failed its integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
}

/**
 * Puts a backup in place of a database file. The server must be stopped: its WAL and shared-memory
 * files are removed so that nothing from after the backup is replayed over it.
 */
export function restoreDatabase(backup: string, target: string): void {
  if (!existsSync(backup)) throw new Error(`no backup at ${backup}`);
  mkdirSync(dirname(target), { recursive: true });
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backup, target);
}
