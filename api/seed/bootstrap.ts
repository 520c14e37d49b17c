import { count } from 'drizzle-orm';
import { units } from '../platform/db/schema.js';
import type { Store } from '../platform/db/store.js';
import type { Env } from '../platform/env.js';
import { ensureAdmin } from './admin.js';
import { seedDemo } from './generate.js';

/** First-run work: the admin account, and the demo province when the database has no units. */
export async function bootstrap(store: Store, env: Env, log: (line: string) => void): Promise<void> {
  const admin = await ensureAdmin(store.db, Date.now(), env.PASSWORD_COST, env.ADMIN_PASSWORD);
  if (admin) log(`Admin account: ${admin.username} / ${env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : admin.password}`);
  const empty = ((await store.db.select({ n: count() }).from(units).get())?.n ?? 0) === 0;
  if (env.SEED_DEMO === 'auto' && empty) {
    const started = performance.now();
    const result = await seedDemo(store, { ratings: env.DEMO_RATINGS });
    log(
      `Demo data: ${result.units} units, ${result.transactions} dossiers, ${result.ratings} ratings, ${result.respondents} survey forms, ` +
        `${result.assessments} PAR assessments ` +
        `(${Math.round(performance.now() - started)} ms)`,
    );
    // Show a ward's kiosk: that is where most citizens rate.
    const kiosk = result.kiosks.find((k) => k.unit.startsWith('Phường')) ?? result.kiosks[0];
    if (kiosk) log(`Demo kiosk (${kiosk.unit}, ${kiosk.counter}): /kiosk/${kiosk.id}#key=${kiosk.key}`);
  }
}
