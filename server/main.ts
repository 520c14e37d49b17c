import cluster from 'node:cluster';
import { hostname } from 'node:os';
import { serve } from '@hono/node-server';
import { scanAlerts } from '../api/alerts/service.js';
import { purgeCallbacks } from '../api/callbacks/service.js';
import type { AppDeps } from '../api/platform/context.js';
import { openStore } from '../api/platform/db/open.js';
import { loadEnv } from '../api/platform/env.js';
import { everyOnce } from '../api/platform/jobs.js';
import { bootstrap } from '../api/seed/bootstrap.js';
import { deliverDue } from '../api/webhooks/service.js';
import { createApp } from './app.js';

const env = loadEnv();
const log = (line: string) => console.log(line);

if (env.WORKERS > 1 && cluster.isPrimary) {
  // The primary migrates and seeds once, then only keeps WORKERS processes serving the port.
  const store = await openStore(env);
  await bootstrap({ store, env, now: Date.now }, log);
  await store.close();
  let stopping = false;
  const fork = () =>
    cluster.fork().on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`API process ${code ?? signal}: starting another`);
      fork();
    });
  for (let i = 0; i < env.WORKERS; i++) fork();
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  const store = await openStore(env);
  const deps: AppDeps = { store, env, now: Date.now };
  if (cluster.isPrimary) await bootstrap(deps, log);
  const app = createApp(deps);
  // Background work (alert scans, webhook deliveries, the hourly purges), run by one process of
  // all those on the database (a lease in the database names which).
  const holder = `${hostname()}/${process.pid}`;
  const fail = (error: unknown) => console.error(error);
  everyOnce(deps, 'alert-scan', holder, env.ALERT_SCAN_MINUTES * 60_000, () => scanAlerts(deps), fail);
  everyOnce(deps, 'webhooks', holder, env.WEBHOOK_INTERVAL_SECONDS * 1000, () => deliverDue(deps), fail);
  everyOnce(
    deps,
    'purge',
    holder,
    60 * 60_000,
    async () => {
      await purgeCallbacks(deps);
      await store.limits.sweep(deps.now());
    },
    fail,
  );
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const where = env.DATABASE_URL ? 'PostgreSQL' : env.DATABASE_PATH;
    log(`Listening on http://localhost:${info.port} (database ${where}${cluster.isWorker ? `, process ${process.pid}` : ''})`);
  });
  const shutdown = () => {
    server.close(() => {
      void store.close().then(() => process.exit(0));
    });
    if ('closeAllConnections' in server) server.closeAllConnections();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
