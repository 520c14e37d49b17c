import type { Env } from '../env.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import type { Store } from './store.js';

/**
 * PostgreSQL when DATABASE_URL names a server (with its standbys for reads), else the embedded
 * SQLite file at DATABASE_PATH, its rate limits shared when several API processes use it.
 */
export async function openStore(
  env: Pick<Env, 'DATABASE_URL' | 'DATABASE_PATH' | 'DATABASE_READ_URLS' | 'DATABASE_READ_MAX_LAG_MS' | 'DATABASE_WRITE_LANES' | 'WORKERS'>,
): Promise<Store> {
  return env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL, {
        readUrls: env.DATABASE_READ_URLS,
        maxLagMs: env.DATABASE_READ_MAX_LAG_MS,
        writeLanes: env.DATABASE_WRITE_LANES,
      })
    : Promise.resolve(openSqlite(env.DATABASE_PATH, { sharedLimits: env.WORKERS > 1 }));
}
