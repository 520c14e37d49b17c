import { and, eq, lt, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { hashPassword, needsRehash, verifyPassword } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import { signInFailures, users } from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import { vnDateTime } from '../platform/time.js';

const BAD_CREDENTIALS = new HttpError(401, 'bad_credentials', {
  vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
  en: 'Wrong username or password',
});
/** Said only to someone who gave the right password. */
const ACCOUNT_DISABLED = new HttpError(403, 'account_disabled', {
  vi: 'Tài khoản đã bị khóa. Xin liên hệ quản trị hệ thống.',
  en: 'This account is disabled. Please contact the system admin.',
});

/** 429 with the time this address may try this username again. */
function held(until: number, now: number) {
  const at = vnDateTime(until);
  return new HttpError(
    429,
    'sign_in_held',
    {
      vi: `Nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${at.vi}, hoặc liên hệ quản trị hệ thống.`,
      en: `Too many wrong passwords. Try again after ${at.en}, or ask a system admin.`,
    },
    undefined,
    undefined,
    { 'Retry-After': String(Math.ceil((until - now) / 1000)) },
  );
}

/** A hash at today's cost to check unknown usernames against, so they take as long as known ones. */
const decoys = new Map<number, Promise<string>>();
function decoy(cost: number): Promise<string> {
  let hash = decoys.get(cost);
  if (!hash) {
    hash = hashPassword('no account has this password', cost);
    decoys.set(cost, hash);
  }
  return hash;
}

/** Rows of addresses no longer held are forgotten after a day. */
const FORGET_AFTER_MS = 86_400_000;

/**
 * Counts a wrong password for this username from this address. Past LOGIN_MAX_FAILURES each one
 * holds the pair for LOGIN_DELAY_SECONDS, doubled with every further one, at most
 * LOGIN_MAX_DELAY_MINUTES; the first hold of an existing account is audited.
 */
async function recordFailure(deps: AppDeps, username: string, address: string, userId: number | undefined) {
  const { env } = deps;
  const now = deps.now();
  const updatedAt = new Date(now);
  const pair = and(eq(signInFailures.username, username), eq(signInFailures.address, address));
  await deps.store.transaction(async (tx) => {
    // Counted in the database, one more each time (no conflict target, so SQLite and PostgreSQL
    // read it alike): two API processes failing at once both count.
    const inserted = await tx
      .insert(signInFailures)
      .values({ username, address, failures: 1, waitUntil: null, updatedAt })
      .onConflictDoNothing()
      .returning({ failures: signInFailures.failures })
      .all();
    const failures = inserted.length
      ? 1
      : ((
          await tx
            .update(signInFailures)
            .set({ failures: sql`${signInFailures.failures} + 1`, updatedAt })
            .where(pair)
            .returning({ failures: signInFailures.failures })
            .get()
        )?.failures ?? 1);
    const over = failures - env.LOGIN_MAX_FAILURES;
    const waitUntil =
      over >= 0 ? new Date(now + Math.min(env.LOGIN_DELAY_SECONDS * 1000 * 2 ** over, env.LOGIN_MAX_DELAY_MINUTES * 60_000)) : null;
    if (waitUntil) await tx.update(signInFailures).set({ waitUntil }).where(pair).run();
    await tx
      .delete(signInFailures)
      .where(lt(signInFailures.updatedAt, new Date(now - FORGET_AFTER_MS)))
      .run();
    if (userId !== undefined && over === 0)
      await recordAudit(tx, now, { userId: null, action: 'sign_in.hold', entity: 'user', entityId: userId, after: { address, waitUntil } });
  });
}

/**
 * The account these credentials open, or 401 / 429. Unknown usernames do the same work and get the
 * same answers as known ones; a sign-in with a hash of older parameters stores it at today's.
 */
export async function authenticate(deps: AppDeps, username: string, password: string, address: string) {
  const name = username.normalize('NFC');
  const db = deps.store.db;
  const now = deps.now();
  const pair = and(eq(signInFailures.username, name), eq(signInFailures.address, address));
  const before = await db.select().from(signInFailures).where(pair).get();
  if (before?.waitUntil && before.waitUntil.getTime() > now) throw held(before.waitUntil.getTime(), now);
  const user = await db.select().from(users).where(eq(users.username, name)).get();
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoy(deps.env.PASSWORD_COST)));
  if (!user || !matches) {
    await recordFailure(deps, name, address, user?.id);
    throw BAD_CREDENTIALS;
  }
  if (before) await db.delete(signInFailures).where(pair).run();
  if (user.disabledAt) throw ACCOUNT_DISABLED;
  if (needsRehash(user.passwordHash, deps.env.PASSWORD_COST))
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(password, deps.env.PASSWORD_COST) })
      .where(eq(users.id, user.id))
      .run();
  const { id, displayName, role, unitId } = user;
  return { id, username: user.username, displayName, role, unitId };
}
