import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { sha256 } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import { type BatchMemo, groupCommit } from '../platform/db/group-commit.js';
import { perDatabase } from '../platform/db/per-database.js';
import {
  counters,
  followUps,
  kioskDevices,
  ratingAnswers,
  ratingHolds,
  ratingReasons,
  ratings,
  ratingTokens,
  transactions,
} from '../platform/db/schema.js';
import { type Db, uniqueViolation } from '../platform/db/store.js';
import { errors, HttpError } from '../platform/errors.js';
import { enqueue, readSubscribersBeside } from '../webhooks/service.js';
import { deviceFields, ratingBatch } from './batch.js';
import { type HoldReason, holdReasons, type LinkOrigin } from './integrity.js';
import { dossierRated, linkState } from './links.js';
import type { RatingCreated, RatingInput } from './schemas.js';

/** How far a device clock may run ahead, and how long a kiosk may hold a rating offline. */
const CLOCK_SKEW_MS = 5 * 60_000;
const OFFLINE_HOLD_MS = 30 * 86_400_000;

const refusals = {
  device: new HttpError(
    401,
    'device_unauthorized',
    { vi: 'Thiết bị đánh giá chưa được cấp quyền', en: 'This rating device is not authorised' },
    [{ field: 'x-device-key', code: 'device_unauthorized', message: { vi: 'Khóa thiết bị không đúng', en: 'Wrong device key' } }],
  ),
  tokenUnknown: new HttpError(404, 'token_not_found', { vi: 'Mã đánh giá không tồn tại', en: 'This rating link does not exist' }, [
    { field: 'token', code: 'token_not_found', message: { vi: 'Mã không tồn tại', en: 'Unknown token' } },
  ]),
  tokenExpired: new HttpError(410, 'token_expired', { vi: 'Mã đánh giá đã hết hạn', en: 'This rating link has expired' }, [
    { field: 'token', code: 'token_expired', message: { vi: 'Mã đã hết hạn', en: 'Expired token' } },
  ]),
  alreadyRated: errors.alreadyRated([
    { field: 'token', code: 'already_rated', message: { vi: 'Mã đã được dùng', en: 'Token already used' } },
  ]),
  keyReused: new HttpError(
    409,
    'idempotency_key_reused',
    {
      vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác',
      en: 'This Idempotency-Key was already used for a different request',
    },
    [{ field: 'idempotency-key', code: 'idempotency_key_reused', message: { vi: 'Khóa đã dùng', en: 'Key already used' } }],
  ),
};

const LINK_REFUSALS = { unknown: refusals.tokenUnknown, used: refusals.alreadyRated, expired: refusals.tokenExpired };

export interface CaptureResult {
  replayed: boolean;
  rating: RatingCreated;
}

type RatingRow = typeof ratings.$inferSelect;

function toCreated(row: Pick<RatingRow, 'id' | 'unitId' | 'channel' | 'level' | 'counted' | 'ratedAt'>): RatingCreated {
  const { id, unitId, channel, level, counted } = row;
  return { id, unitId, channel, level, counted, ratedAt: row.ratedAt.toISOString() };
}

/**
 * The kiosk path's lookups, prepared once per database: building a query's SQL through drizzle on
 * every tap cost more than running it (profile of the ingest benchmark). A placeholder compared
 * with a column takes its stored form (milliseconds for times).
 */
function prepareQueries(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  return {
    byKey: db
      .select()
      .from(ratings)
      .where(eq(ratings.idempotencyKey, p('key')))
      .prepare(),
    device: db
      .select(deviceFields)
      .from(kioskDevices)
      .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
      .where(eq(kioskDevices.id, p('id')))
      .prepare(),
    token: db
      .select({
        id: ratingTokens.id,
        expiresAt: ratingTokens.expiresAt,
        usedAt: ratingTokens.usedAt,
        createdAt: ratingTokens.createdAt,
        issuedFrom: ratingTokens.issuedFrom,
        transactionId: transactions.id,
        unitId: transactions.unitId,
        counterId: transactions.counterId,
      })
      .from(ratingTokens)
      .innerJoin(transactions, eq(transactions.id, ratingTokens.transactionId))
      .where(eq(ratingTokens.tokenHash, p('hash')))
      .prepare(),
  };
}
const queries = perDatabase(prepareQueries);

/**
 * Stores one rating: idempotency replay, device or token check, the kiosk repeat guard, then the
 * rating with its reasons and answers. It runs in a batch of a group commit, its kiosk lookups and
 * its rating row gathered with the batch's others; a refusal (HttpError) stores nothing of it (the
 * batch goes again, each write in its own savepoint), and it resolves only once its batch is on disk.
 */
export async function captureRating(
  deps: AppDeps,
  input: RatingInput,
  idempotencyKey: string,
  deviceKey: string | undefined,
  origin?: LinkOrigin,
): Promise<CaptureResult> {
  try {
    const lane = await laneOf(deps, input);
    // The lane is claimed too: another API process writing the same unit's ratings waits for this
    // batch, so the repeat guard and the used-link check see its ratings there as well.
    return await groupCommit(deps.store).run((tx, batch) => storeRating(deps, tx, batch, input, idempotencyKey, deviceKey, origin), lane, [
      idempotencyKey,
      lane,
    ]);
  } catch (error) {
    // Lanes commit in parallel (PostgreSQL): a key or a dossier taken meanwhile by another lane's
    // batch (another kiosk or link) shows only as the unique index refusing the insert.
    if (uniqueViolation(error, 'ratings', 'idempotency_key')) throw refusals.keyReused;
    if (uniqueViolation(error, 'ratings', 'transaction_id')) throw refusals.alreadyRated;
    throw error;
  }
}

const verifiedKeys = perDatabase((_: Db) => new Map<string, string>());

/**
 * Whether a request carries a kiosk's right key, so only such requests count against the kiosk's
 * own rate limit. A match is remembered per process; storing the rating checks again (revocation
 * included).
 */
export async function kioskKeyMatches(deps: AppDeps, deviceId: string, key: string | undefined): Promise<boolean> {
  if (!key) return false;
  const hash = sha256(key);
  const known = verifiedKeys(deps.store.db);
  if (known.get(deviceId) === hash) return true;
  const device = await queries(deps.store.db).device.get({ id: deviceId });
  if (!device || device.revokedAt || device.keyHash !== hash) return false;
  known.set(deviceId, hash);
  return true;
}

const unitOfDevice = perDatabase((_: Db) => new Map<string, number>());

/**
 * The group-commit lane and claim of a rating where the database takes batches side by side
 * (PostgreSQL: lanes, and other API processes): its unit, so batches in parallel never wait on
 * each other's rollup rows (kept per unit), and a kiosk's or link's ratings stay in one lane and
 * claim, where the repeat guard and the used-link check see the earlier ones. A kiosk's unit is
 * remembered for the process, so its lane never changes.
 */
async function laneOf(deps: AppDeps, input: RatingInput): Promise<string> {
  if (deps.store.dialect === 'sqlite') return '';
  const db = deps.store.db;
  if (input.deviceId) {
    const known = unitOfDevice(db);
    const unit = known.get(input.deviceId) ?? (await queries(db).device.get({ id: input.deviceId }))?.unitId;
    if (unit === undefined) return `device:${input.deviceId}`;
    known.set(input.deviceId, unit);
    return `unit:${unit}`;
  }
  const token = await queries(db).token.get({ hash: sha256(input.token ?? '') });
  return token ? `unit:${token.unitId}` : `token:${input.token}`;
}

async function storeRating(
  deps: AppDeps,
  tx: Db,
  batch: BatchMemo,
  input: RatingInput,
  idempotencyKey: string,
  deviceKey: string | undefined,
  origin: LinkOrigin | undefined,
): Promise<CaptureResult> {
  const serverTime = deps.now();
  // The phone stays out of the hash: a phone number's hash is easily reversed by trying them all.
  const { followUp, ...hashed } = input;
  const requestHash = sha256(JSON.stringify({ input: hashed, device: deviceKey ? sha256(deviceKey) : null }));
  const clientTime = input.clientTime ? Date.parse(input.clientTime) : undefined;
  const plausible = clientTime !== undefined && clientTime <= serverTime + CLOCK_SKEW_MS && clientTime >= serverTime - OFFLINE_HOLD_MS;
  const ratedAt = plausible ? clientTime : serverTime;

  readSubscribersBeside(batch, deps.store.db);
  const q = queries(tx);
  const windowMs = deps.env.KIOSK_REPEAT_WINDOW_SECONDS * 1000;
  const kiosk = input.deviceId
    ? await batch.gather('kiosk-taps', ratingBatch[deps.store.dialect].lookUpTaps(tx), {
        id: input.deviceId,
        key: idempotencyKey,
        after: ratedAt - windowMs,
        before: ratedAt + windowMs,
      })
    : undefined;
  const previous = input.deviceId ? kiosk?.previous : await q.byKey.get({ key: idempotencyKey });
  if (previous?.requestHash === requestHash) return { replayed: true, rating: toCreated(previous) };
  // A key already used says so only to a caller with a valid kiosk key or link: to anyone else it
  // answers as an unknown key does, so keys cannot be probed.

  let held: HoldReason[] = [];
  let source: Pick<typeof ratings.$inferInsert, 'unitId' | 'counterId' | 'transactionId' | 'deviceId' | 'tokenId' | 'channel' | 'counted'>;
  if (input.deviceId) {
    const device = kiosk?.device;
    if (!device || device.revokedAt || !deviceKey || device.keyHash !== sha256(deviceKey)) throw refusals.device;
    if (previous) throw refusals.keyReused;
    // The batch's own counted taps are written at its end, so the lookup cannot see them.
    const pending = await batch.once('counted-taps', async () => new Map<string, number[]>());
    const taps = pending.get(device.id) ?? [];
    const repeated = kiosk.repeated || taps.some((at) => at > ratedAt - windowMs && at < ratedAt + windowMs);
    if (!repeated) pending.set(device.id, [...taps, ratedAt]);
    source = { unitId: device.unitId, counterId: device.counterId, deviceId: device.id, channel: 'kiosk', counted: !repeated };
  } else {
    const token = await q.token.get({ hash: sha256(input.token ?? '') });
    if (!token) throw refusals.tokenUnknown;
    const state = await linkState(token, serverTime, dossierRated(tx, token.transactionId));
    if (state !== 'open') throw LINK_REFUSALS[state];
    if (previous) throw refusals.keyReused;
    await tx
      .update(ratingTokens)
      .set({ usedAt: new Date(serverTime) })
      .where(eq(ratingTokens.id, token.id))
      .run();
    if (!origin) throw new Error('A rating through a link needs where it came from');
    held = holdReasons(token, origin, serverTime, deps.env.LINK_MIN_SECONDS);
    source = {
      unitId: token.unitId,
      counterId: token.counterId,
      transactionId: token.transactionId,
      tokenId: token.id,
      channel: input.channel ?? 'online',
      counted: held.length === 0,
    };
  }

  const values = {
    ...source,
    transactionId: source.transactionId ?? null,
    tokenId: source.tokenId ?? null,
    counterId: source.counterId ?? null,
    deviceId: source.deviceId ?? null,
    level: input.level,
    comment: input.comment || null,
    serverTime: new Date(serverTime),
    ratedAt: new Date(ratedAt),
    idempotencyKey,
    requestHash,
  };
  const row = await batch.gather(
    'ratings',
    ratingBatch[deps.store.dialect].insertRatings(tx),
    clientTime === undefined ? values : { ...values, clientTime: new Date(clientTime) },
  );
  if (input.reasons?.length) {
    await tx
      .insert(ratingReasons)
      .values(input.reasons.map((reason) => ({ ratingId: row.id, reason })))
      .run();
  }
  if (input.answers?.length) {
    await tx
      .insert(ratingAnswers)
      .values(input.answers.map((a) => ({ ratingId: row.id, ...a })))
      .run();
  }
  if (held.length) {
    await tx
      .insert(ratingHolds)
      .values({ ratingId: row.id, reasons: held, heldAt: new Date(serverTime) })
      .run();
    await recordAudit(tx, serverTime, {
      userId: null,
      action: 'rating.hold',
      entity: 'rating',
      entityId: row.id,
      after: { reasons: held },
    });
  }
  if (followUp)
    await tx
      .insert(followUps)
      .values({ ratingId: row.id, phone: followUp.phone, consentedAt: new Date(serverTime) })
      .run();
  // Subscribers learn of the rating, never of its comment or a follow-up number.
  await enqueue(tx, serverTime, 'rating.created', toCreated(row), batch);
  return { replayed: false, rating: toCreated(row) };
}
