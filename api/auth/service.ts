import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { verifyPassword } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import { users } from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import { vnDateTime } from '../platform/time.js';

const BAD_CREDENTIALS = new HttpError(401, 'bad_credentials', {
  vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
  en: 'Wrong username or password',
});

/** 423 with the time the account opens again. */
function locked(until: number) {
  const at = vnDateTime(until);
  return new HttpError(423, 'account_locked', {
    vi: `Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${at.vi} hoặc liên hệ quản trị hệ thống.`,
    en: `The account is locked after repeated wrong passwords. Try again after ${at.en}, or ask a system admin.`,
  });
}

/** Counts a wrong password; the last allowed one locks the account for LOGIN_LOCK_MINUTES. */
async function recordFailure(deps: AppDeps, userId: number, failures: number, now: number) {
  const lock = failures >= deps.env.LOGIN_MAX_FAILURES;
  const lockedUntil = lock ? new Date(now + deps.env.LOGIN_LOCK_MINUTES * 60_000) : null;
  await deps.store.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedLogins: lock ? 0 : failures, lockedUntil })
      .where(eq(users.id, userId))
      .run();
    if (lock)
      await recordAudit(tx, now, { userId: null, action: 'account.lock', entity: 'user', entityId: userId, after: { lockedUntil } });
  });
  if (lock) throw locked(now + deps.env.LOGIN_LOCK_MINUTES * 60_000);
}

/** The account these credentials open (its failed attempts cleared), or 401 / 423. */
export async function authenticate(deps: AppDeps, username: string, password: string) {
  const now = deps.now();
  const user = await deps.store.db
    .select()
    .from(users)
    .where(eq(users.username, username.normalize('NFC')))
    .get();
  if (user?.lockedUntil && user.lockedUntil.getTime() > now) throw locked(user.lockedUntil.getTime());
  if (!user || !(await verifyPassword(password, user.passwordHash))) {
    if (user) await recordFailure(deps, user.id, user.failedLogins + 1, now);
    throw BAD_CREDENTIALS;
  }
  await deps.store.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id)).run();
  const { id, displayName, role, unitId } = user;
  return { id, username: user.username, displayName, role, unitId };
}
