import { join } from 'node:path';
import { freePort, startEmbeddedPostgres } from './embedded-postgres.js';
import { startStandby } from './standby.js';

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
    const primary = await startEmbeddedPostgres();
    process.env.TEST_DATABASE_URL = primary.url;
    stops.push(primary.stop);
    // Two hot standbys: the PostgreSQL pass reads from the first (TEST_DATABASE_READ_URL); a test
    // stops the second mid-run.
    for (const [name, variable, slot] of [
      ['standby', 'TEST_DATABASE_READ_URL', 'test_reads'],
      ['spare', 'TEST_STANDBY_SPARE_URL', undefined],
    ] as const) {
      const standby = await startStandby({
        primaryUrl: process.env.TEST_DATABASE_URL,
        primaryDir: join(primary.dir, 'data'),
        dir: join(primary.dir, name),
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
