import { sql } from 'drizzle-orm';
import type { AppDeps } from './context.js';
import { rows } from './db/store.js';

/**
 * Takes or renews the lease on `job` for `ttlMs`: true when `holder` holds it now (it held it
 * already, or the last holder's lease had expired). One statement, so two processes asking at once
 * cannot both win.
 */
export async function holdLease(deps: Pick<AppDeps, 'store' | 'now'>, job: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = deps.now();
  // Hand-written: drizzle names the conflict target with its table, which PostgreSQL refuses.
  const held = await rows<{ holder: string }>(
    deps.store.db,
    sql`insert into leases (job, holder, expires_at) values (${job}, ${holder}, ${now + ttlMs})
        on conflict (job) do update set holder = excluded.holder, expires_at = excluded.expires_at
        where leases.holder = excluded.holder or leases.expires_at <= ${now}
        returning holder`,
  );
  return held.length === 1;
}

/**
 * Background work every `ms` (0: never), run by one process of all those on the database: the
 * lease's holder, for three periods, so a holder that stops is replaced within three periods. A
 * run still going when the next is due is not doubled: the next one waits its turn.
 */
export function everyOnce(
  deps: Pick<AppDeps, 'store' | 'now'>,
  job: string,
  holder: string,
  ms: number,
  work: () => unknown,
  log: (error: unknown) => void,
): NodeJS.Timeout | undefined {
  if (ms <= 0) return undefined;
  let running = false;
  return setInterval(() => {
    if (running) return;
    running = true;
    holdLease(deps, job, holder, 3 * ms)
      .then((held) => (held ? work() : undefined))
      .catch(log)
      .finally(() => {
        running = false;
      });
  }, ms).unref();
}
