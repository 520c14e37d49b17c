import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { openDatabase } from './db/client.js';
import { loadEnv } from './env.js';

const env = loadEnv();
const database = openDatabase(env.DATABASE_PATH);
await bootstrap(database, env, (line) => console.log(line));

const app = createApp({ db: database.db, sqlite: database.sqlite, env, now: Date.now });
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.log(`Listening on http://localhost:${info.port} (database ${env.DATABASE_PATH})`);
});

function shutdown() {
  server.close(() => {
    database.close();
    process.exit(0);
  });
  if ('closeAllConnections' in server) server.closeAllConnections();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
