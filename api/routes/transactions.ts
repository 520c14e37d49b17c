import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { recordAudit } from '../audit.js';
import { assertInScope, requireRole } from '../auth/scope.js';
import { requireUser } from '../auth/session.js';
import { newSecret, sha256 } from '../auth/secrets.js';
import type { AppDeps } from '../context.js';
import { ratings, ratingTokens, transactions } from '../db/schema.js';
import { ApiError, HttpError, errors } from '../errors.js';
import { newRouter } from '../router.js';

const RatingToken = z
  .object({
    transactionId: z.int(),
    receiptCode: z.string(),
    token: z.string().openapi({ description: 'Shown once; only its hash is stored' }),
    url: z.url().openapi({ description: 'The citizen opens this link (or its QR code) to rate the dossier' }),
    expiresAt: z.iso.datetime(),
  })
  .openapi('RatingToken');

const notFound = new HttpError(404, 'transaction_not_found', { vi: 'Không tìm thấy hồ sơ', en: 'Dossier not found' }, [
  { field: 'id', code: 'not_found', message: { vi: 'Không có hồ sơ với mã số này', en: 'No dossier with this id' } },
]);

export function transactionRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/transactions/*', requireUser(deps), requireRole('admin', 'home_affairs', 'unit_staff'));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/transactions/{id}/rating-token',
      tags: ['transactions'],
      summary: 'Issue a one-time rating token for a dossier (JSON, or the QR code as SVG with ?format=svg)',
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        query: z.object({ format: z.enum(['json', 'svg']).default('json') }),
      },
      responses: {
        201: {
          description: 'Token issued',
          content: { 'application/json': { schema: RatingToken }, 'image/svg+xml': { schema: z.string() } },
        },
        401: { description: 'Not signed in', content: { 'application/json': { schema: ApiError } } },
        403: { description: 'Role may not issue tokens, or dossier outside the caller’s scope', content: { 'application/json': { schema: ApiError } } },
        404: { description: 'No such dossier', content: { 'application/json': { schema: ApiError } } },
        409: { description: 'Already rated', content: { 'application/json': { schema: ApiError } } },
        422: { description: 'Invalid fields', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const dossier = await deps.store.db.select().from(transactions).where(eq(transactions.id, id)).get();
      if (!dossier) throw notFound;
      assertInScope(c, dossier.unitId);
      if (await deps.store.db.select({ id: ratings.id }).from(ratings).where(eq(ratings.transactionId, id)).get()) {
        throw errors.alreadyRated();
      }
      const token = newSecret(16);
      const now = deps.now();
      const expiresAt = new Date(now + deps.env.RATING_TOKEN_TTL_HOURS * 3600_000);
      await deps.store.transaction(async (tx) => {
        const row = await tx
          .insert(ratingTokens)
          .values({ transactionId: id, tokenHash: sha256(token), createdAt: new Date(now), expiresAt, createdBy: c.get('user').id })
          .returning({ id: ratingTokens.id })
          .get();
        await recordAudit(tx, now, { userId: c.get('user').id, action: 'rating_token.issue', entity: 'transaction', entityId: id, after: { tokenId: row.id, expiresAt } });
      });
      const base = deps.env.PUBLIC_BASE_URL ?? new URL(c.req.url).origin;
      const url = new URL(`/r/${token}`, base).toString();
      if (c.req.valid('query').format === 'svg') {
        // The printed code says it came from paper, so the rating is filed under the QR channel.
        const svg = await QRCode.toString(`${url}?via=qr`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        return c.body(svg, 201, { 'content-type': 'image/svg+xml; charset=utf-8' });
      }
      return c.json({ transactionId: id, receiptCode: dossier.receiptCode, token, url, expiresAt: expiresAt.toISOString() }, 201);
    },
  );
  return app;
}
