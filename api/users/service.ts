import { asc, eq, gt, inArray, max } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { hashPassword } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import { signInFailures, units, users } from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import type { NewUser } from './schemas.js';

/** An account as answers show it: never its password hash. */
const toUser = (u: typeof users.$inferSelect, heldUntil: Date | null = null) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitId: u.unitId,
  signInHeldUntil: heldUntil ? heldUntil.toISOString() : null,
});

/** Every account, each with the latest time some address must wait until to try its password again. */
export async function listUsers(deps: AppDeps) {
  const db = deps.store.db;
  const holds = await db
    .select({ username: signInFailures.username, until: max(signInFailures.waitUntil) })
    .from(signInFailures)
    .where(gt(signInFailures.waitUntil, new Date(deps.now())))
    .groupBy(signInFailures.username)
    .all();
  const heldUntil = new Map(holds.map((h) => [h.username, h.until]));
  return (await db.select().from(users).orderBy(asc(users.id)).all()).map((u) => toUser(u, heldUntil.get(u.username) ?? null));
}

/** A new account with a unit that exists and a username nobody has; audited. */
export async function createUser(deps: AppDeps, actorId: number, input: NewUser) {
  if (input.unitId !== null && !(await deps.store.db.select({ id: units.id }).from(units).where(eq(units.id, input.unitId)).get())) {
    throw new HttpError(422, 'validation_failed', { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request has invalid fields' }, [
      { field: 'unitId', code: 'not_found', message: { vi: 'Không có đơn vị này', en: 'No such unit' } },
    ]);
  }
  const passwordHash = await hashPassword(input.password, deps.env.PASSWORD_COST);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    if (await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)).get()) {
      throw new HttpError(409, 'username_taken', { vi: 'Tên đăng nhập đã có người dùng', en: 'This username is taken' }, [
        { field: 'username', code: 'taken', message: { vi: 'Đã có', en: 'Taken' } },
      ]);
    }
    const row = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        unitId: input.unitId,
        passwordHash,
        createdAt: new Date(now),
      })
      .returning()
      .get();
    await recordAudit(tx, now, { userId: actorId, action: 'user.create', entity: 'user', entityId: row.id, after: toUser(row) });
    return toUser(row);
  });
}

/** Lets every address try an account's password again at once; audited. */
export async function unlockUser(deps: AppDeps, actorId: number, id: number) {
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const user = await tx.select().from(users).where(eq(users.id, id)).get();
    if (!user) throw new HttpError(404, 'user_not_found', { vi: 'Không có tài khoản này', en: 'No such account' });
    const released = await tx.delete(signInFailures).where(eq(signInFailures.username, user.username)).returning().all();
    await recordAudit(tx, now, {
      userId: actorId,
      action: 'account.unlock',
      entity: 'user',
      entityId: id,
      before: { addresses: released.map((r) => r.address) },
      after: null,
    });
    return toUser(user);
  });
}

/** The display names of these accounts (nulls and repeats ignored), by id. */
export async function displayNames(deps: AppDeps, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await deps.store.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted)).all();
  return new Map(rows.map((u) => [u.id, u.name]));
}
