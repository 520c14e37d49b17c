import { eq, inArray, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { AccessScope, AppDeps, SessionUser } from '../platform/context.js';
import { counters, followUps, ratingReasons, ratings, units } from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import { vnDate } from '../platform/time.js';
import type { Reason } from '../platform/vocabulary.js';
import { canAccess } from '../units/access.js';
import { displayNames } from '../users/service.js';
import type { CALLBACK_FILTERS } from './schemas.js';

const DAY = 86_400_000;

/** Deletes the numbers kept longer than FOLLOW_UP_RETENTION_DAYS after consent (the ratings stay, anonymous). */
export async function purgeCallbacks(deps: AppDeps): Promise<number> {
  const before = new Date(deps.now() - deps.env.FOLLOW_UP_RETENTION_DAYS * DAY);
  const gone = await deps.store.db.delete(followUps).where(lt(followUps.consentedAt, before)).returning({ id: followUps.ratingId }).all();
  return gone.length;
}

/**
 * Citizens of the caller's units who left a number to be called back, oldest first: what they
 * rated (the day, not the time), their reasons and comment, and where the call stands. Numbers past
 * their retention are purged first, so none is ever shown late.
 */
export async function listCallbacks(deps: AppDeps, scope: AccessScope, status: (typeof CALLBACK_FILTERS)[number]) {
  await purgeCallbacks(deps);
  const rows = (
    await deps.store.db
      .select({
        followUp: followUps,
        unit: { id: units.id, code: units.code, name: units.name },
        counter: counters.name,
        level: ratings.level,
        ratedAt: ratings.ratedAt,
        comment: ratings.comment,
      })
      .from(followUps)
      .innerJoin(ratings, eq(ratings.id, followUps.ratingId))
      .innerJoin(units, eq(units.id, ratings.unitId))
      .leftJoin(counters, eq(counters.id, ratings.counterId))
      .where(
        status === 'all'
          ? undefined
          : status === 'pending'
            ? inArray(followUps.status, ['open', 'contacted'])
            : eq(followUps.status, status),
      )
      .orderBy(followUps.consentedAt, followUps.ratingId)
      .all()
  ).filter((r) => canAccess(scope, r.unit.id));
  const ids = rows.map((r) => r.followUp.ratingId);
  const reasons = ids.length ? await deps.store.db.select().from(ratingReasons).where(inArray(ratingReasons.ratingId, ids)).all() : [];
  const names = await displayNames(
    deps,
    rows.map((r) => r.followUp.handledBy),
  );
  return rows.map(({ followUp: f, unit, counter, level, ratedAt, comment }) => ({
    ratingId: f.ratingId,
    unit,
    counter,
    ratedOn: vnDate(ratedAt.getTime()),
    level,
    reasons: reasons.filter((r) => r.ratingId === f.ratingId).map((r) => r.reason as Reason),
    comment,
    phone: f.phone,
    consentedAt: f.consentedAt.toISOString(),
    purgeOn: vnDate(f.consentedAt.getTime() + deps.env.FOLLOW_UP_RETENTION_DAYS * DAY),
    status: f.status,
    note: f.note,
    handledBy: f.handledBy === null ? null : (names.get(f.handledBy) ?? null),
    handledAt: f.handledAt?.toISOString() ?? null,
  }));
}

/** Marks a call back as made or the matter resolved, with a note; audited without the number. */
export async function updateCallback(
  deps: AppDeps,
  actor: { user: SessionUser; scope: AccessScope },
  ratingId: number,
  input: { status: 'contacted' | 'resolved'; note: string },
) {
  const found = await deps.store.db
    .select({ followUp: followUps, unitId: ratings.unitId })
    .from(followUps)
    .innerJoin(ratings, eq(ratings.id, followUps.ratingId))
    .where(eq(followUps.ratingId, ratingId))
    .get();
  if (!found || !canAccess(actor.scope, found.unitId))
    throw new HttpError(404, 'callback_not_found', {
      vi: 'Không có yêu cầu gọi lại này trong phạm vi của bạn (hoặc số điện thoại đã được xóa)',
      en: 'No such call-back request in your scope (or its number was deleted)',
    });
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx
      .update(followUps)
      .set({ status: input.status, note: input.note, handledBy: actor.user.id, handledAt: new Date(now) })
      .where(eq(followUps.ratingId, ratingId))
      .run();
    await recordAudit(tx, now, {
      userId: actor.user.id,
      action: `callback.${input.status}`,
      entity: 'follow_up',
      entityId: ratingId,
      before: { status: found.followUp.status, note: found.followUp.note },
      after: { status: input.status, note: input.note },
    });
  });
}
