import { and, count, eq, gte, inArray, isNull, lt, max } from 'drizzle-orm';
import QRCode from 'qrcode';
import { recordAudit, replaced } from '../audit/service.js';
import { newSecret, sha256 } from '../platform/auth/secrets.js';
import type { AccessScope, AppDeps, SessionUser } from '../platform/context.js';
import { counters, kioskDevices, ratings, transactions, units } from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import { vnDate, vnDayStart } from '../platform/time.js';
import { canAccess } from '../units/access.js';

const DAY = 86_400_000;
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** What a kiosk's screen names: its unit and counter, and whether it may take ratings at all. */
export const kioskScreen = (deps: AppDeps, deviceId: string) =>
  deps.store.db
    .select({ id: kioskDevices.id, counter: counters.name, unit: units.name, revokedAt: kioskDevices.revokedAt })
    .from(kioskDevices)
    .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
    .innerJoin(units, eq(units.id, counters.unitId))
    .where(eq(kioskDevices.id, deviceId))
    .get();

/**
 * A kiosk page reporting that it is up. With the right key (not revoked) its last heartbeat moves
 * on; with a wrong or revoked key the refusal is noted, so the fleet page shows the kiosk that
 * tells citizens it is not set up. Unknown devices leave no trace.
 */
export async function heartbeat(deps: AppDeps, deviceId: string, key: string | undefined): Promise<boolean> {
  const device = await deps.store.db.select().from(kioskDevices).where(eq(kioskDevices.id, deviceId)).get();
  if (!device) return false;
  const ok = !device.revokedAt && key !== undefined && device.keyHash === sha256(key);
  await deps.store.db
    .update(kioskDevices)
    .set(ok ? { lastSeenAt: new Date(deps.now()) } : { lastRefusedAt: new Date(deps.now()) })
    .where(eq(kioskDevices.id, deviceId))
    .run();
  return ok;
}

/** When each kiosk was last heard from: its last heartbeat or its last tap, whichever is later. */
export const lastHeard = (k: { createdAt: Date; lastSeenAt: Date | null; lastTapAt: Date | null }) =>
  Math.max(k.createdAt.getTime(), k.lastSeenAt?.getTime() ?? 0, k.lastTapAt?.getTime() ?? 0);

/** Every kiosk of the caller's units with its last tap and heartbeat, and today's taps against today's counter dossiers. */
export async function listKiosks(deps: AppDeps, scope: AccessScope) {
  const db = deps.store.db;
  const devices = (
    await db
      .select({ device: kioskDevices, counter: counters, unit: { id: units.id, code: units.code, name: units.name } })
      .from(kioskDevices)
      .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
      .innerJoin(units, eq(units.id, counters.unitId))
      .all()
  ).filter((d) => canAccess(scope, d.unit.id));
  if (!devices.length) return [];
  const now = deps.now();
  const today = vnDayStart(vnDate(now));
  const ids = devices.map((d) => d.device.id);
  const lastTaps = new Map(
    (
      await db
        .select({ id: ratings.deviceId, at: max(ratings.ratedAt) })
        .from(ratings)
        .where(inArray(ratings.deviceId, ids))
        .groupBy(ratings.deviceId)
        .all()
    ).map((r) => [r.id, r.at]),
  );
  const tapsToday = new Map(
    (
      await db
        .select({ id: ratings.deviceId, n: count() })
        .from(ratings)
        .where(and(inArray(ratings.deviceId, ids), gte(ratings.ratedAt, new Date(today)), lt(ratings.ratedAt, new Date(today + DAY))))
        .groupBy(ratings.deviceId)
        .all()
    ).map((r) => [r.id, r.n]),
  );
  const dossiersToday = new Map(
    (
      await db
        .select({ counterId: transactions.counterId, n: count() })
        .from(transactions)
        .where(
          and(
            inArray(
              transactions.unitId,
              devices.map((d) => d.unit.id),
            ),
            eq(transactions.channel, 'counter'),
            gte(transactions.receivedAt, new Date(today)),
            lt(transactions.receivedAt, new Date(today + DAY)),
          ),
        )
        .groupBy(transactions.counterId)
        .all()
    ).map((r) => [r.counterId, r.n]),
  );
  const collator = new Intl.Collator('vi');
  return devices
    .map(({ device, counter, unit }) => {
      const lastTapAt = lastTaps.get(device.id) ?? null;
      const active = device.revokedAt === null;
      return {
        id: device.id,
        name: device.name,
        unit,
        counter: { id: counter.id, code: counter.code, name: counter.name },
        status: active ? ('active' as const) : ('revoked' as const),
        silent: active && now - lastHeard({ ...device, lastTapAt }) > deps.env.KIOSK_SILENT_MINUTES * 60_000,
        lastTapAt: iso(lastTapAt),
        lastSeenAt: iso(device.lastSeenAt),
        lastRefusedAt: iso(device.lastRefusedAt),
        tapsToday: tapsToday.get(device.id) ?? 0,
        dossiersToday: dossiersToday.get(counter.id) ?? 0,
      };
    })
    .sort((a, b) => collator.compare(a.unit.name, b.unit.name) || collator.compare(a.counter.code, b.counter.code));
}

async function managedKiosk(deps: AppDeps, scope: AccessScope, id: string) {
  const found = await deps.store.db
    .select({ device: kioskDevices, unitId: counters.unitId })
    .from(kioskDevices)
    .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
    .where(eq(kioskDevices.id, id))
    .get();
  if (!found || !canAccess(scope, found.unitId))
    throw new HttpError(404, 'kiosk_not_found', { vi: 'Không có thiết bị này trong phạm vi của bạn', en: 'No such kiosk in your scope' });
  return found.device;
}

/**
 * A new key for a kiosk (the old one stops working, a revoked kiosk comes back): the set-up
 * address carries it in its fragment, shown this once as a link and a QR code to open on the kiosk.
 */
export async function issueKioskKey(deps: AppDeps, actor: { user: SessionUser; scope: AccessScope }, id: string, base: string) {
  const device = await managedKiosk(deps, actor.scope, id);
  const key = newSecret();
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx
      .update(kioskDevices)
      .set({ keyHash: sha256(key), revokedAt: null, lastRefusedAt: null })
      .where(eq(kioskDevices.id, id))
      .run();
    await recordAudit(tx, now, {
      userId: actor.user.id,
      action: 'kiosk.key',
      entity: 'kiosk_device',
      entityId: id,
      before: { revokedAt: device.revokedAt },
      after: { revokedAt: null },
    });
  });
  const url = `${new URL(`/kiosk/${encodeURIComponent(id)}`, base)}#key=${key}`;
  return { id, url, qr: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
}

/**
 * A new kiosk at a counter of a unit in scope, named for staff; its id is short and readable
 * (unit code, counter code, a random tail) and its set-up address is returned as issueKioskKey does.
 */
export async function createKiosk(
  deps: AppDeps,
  actor: { user: SessionUser; scope: AccessScope },
  input: { counterId: number; name: string },
  base: string,
) {
  const found = await deps.store.db
    .select({ counter: counters, unitCode: units.code })
    .from(counters)
    .innerJoin(units, eq(units.id, counters.unitId))
    .where(eq(counters.id, input.counterId))
    .get();
  if (!found || !canAccess(actor.scope, found.counter.unitId))
    throw new HttpError(422, 'validation_failed', { vi: 'Không có quầy này trong phạm vi của bạn', en: 'No such counter in your scope' }, [
      {
        field: 'counterId',
        code: 'not_found',
        message: { vi: 'Không có quầy này trong phạm vi của bạn', en: 'No such counter in your scope' },
      },
    ]);
  const slug = `${found.unitCode}-${found.counter.code}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const id = `${slug.slice(0, 50)}-${sha256(newSecret()).slice(0, 6)}`;
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx
      .insert(kioskDevices)
      .values({ id, counterId: input.counterId, name: input.name, keyHash: sha256(newSecret()), createdAt: new Date(now) })
      .run();
    await recordAudit(tx, now, { userId: actor.user.id, action: 'kiosk.create', entity: 'kiosk_device', entityId: id, after: input });
  });
  return issueKioskKey(deps, actor, id, base);
}

/** Renames a kiosk or moves it to another counter in scope (its ratings so far stay where they were given). */
export async function updateKiosk(
  deps: AppDeps,
  actor: { user: SessionUser; scope: AccessScope },
  id: string,
  patch: { name?: string | undefined; counterId?: number | undefined },
) {
  const device = await managedKiosk(deps, actor.scope, id);
  if (patch.counterId !== undefined) {
    const counter = await deps.store.db.select().from(counters).where(eq(counters.id, patch.counterId)).get();
    if (!counter || !canAccess(actor.scope, counter.unitId))
      throw new HttpError(
        422,
        'validation_failed',
        { vi: 'Không có quầy này trong phạm vi của bạn', en: 'No such counter in your scope' },
        [
          {
            field: 'counterId',
            code: 'not_found',
            message: { vi: 'Không có quầy này trong phạm vi của bạn', en: 'No such counter in your scope' },
          },
        ],
      );
  }
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx.update(kioskDevices).set(patch).where(eq(kioskDevices.id, id)).run();
    await recordAudit(tx, now, {
      userId: actor.user.id,
      action: 'kiosk.update',
      entity: 'kiosk_device',
      entityId: id,
      before: replaced(device, patch),
      after: patch,
    });
  });
}

/** Stops a kiosk: its key no longer stores ratings, and its screen says it is not set up. */
export async function revokeKiosk(deps: AppDeps, actor: { user: SessionUser; scope: AccessScope }, id: string) {
  const device = await managedKiosk(deps, actor.scope, id);
  if (device.revokedAt) return;
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx
      .update(kioskDevices)
      .set({ revokedAt: new Date(now) })
      .where(and(eq(kioskDevices.id, id), isNull(kioskDevices.revokedAt)))
      .run();
    await recordAudit(tx, now, {
      userId: actor.user.id,
      action: 'kiosk.revoke',
      entity: 'kiosk_device',
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: new Date(now).toISOString() },
    });
  });
}
