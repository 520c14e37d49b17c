import { join } from 'node:path';
import { hashPassword } from '../../api/platform/auth/secrets.js';
import { users } from '../../api/platform/db/schema.js';
import { loadEnv } from '../../api/platform/env.js';
import { seedDemo } from '../../api/seed/generate.js';
import { createApp } from '../../server/app.js';
import { openTestStore, sqlOn } from './store.js';

export const DEMO_PASSWORD = 'a long admin password';

/**
 * The demo province (a smaller copy: 30,000 ratings) behind the real app on a real database, with
 * an admin signed in; the clock stands at 23 November 2026, 10:00 in Hà Nội.
 */
export async function openDemo() {
  const opened = await openTestStore();
  const { store, dir } = opened;
  const env = { ...loadEnv({}), DATABASE_PATH: join(dir, 'test.sqlite'), SEED_DEMO: 'never' as const };
  await seedDemo(store, { ratings: 30_000 });
  await store.db
    .insert(users)
    .values({
      username: 'admin',
      displayName: 'Quản trị',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      role: 'admin',
      createdAt: new Date(),
    })
    .run();
  const app = createApp({ store, env, now: () => Date.parse('2026-11-23T03:00:00Z') });
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] as string;
  return {
    dir,
    store,
    app,
    cookie,
    ...sqlOn(store),
    close: () => opened.close(),
  };
}
