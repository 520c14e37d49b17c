import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { sha256 } from '../auth/secrets.js';

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

/** Evidence files are named by the SHA-256 of their content: `<64 hex>.<extension>`. */
const EVIDENCE_NAME = /^([0-9a-f]{64})\.[a-z]+$/;

/** The evidence files of a folder whose content does not match its name (none: all intact). */
function damagedEvidence(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((name) => {
    const hash = EVIDENCE_NAME.exec(name)?.[1];
    return hash !== undefined && sha256(readFileSync(join(folder, name))) !== hash;
  });
}

/** Copies every evidence file of a folder to another, each checked against its name once copied. */
function copyEvidence(from: string, to: string): number {
  mkdirSync(to, { recursive: true });
  const names = existsSync(from) ? readdirSync(from).filter((name) => EVIDENCE_NAME.test(name)) : [];
  for (const name of names) copyFileSync(join(from, name), join(to, name));
  const damaged = damagedEvidence(to);
  if (damaged.length) throw new Error(`evidence copied wrong: ${damaged.join(', ')}`);
  return names.length;
}

/**
 * A whole backup in one folder: the database (sipas.sqlite, see backupDatabase) and the PAR
 * evidence files (evidence/), every copy checked. Returns how many evidence files it holds.
 */
export async function backupAll(sqlite: Database.Database, evidenceDir: string, folder: string): Promise<number> {
  await backupDatabase(sqlite, join(folder, 'sipas.sqlite'));
  return copyEvidence(evidenceDir, join(folder, 'evidence'));
}

/**
 * Puts a whole backup back: the database (see restoreDatabase) and its evidence files. Every file
 * of the backup is checked against its name first; a damaged one stops the restore before
 * anything is replaced.
 */
export function restoreAll(folder: string, databasePath: string, evidenceDir: string): number {
  const damaged = damagedEvidence(join(folder, 'evidence'));
  if (damaged.length) throw new Error(`backup evidence damaged, nothing restored: ${damaged.join(', ')}`);
  restoreDatabase(join(folder, 'sipas.sqlite'), databasePath);
  return copyEvidence(join(folder, 'evidence'), evidenceDir);
}
