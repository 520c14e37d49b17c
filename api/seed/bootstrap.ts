import { count } from 'drizzle-orm';
import { scanAlerts } from '../alerts/service.js';
import type { AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { ensureReach } from '../units/reach.js';
import { ensureAdmin } from './admin.js';
import { seedDemo } from './generate.js';

/**
 * First-run work: the admin account, and the demo province when the database has no units (its
 * records up to yesterday, and alerts scanned at once so the first visitor sees what is wrong).
 */
export async function bootstrap(deps: AppDeps, log: (line: string) => void): Promise<void> {
  const { store, env } = deps;
  const admin = await ensureAdmin(store.db, deps.now(), env.PASSWORD_COST, env.ADMIN_PASSWORD);
  if (admin) log(`Admin account: ${admin.username} / ${env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : admin.password}`);
  if (await ensureReach(store)) log('Rollups below each unit rewritten from the unit tree');
  const empty = ((await store.db.select({ n: count() }).from(units).get())?.n ?? 0) === 0;
  if (env.SEED_DEMO === 'auto' && empty) {
    const started = performance.now();
    const result = await seedDemo(store, { ratings: env.DEMO_RATINGS, now: deps.now() });
    const alerts = await scanAlerts(deps);
    log(
      `Demo data: ${result.units} units, ${result.transactions} dossiers, ${result.ratings} ratings, ${result.respondents} survey forms, ` +
        `${result.assessments} PAR assessments, ${alerts.raised} alerts ` +
        `(${Math.round(performance.now() - started)} ms)`,
    );
    // Show a ward's kiosk: that is where most citizens rate.
    const kiosk = result.kiosks.find((k) => k.unit.startsWith('Phường')) ?? result.kiosks[0];
    if (kiosk) log(`Demo kiosk (${kiosk.unit}, ${kiosk.counter}): /kiosk/${kiosk.id}#key=${kiosk.key}`);
  }
}
