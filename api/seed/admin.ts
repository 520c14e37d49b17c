import { count } from 'drizzle-orm';
import { hashPassword, newSecret } from '../platform/auth/secrets.js';
import { users } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';

/**
 * The first account, made only when there is none: its password comes from ADMIN_PASSWORD or is
 * drawn at random and shown once. No password is written in the code.
 */
export async function ensureAdmin(
  db: Db,
  now: number,
  cost: number,
  password?: string,
): Promise<{ username: string; password: string } | undefined> {
  const existing = await db.select({ n: count() }).from(users).get();
  if ((existing?.n ?? 0) > 0) return undefined;
  const chosen = password ?? newSecret(12);
  await db
    .insert(users)
    .values({
      username: 'admin',
      displayName: 'Quản trị hệ thống',
      passwordHash: await hashPassword(chosen, cost),
      role: 'admin',
      createdAt: new Date(now),
    })
    .run();
  return { username: 'admin', password: chosen };
}
