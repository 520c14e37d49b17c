import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../api/platform/auth/secrets.js';
import { backupDatabase, restoreDatabase } from '../../../api/platform/db/backup.js';
import { openSqlite, type SqliteStore } from '../../../api/platform/db/sqlite.js';
import { DEVICE_KEY, kioskTap, makeTestApp, type TestApp } from '../../helpers/app.js';
import { startServer } from '../../helpers/server.js';
import { onPostgres } from '../../helpers/store.js';

let t: TestApp | undefined;
let server: ChildProcess | undefined;
afterEach(async () => {
  server?.kill('SIGKILL');
  await t?.close();
});

const QUICK = { KIOSK_REPEAT_WINDOW_SECONDS: '0', RATE_LIMIT_RATINGS_PER_IP: '1000000', RATE_LIMIT_RATINGS_PER_DEVICE: '1000000' };

const rate = (url: string, key: string, level: number) =>
  fetch(`${url}/api/ratings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-device-key': DEVICE_KEY },
    body: JSON.stringify({ deviceId: 'bd-q1', level }),
  });

describe('durability', () => {
  it('keeps every acknowledged rating exactly once when the server is killed mid-burst', async () => {
    t = await makeTestApp();
    const database = { path: t.env.DATABASE_PATH, url: t.databaseUrl };
    // The fixture is written; a SQLite file is the server process's own from here.
    if (!onPostgres) await t.deps.store.close();
    const first = await startServer(database, QUICK);
    server = first.process;

    const keys = Array.from({ length: 400 }, (_, i) => `crash-${String(i).padStart(4, '0')}`);
    const acked = new Set<string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        try {
          const res = await rate(first.url, key, 1 + (key.length % 5));
          if (res.status === 201) acked.add(key);
          if (acked.size >= 120 && !killed) {
            killed = true;
            first.process.kill('SIGKILL');
          }
        } catch {
          // the connection died with the server: not acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(120);
    expect(acked.size).toBeLessThan(keys.length);

    const second = await startServer(database, QUICK);
    server = second.process;
    const stored = async () => {
      const text = "select idempotency_key as k from ratings where idempotency_key like 'crash-%'";
      if (onPostgres) return (t as TestApp).query<{ k: string }>(text);
      const db = new Database(database.path, { readonly: true });
      try {
        return db.prepare(text).all() as { k: string }[];
      } finally {
        db.close();
      }
    };
    const afterCrash = (await stored()).map((r) => r.k);
    for (const key of acked) expect(afterCrash, key).toContain(key);
    expect(new Set(afterCrash).size).toBe(afterCrash.length);

    // The kiosk retries everything it never heard back about: nothing is lost, nothing doubles.
    for (const key of keys) expect([201]).toContain((await rate(second.url, key, 1 + (key.length % 5))).status);
    const final = (await stored()).map((r) => r.k);
    expect(final.length).toBe(keys.length);
    expect(new Set(final).size).toBe(keys.length);
  }, 120_000);

  // A PostgreSQL server is backed up with its own tools (pg_dump, base backups).
  it.skipIf(onPostgres)('writes a consistent online backup that restores to the moment it was taken', async () => {
    t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 0 });
    for (let i = 0; i < 5; i++) await kioskTap(t, { level: 5 });
    const backup = join(t.env.DATABASE_PATH, '..', 'backups', 'b.sqlite');
    await backupDatabase((t.deps.store as SqliteStore).sqlite, backup);
    for (let i = 0; i < 3; i++) await kioskTap(t, { level: 1 }); // after the backup
    expect(await t.count('ratings')).toBe(8);

    const restored = join(t.env.DATABASE_PATH, '..', 'restored', 'db.sqlite');
    restoreDatabase(backup, restored);
    const db = openSqlite(restored); // migrations check out, WAL opens
    try {
      expect(db.sqlite.prepare('select level, count(*) as n from ratings group by level').all()).toEqual([{ level: 5, n: 5 }]);
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await db.close();
    }
  });

  it.skipIf(onPostgres)(
    'backs up the evidence files with the database, and restores them checked by their hash',
    async () => {
      t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 0 });
      for (let i = 0; i < 2; i++) await kioskTap(t, { level: 5 });
      const files = ['%PDF-1.4 quyết định 12', '%PDF-1.4 kế hoạch CCHC 2025'].map((text) => {
        const bytes = Buffer.from(text);
        return { name: `${sha256(bytes)}.pdf`, bytes };
      });
      mkdirSync(t.env.EVIDENCE_DIR, { recursive: true });
      for (const f of files) writeFileSync(join(t.env.EVIDENCE_DIR, f.name), f.bytes);
      const script = (name: string, env: Record<string, string>, ...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', `api/scripts/${name}.ts`, ...args], {
          cwd: process.cwd(),
          env: { ...process.env, ...env },
          encoding: 'utf8',
        });
      const folder = join(t.dir, 'backups', 'b1');
      const backup = script('backup', { DATABASE_PATH: t.env.DATABASE_PATH, EVIDENCE_DIR: t.env.EVIDENCE_DIR }, folder);
      expect(backup.status, backup.stderr).toBe(0);
      expect(backup.stdout).toContain('database and 2 evidence files');

      const target = { DATABASE_PATH: join(t.dir, 'restored', 'db.sqlite'), EVIDENCE_DIR: join(t.dir, 'restored', 'evidence') };
      const restored = script('restore', target, folder);
      expect(restored.status, restored.stderr).toBe(0);
      for (const f of files) expect(sha256(readFileSync(join(target.EVIDENCE_DIR, f.name)))).toBe(f.name.slice(0, 64));
      const db = new Database(target.DATABASE_PATH, { readonly: true });
      expect(db.prepare('select count(*) as n from ratings').get()).toEqual({ n: 2 });
      db.close();

      // A damaged file in the backup stops the restore before anything is replaced.
      writeFileSync(join(folder, 'evidence', files[1]!.name), 'bị sửa');
      const elsewhere = { DATABASE_PATH: join(t.dir, 'again', 'db.sqlite'), EVIDENCE_DIR: join(t.dir, 'again', 'evidence') };
      const refused = script('restore', elsewhere, folder);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(files[1]!.name);
      expect(existsSync(elsewhere.DATABASE_PATH)).toBe(false);
    },
    60_000,
  );
});
