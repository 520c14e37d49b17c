import { serve } from '@hono/node-server';
import { scanAlerts } from '../api/alerts/service.js';
import { purgeCallbacks } from '../api/callbacks/service.js';
import { openStore } from '../api/platform/db/open.js';
import { loadEnv } from '../api/platform/env.js';
import { bootstrap } from '../api/seed/bootstrap.js';
import { deliverDue } from '../api/webhooks/service.js';
import { createApp } from './app.js';

const env = loadEnv();
const store = await openStore(env);
const deps = { store, env, now: Date.now };
await bootstrap(deps, (line) => console.log(line));
const app = createApp(deps);
// Background work: alert scans, webhook deliveries (both also available on request to admins) and the
// hourly purge of call-back numbers past their retention.
// A run still going when the next is due is not doubled: the next one waits its turn.
const every = (ms: number, work: () => unknown) => {
  let running = false;
  return (
    ms > 0 &&
    setInterval(() => {
      if (running) return;
      running = true;
      Promise.resolve()
        .then(work)
        .catch((e) => console.error(e))
        .finally(() => {
          running = false;
        });
    }, ms).unref()
  );
};
every(env.ALERT_SCAN_MINUTES * 60_000, () => scanAlerts(deps));
every(60 * 60_000, () => purgeCallbacks(deps));
every(env.WEBHOOK_INTERVAL_SECONDS * 1000, () => deliverDue(deps));
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.log(`Listening on http://localhost:${info.port} (database ${env.DATABASE_URL ? 'PostgreSQL' : env.DATABASE_PATH})`);
});

function shutdown() {
  server.close(() => {
    void store.close().then(() => process.exit(0));
  });
  if ('closeAllConnections' in server) server.closeAllConnections();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
