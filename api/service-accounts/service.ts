import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { newSecret, sha256 } from '../platform/auth/secrets.js';
import type { AccessScope, AppDeps, ServiceCaller } from '../platform/context.js';
import { serviceAccounts, serviceKeys, units } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import { errors, HttpError } from '../platform/errors.js';
import { unitsMakingUp } from '../units/tree.js';
import type { NewServiceAccount } from './schemas.js';

/** Keys read "sk_" then 43 characters; the first 10 are kept to tell keys apart. */
const KEY_PREFIX = 'sk_';
const SHOWN = 10;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function accountView(db: Db, id: number) {
  const account = await db.select().from(serviceAccounts).where(eq(serviceAccounts.id, id)).get();
  if (!account) throw NO_ACCOUNT;
  const keys = await db.select().from(serviceKeys).where(eq(serviceKeys.accountId, id)).orderBy(serviceKeys.id).all();
  return {
    id: account.id,
    name: account.name,
    unitId: account.unitId,
    permissions: account.permissions,
    createdAt: account.createdAt.toISOString(),
    revokedAt: iso(account.revokedAt),
    keys: keys.map((k) => ({
      id: k.id,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      expiresAt: iso(k.expiresAt),
      revokedAt: iso(k.revokedAt),
      lastUsedAt: iso(k.lastUsedAt),
    })),
  };
}

const NO_ACCOUNT = new HttpError(404, 'not_found', { vi: 'Không có tài khoản hệ thống này', en: 'No such service account' });

async function addKey(tx: Db, now: number, accountId: number) {
  const key = `${KEY_PREFIX}${newSecret()}`;
  await tx
    .insert(serviceKeys)
    .values({ accountId, prefix: key.slice(0, SHOWN), keyHash: sha256(key), createdAt: new Date(now) })
    .run();
  return key;
}

export async function listServiceAccounts(deps: AppDeps) {
  const ids = await deps.store.db.select({ id: serviceAccounts.id }).from(serviceAccounts).orderBy(serviceAccounts.id).all();
  return Promise.all(ids.map(({ id }) => accountView(deps.store.db, id)));
}

/** An admin creates a system's account and its first key, answered once. */
export async function createServiceAccount(deps: AppDeps, actorId: number, input: NewServiceAccount) {
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId)).get())) throw errors.unitNotFound('unitId');
    if (await tx.select({ id: serviceAccounts.id }).from(serviceAccounts).where(eq(serviceAccounts.name, input.name)).get())
      throw new HttpError(409, 'name_taken', { vi: 'Tên này đã có tài khoản hệ thống', en: 'A service account has this name' }, [
        { field: 'name', code: 'taken', message: { vi: 'Đã có', en: 'Taken' } },
      ]);
    const row = await tx
      .insert(serviceAccounts)
      .values({
        name: input.name,
        unitId: input.unitId,
        permissions: [...new Set(input.permissions)],
        createdAt: new Date(now),
        createdBy: actorId,
      })
      .returning({ id: serviceAccounts.id })
      .get();
    const key = await addKey(tx, now, row.id);
    const account = await accountView(tx, row.id);
    await recordAudit(tx, now, {
      userId: actorId,
      action: 'service_account.create',
      entity: 'service_account',
      entityId: row.id,
      after: account,
    });
    return { account, key };
  });
}

/** A new key; the account's older working keys stop after the overlap, for the system to switch over. */
export async function rotateServiceKey(deps: AppDeps, actorId: number, accountId: number, overlapHours: number) {
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const account = await tx.select().from(serviceAccounts).where(eq(serviceAccounts.id, accountId)).get();
    if (!account) throw NO_ACCOUNT;
    if (account.revokedAt)
      throw new HttpError(409, 'revoked', { vi: 'Tài khoản hệ thống đã bị thu hồi', en: 'The service account is revoked' });
    const until = new Date(now + overlapHours * 3600_000);
    await tx
      .update(serviceKeys)
      .set({ expiresAt: until })
      .where(
        and(
          eq(serviceKeys.accountId, accountId),
          isNull(serviceKeys.revokedAt),
          or(isNull(serviceKeys.expiresAt), gt(serviceKeys.expiresAt, until)),
        ),
      )
      .run();
    const key = await addKey(tx, now, accountId);
    const view = await accountView(tx, accountId);
    await recordAudit(tx, now, {
      userId: actorId,
      action: 'service_account.rotate',
      entity: 'service_account',
      entityId: accountId,
      after: { overlapHours },
    });
    return { account: view, key };
  });
}

/** Every key of the account stops at once. */
export async function revokeServiceAccount(deps: AppDeps, actorId: number, accountId: number) {
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const account = await tx.select().from(serviceAccounts).where(eq(serviceAccounts.id, accountId)).get();
    if (!account) throw NO_ACCOUNT;
    await tx
      .update(serviceAccounts)
      .set({ revokedAt: account.revokedAt ?? new Date(now) })
      .where(eq(serviceAccounts.id, accountId))
      .run();
    await tx
      .update(serviceKeys)
      .set({ revokedAt: new Date(now) })
      .where(and(eq(serviceKeys.accountId, accountId), isNull(serviceKeys.revokedAt)))
      .run();
    await recordAudit(tx, now, { userId: actorId, action: 'service_account.revoke', entity: 'service_account', entityId: accountId });
    return accountView(tx, accountId);
  });
}

/**
 * The account a bearer key opens, with the units it reaches, or null (unknown, revoked, expired).
 * Its last use is kept on the key.
 */
export async function serviceCaller(deps: AppDeps, key: string): Promise<{ caller: ServiceCaller; scope: AccessScope } | null> {
  const now = deps.now();
  const found = await deps.store.db
    .select({ key: serviceKeys, account: serviceAccounts })
    .from(serviceKeys)
    .innerJoin(serviceAccounts, eq(serviceAccounts.id, serviceKeys.accountId))
    .where(eq(serviceKeys.keyHash, sha256(key)))
    .get();
  if (!found || found.key.revokedAt || found.account.revokedAt) return null;
  if (found.key.expiresAt && found.key.expiresAt.getTime() <= now) return null;
  await deps.store.db
    .update(serviceKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(serviceKeys.id, found.key.id))
    .run();
  const reach = await unitsMakingUp(deps, found.account.unitId, { subtree: true, currentBoundaries: true });
  return {
    caller: { id: found.account.id, name: found.account.name, permissions: found.account.permissions, keyId: found.key.id },
    scope: { all: false, units: new Set(reach) },
  };
}
