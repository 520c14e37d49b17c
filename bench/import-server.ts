/**
 * A server for the import benchmark, in its own process so its peak memory is its own: the real
 * app on a fresh SQLite file with a province, its wards, one procedure and a Home Affairs account.
 * Prints the port on stdout; answers 'peak' on IPC with its peak resident memory (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { hashPassword } from '../api/platform/auth/secrets.js';
import { openSqlite } from '../api/platform/db/sqlite.js';
import { loadEnv } from '../api/platform/env.js';
import { createApp } from '../server/app.js';

const [path, password, wards] = process.argv.slice(2) as [string, string, string];
const env = { ...loadEnv({}), DATABASE_PATH: path, SEED_DEMO: 'never' as const };
const store = openSqlite(path);
const { sqlite } = store;
sqlite.prepare(`insert into units (id, code, name, kind, valid_from) values (1, '01', 'Thành phố Hà Nội', 'province', '2008-08-01')`).run();
const ward = sqlite.prepare(`insert into units (code, name, kind, parent_id, valid_from) values (?, ?, 'ward', 1, '2025-07-01')`);
for (let i = 1; i <= Number(wards); i++) ward.run(String(i).padStart(5, '0'), `Phường ${i}`);
sqlite.prepare(`insert into procedures (code, name, field) values ('1.001193', 'Đăng ký khai sinh', 'Hộ tịch')`).run();
sqlite
  .prepare(
    `insert into users (username, display_name, password_hash, role, unit_id, created_at) values ('bench', 'Bench', ?, 'home_affairs', 1, ?)`,
  )
  .run(await hashPassword(password), Date.now());
const server = serve({ fetch: createApp({ store, env, now: Date.now }).fetch, port: 0 }, (info) =>
  console.log(JSON.stringify({ port: info.port })),
);
process.on('message', (m) => {
  if (m === 'peak') process.send?.({ peakMb: Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024 });
  if (m === 'stop') server.close(() => process.exit(0));
});
