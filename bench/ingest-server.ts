/**
 * A server for the ingest benchmark, in its own process so it does not share a core with the
 * load generator: `full` is the real app on a fresh SQLite file (WAL, synchronous=FULL, group
 * commit), or on the empty PostgreSQL database the second argument names, with kiosks bench-0, bench-1 … (as many as the fourth argument says, two a commune); `bare` is a Hono handler that answers 201 and stores nothing;
 * `validated` the rating route's OpenAPI validation alone, storing nothing.
 * Prints the port on stdout.
 */
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import pg from 'pg';
import { sha256 } from '../api/platform/auth/secrets.js';
import { groupCommit } from '../api/platform/db/group-commit.js';
import { openPostgres } from '../api/platform/db/postgres.js';
import { openSqlite } from '../api/platform/db/sqlite.js';
import { execute } from '../api/platform/db/store.js';
import { loadEnv } from '../api/platform/env.js';
import { newRouter } from '../api/platform/router.js';
import { postRating } from '../api/ratings/routes.js';
import { ensureReach } from '../api/units/reach.js';
import { createApp } from '../server/app.js';

const [mode, path, key, kiosks] = process.argv.slice(2) as [string, string, string, string];
const PROVINCE = 1_000_000;
let fetch: (req: Request) => Response | Promise<Response>;
let stats = () => ({});
if (mode === 'bare') {
  const bare = new Hono();
  bare.post('/api/ratings', (c) => c.json({ id: 1 }, 201));
  fetch = bare.fetch;
} else if (mode === 'validated') {
  // The rating route's HTTP and validation alone: its OpenAPI route, headers and body checked by
  // zod, the same answer shape, nothing looked up or stored.
  const validated = newRouter();
  validated.openapi(postRating, (c) => {
    const input = c.req.valid('json');
    return c.json(
      { id: 1, unitId: 1, channel: 'kiosk' as const, level: input.level, counted: true, ratedAt: new Date().toISOString() },
      201,
    );
  });
  fetch = validated.fetch;
} else {
  const env = {
    ...loadEnv({}),
    DATABASE_PATH: path,
    SEED_DEMO: 'never' as const,
    KIOSK_REPEAT_WINDOW_SECONDS: 0,
    RATE_LIMIT_RATINGS_PER_IP: 1e9,
    RATE_LIMIT_RATINGS_PER_DEVICE: 1e9,
  };
  const store = path.startsWith('postgres://') ? await openPostgres(path) : openSqlite(path);
  // Two kiosks a commune, the communes under a province: the load lands in many units at once, as a
  // province's does, and every rating's counts go to the province's rows below it too.
  await execute(
    store.db,
    sql`insert into units (id, code, name, kind, valid_from) values (${PROVINCE}, '01', 'Tỉnh', 'province', '2025-07-01')`,
  );
  for (let i = 0; i < Number(kiosks); i++) {
    const unit = 1 + Math.floor(i / 2);
    if (i % 2 === 0) {
      await execute(
        store.db,
        sql`insert into units (id, code, name, kind, parent_id, valid_from) values (${unit}, ${String(unit).padStart(5, '0')}, ${`Xã ${unit}`}, 'commune', ${PROVINCE}, '2025-07-01')`,
      );
      await execute(store.db, sql`insert into counters (id, unit_id, code, name) values (${unit}, ${unit}, 'Q1', 'Quầy 1')`);
    }
    await execute(
      store.db,
      sql`insert into kiosk_devices (id, counter_id, name, key_hash, created_at) values (${`bench-${i}`}, ${unit}, ${`Kiosk ${i}`}, ${sha256(key)}, ${Date.now()})`,
    );
  }
  await ensureReach(store);
  fetch = createApp({ store, env, now: Date.now }).fetch;
  // Round trips to PostgreSQL: every query a client sends is one.
  let queries = 0;
  const send = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    queries += 1;
    return (send as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof send;
  stats = () => ({ ...groupCommit(store).stats, queries });
}
const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(JSON.stringify({ port: info.port })));
process.on('message', () => process.send?.({ ...stats(), cpu: process.cpuUsage() }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
