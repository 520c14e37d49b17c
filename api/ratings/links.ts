import { eq, inArray } from 'drizzle-orm';
import QRCode from 'qrcode';
import { recordAudit } from '../audit/service.js';
import { newSecret, sha256 } from '../platform/auth/secrets.js';
import type { AccessScope, AppDeps, SessionUser } from '../platform/context.js';
import { procedures, ratings, ratingTokens, transactions, units } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import { HttpError } from '../platform/errors.js';
import { UNKNOWN_ADDRESS } from '../platform/proxy.js';
import { assertCanAccess, canAccess } from '../units/access.js';
import type { RatingLink } from './schemas.js';

/** Where a rating link stands: only an open one takes a rating. */
export type LinkState = 'unknown' | 'used' | 'expired' | 'open';

/**
 * One rule for the rating page and for capture. A link is used once it took a rating, or once its
 * dossier was rated through another link; `dossierRated` is asked last, only of a link still open.
 */
export async function linkState(
  link: { usedAt: Date | null; expiresAt: Date } | undefined,
  now: number,
  dossierRated: () => Promise<boolean>,
): Promise<LinkState> {
  if (!link) return 'unknown';
  if (link.usedAt) return 'used';
  if (link.expiresAt.getTime() <= now) return 'expired';
  return (await dossierRated()) ? 'used' : 'open';
}

export const dossierRated = (db: Db, transactionId: number) => async () =>
  (await db.select({ id: ratings.id }).from(ratings).where(eq(ratings.transactionId, transactionId)).get()) !== undefined;

/** What the citizen's rating page shows for a link: its state and, when the link exists, the dossier. */
export async function ratingLinkPage(deps: AppDeps, token: string) {
  const found = await deps.store.db
    .select({
      expiresAt: ratingTokens.expiresAt,
      usedAt: ratingTokens.usedAt,
      receiptCode: transactions.receiptCode,
      transactionId: transactions.id,
      unit: units.name,
      procedure: procedures.name,
    })
    .from(ratingTokens)
    .innerJoin(transactions, eq(transactions.id, ratingTokens.transactionId))
    .innerJoin(units, eq(units.id, transactions.unitId))
    .innerJoin(procedures, eq(procedures.id, transactions.procedureId))
    .where(eq(ratingTokens.tokenHash, sha256(token)))
    .get();
  const state = await linkState(found, deps.now(), found ? dossierRated(deps.store.db, found.transactionId) : async () => false);
  return { state, dossier: found && { receiptCode: found.receiptCode, unit: found.unit, procedure: found.procedure } };
}

const DOSSIER_NOT_FOUND = new HttpError(404, 'transaction_not_found', { vi: 'Không tìm thấy hồ sơ', en: 'Dossier not found' }, [
  { field: 'id', code: 'not_found', message: { vi: 'Không có hồ sơ với mã số này', en: 'No dossier with this id' } },
]);

/** Who asks for a link: signed-in staff, or a system with its service account's key. */
export type Issuer = { user: SessionUser | null; service: { id: number } | null; scope: AccessScope; address: string };

/**
 * A one-time link for a dossier, issued by a signed-in person or a system's key of its unit's scope
 * and audited. It is issued alike whether or not the dossier was rated (only one rating of a
 * dossier is ever taken), so issuing tells staff nothing of which dossiers their citizens rated.
 */
export async function issueRatingLink(deps: AppDeps, issuer: Issuer, dossierId: number, baseUrl: string): Promise<RatingLink> {
  const dossier = await deps.store.db.select().from(transactions).where(eq(transactions.id, dossierId)).get();
  if (!dossier) throw DOSSIER_NOT_FOUND;
  assertCanAccess(issuer.scope, dossier.unitId);
  const token = newSecret(16);
  const now = deps.now();
  const expiresAt = new Date(now + deps.env.RATING_TOKEN_TTL_HOURS * 3600_000);
  await deps.store.transaction(async (tx) => {
    const row = await tx
      .insert(ratingTokens)
      .values({
        transactionId: dossierId,
        tokenHash: sha256(token),
        createdAt: new Date(now),
        expiresAt,
        createdBy: issuer.user?.id ?? null,
        serviceAccountId: issuer.service?.id ?? null,
        // A system's server is no office: citizens never rate from it, so its address holds nothing.
        issuedFrom: issuer.service || issuer.address === UNKNOWN_ADDRESS ? null : sha256(issuer.address),
      })
      .returning({ id: ratingTokens.id })
      .get();
    await recordAudit(tx, now, {
      userId: issuer.user?.id ?? null,
      action: 'rating_token.issue',
      entity: 'transaction',
      entityId: dossierId,
      after: { tokenId: row.id, expiresAt, ...(issuer.service ? { serviceAccountId: issuer.service.id } : {}) },
    });
  });
  const url = new URL(`/r/${token}`, baseUrl).toString();
  return { transactionId: dossierId, receiptCode: dossier.receiptCode, token, url, expiresAt: expiresAt.toISOString() };
}

/** The receipt's QR code. The printed code says it came from paper, so the rating is filed under the QR channel. */
export const ratingLinkQr = (link: RatingLink) =>
  QRCode.toString(`${link.url}?via=qr`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/**
 * Links for dossiers named by their receipt codes, each with its receipt QR code, for a slip the
 * citizen takes home. All or none: a code that is no dossier of the caller's units (unknown or
 * outside the scope, answered alike) is named and nothing is issued.
 */
export async function issueLinksByReceipt(deps: AppDeps, issuer: Issuer, receiptCodes: string[], baseUrl: string) {
  const codes = [...new Set(receiptCodes)];
  const found = new Map(
    (
      await deps.store.db
        .select({ id: transactions.id, receiptCode: transactions.receiptCode, unitId: transactions.unitId })
        .from(transactions)
        .where(inArray(transactions.receiptCode, codes))
        .all()
    ).map((d) => [d.receiptCode, d]),
  );
  const missing = receiptCodes.flatMap((code, i) => {
    const dossier = found.get(code);
    return dossier && canAccess(issuer.scope, dossier.unitId)
      ? []
      : [
          {
            field: `receiptCodes.${i}`,
            code: 'not_found',
            message: { vi: `Không có hồ sơ ${code} của đơn vị bạn`, en: `No dossier ${code} of your units` },
          },
        ];
  });
  if (missing.length)
    throw new HttpError(
      422,
      'validation_failed',
      { vi: 'Có mã hồ sơ không tìm thấy; chưa cấp đường dẫn nào', en: 'Some receipt codes were not found; no link was issued' },
      missing,
    );
  const links = [];
  for (const code of codes) {
    const link = await issueRatingLink(deps, issuer, (found.get(code) as { id: number }).id, baseUrl);
    links.push({ ...link, qr: await ratingLinkQr(link) });
  }
  return { links };
}
