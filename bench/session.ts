/** A signed-in session for a bench's requests through the real app, on either database. */
import type { Hono } from 'hono';
import { hashPassword } from '../api/platform/auth/secrets.js';
import type { AppDeps } from '../api/platform/context.js';
import { users } from '../api/platform/db/schema.js';
import type { USER_ROLES } from '../api/platform/vocabulary.js';

const PASSWORD = 'a long bench password';

/** Adds the account `bench` (the role, rooted at the unit) and returns its session cookie. */
export async function benchSession(deps: AppDeps, app: Hono, role: (typeof USER_ROLES)[number], unitId: number | null) {
  await deps.store.db
    .insert(users)
    .values({ username: 'bench', displayName: 'Bench', passwordHash: await hashPassword(PASSWORD), role, unitId, createdAt: new Date() })
    .run();
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (login.status !== 200 || !cookie) throw new Error(`bench sign-in: ${login.status}`);
  return cookie;
}
