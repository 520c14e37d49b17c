import { asc, eq, gt, inArray, max } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { hashPassword } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import { sessions, signInFailures, units, users } from '../platform/db/schema.js';
import { HttpError, invalidField } from '../platform/errors.js';
import { type NewUser, UNIT_REQUIRED, type UserChange } from './schemas.js';

/** An account as answers show it: never its password hash. */
const toUser = (u: typeof users.$inferSelect, heldUntil: Date | null = null) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitId: u.unitId,
  signInHeldUntil: heldUntil ? heldUntil.toISOString() : null,
  disabledAt: u.disabledAt?.toISOString() ?? null,
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

const invalid = (field: string, code: string, message: { vi: string; en: string }) => invalidField(field, message.vi, message.en, code);

async function assertUnitExists(deps: AppDeps, unitId: number | null) {
  if (unitId !== null && !(await deps.store.db.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get()))
    throw invalid('unitId', 'not_found', { vi: 'Không có đơn vị này', en: 'No such unit' });
}

/**
 * An admin changes an account: name, role and unit (a unit for every role but admin), a new
 * password, or disabled. Disabling or a new password ends the account's sessions; nobody disables
 * or demotes themselves. Audited, never with the password.
 */
export async function updateUser(deps: AppDeps, actorId: number, id: number, change: UserChange) {
  if (change.unitId !== undefined) await assertUnitExists(deps, change.unitId);
  const passwordHash = change.password ? await hashPassword(change.password, deps.env.PASSWORD_COST) : undefined;
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const user = await tx.select().from(users).where(eq(users.id, id)).get();
    if (!user) throw new HttpError(404, 'user_not_found', { vi: 'Không có tài khoản này', en: 'No such account' });
    if (id === actorId && (change.disabled || (change.role !== undefined && change.role !== 'admin')))
      throw invalid(change.disabled ? 'disabled' : 'role', 'self', {
        vi: 'Không thể tự khóa hoặc bỏ quyền quản trị của chính mình',
        en: 'You cannot disable or demote your own account',
      });
    const role = change.role ?? user.role;
    const unitId = change.unitId !== undefined ? change.unitId : user.unitId;
    if (role !== 'admin' && unitId === null) throw invalid('unitId', 'required', UNIT_REQUIRED);
    const after = await tx
      .update(users)
      .set({
        role,
        unitId,
        ...(change.displayName ? { displayName: change.displayName } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? (user.disabledAt ?? new Date(now)) : null }),
      })
      .where(eq(users.id, id))
      .returning()
      .get();
    if (change.disabled || passwordHash) await tx.delete(sessions).where(eq(sessions.userId, id)).run();
    await recordAudit(tx, now, {
      userId: actorId,
      action: 'user.update',
      entity: 'user',
      entityId: id,
      before: toUser(user),
      after: { ...toUser(after), ...(passwordHash ? { passwordChanged: true } : {}) },
    });
    return toUser(after);
  });
}

/** A new account with a unit that exists and a username nobody has; audited. */
export async function createUser(deps: AppDeps, actorId: number, input: NewUser) {
  await assertUnitExists(deps, input.unitId);
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
