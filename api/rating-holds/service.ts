import type { z } from '@hono/zod-openapi';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { AccessScope, AppDeps, SessionUser } from '../platform/context.js';
import { ratingHolds, ratings, ratingTokens, units, users } from '../platform/db/schema.js';
import { HttpError } from '../platform/errors.js';
import { vnDate } from '../platform/time.js';
import { HOLD_REASON_LABELS } from '../platform/vocabulary.js';
import { assertCanAccess, canAccess } from '../units/access.js';
import { displayNames } from '../users/service.js';
import type { HoldDecision, HoldQuery, RatingHold } from './schemas.js';

const refusals = {
  notFound: new HttpError(404, 'hold_not_found', { vi: 'Không có đánh giá chờ xem xét này', en: 'No such held rating' }),
  decided: new HttpError(409, 'hold_decided', { vi: 'Đánh giá này đã được quyết định', en: 'This rating has been decided already' }),
  ownUnit: new HttpError(403, 'own_unit', {
    vi: 'Không thể xem xét đánh giá về chính đơn vị của mình hoặc về đường dẫn do mình cấp',
    en: 'Nobody reviews ratings of their own unit or of links they issued',
  }),
};

/** Ratings held for review in the scope, newest first. */
export async function listHolds(deps: AppDeps, scope: AccessScope, q: z.infer<typeof HoldQuery>): Promise<z.infer<typeof RatingHold>[]> {
  const db = deps.store.db;
  const rows = (
    await db
      .select({
        hold: ratingHolds,
        rating: ratings,
        unit: { id: units.id, code: units.code, name: units.name },
        issuedBy: users.displayName,
      })
      .from(ratingHolds)
      .innerJoin(ratings, eq(ratings.id, ratingHolds.ratingId))
      .innerJoin(units, eq(units.id, ratings.unitId))
      .leftJoin(ratingTokens, eq(ratingTokens.id, ratings.tokenId))
      .leftJoin(users, eq(users.id, ratingTokens.createdBy))
      .where(
        and(
          q.status === 'pending' ? isNull(ratingHolds.decision) : q.status === 'decided' ? isNotNull(ratingHolds.decision) : undefined,
          q.unit ? eq(ratings.unitId, q.unit) : undefined,
        ),
      )
      .orderBy(desc(ratingHolds.heldAt), desc(ratingHolds.ratingId))
      .all()
  ).filter((r) => canAccess(scope, r.unit.id));
  const deciders = await displayNames(
    deps,
    rows.map((r) => r.hold.decidedBy),
  );
  return rows.map(({ hold, rating, unit, issuedBy }) => ({
    ratingId: rating.id,
    unit,
    channel: rating.channel,
    level: rating.level,
    ratedOn: vnDate(rating.ratedAt.getTime()),
    issuedBy,
    reasons: hold.reasons.map((code) => ({ code, label: HOLD_REASON_LABELS[code] })),
    heldAt: hold.heldAt.toISOString(),
    decision: hold.decision,
    decidedBy: hold.decidedBy === null ? null : (deciders.get(hold.decidedBy) ?? null),
    decidedAt: hold.decidedAt?.toISOString() ?? null,
    note: hold.note,
  }));
}

/**
 * Home Affairs decides a held rating: counted from now on (the counts follow by trigger) or kept
 * out for good. Never by someone of the rated unit or who issued the link; once; audited.
 */
export async function decideHold(
  deps: AppDeps,
  reviewer: { user: SessionUser; scope: AccessScope },
  ratingId: number,
  input: z.infer<typeof HoldDecision>,
) {
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const found = await tx
      .select({ hold: ratingHolds, unitId: ratings.unitId, issuer: ratingTokens.createdBy })
      .from(ratingHolds)
      .innerJoin(ratings, eq(ratings.id, ratingHolds.ratingId))
      .leftJoin(ratingTokens, eq(ratingTokens.id, ratings.tokenId))
      .where(eq(ratingHolds.ratingId, ratingId))
      .get();
    if (!found) throw refusals.notFound;
    assertCanAccess(reviewer.scope, found.unitId);
    if (reviewer.user.unitId === found.unitId || reviewer.user.id === found.issuer) throw refusals.ownUnit;
    if (found.hold.decision !== null) throw refusals.decided;
    await tx
      .update(ratingHolds)
      .set({ decision: input.decision, decidedBy: reviewer.user.id, decidedAt: new Date(now), note: input.note })
      .where(eq(ratingHolds.ratingId, ratingId))
      .run();
    if (input.decision === 'count') await tx.update(ratings).set({ counted: true }).where(eq(ratings.id, ratingId)).run();
    await recordAudit(tx, now, {
      userId: reviewer.user.id,
      action: 'rating.review',
      entity: 'rating',
      entityId: ratingId,
      before: { decision: null, reasons: found.hold.reasons },
      after: { decision: input.decision, note: input.note },
    });
    return { ratingId, decision: input.decision };
  });
}
