import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireRole } from '../platform/auth/roles.js';
import { sha256 } from '../platform/auth/secrets.js';
import { callerOf, requireUserOrKey } from '../platform/auth/service-key.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { KIOSK_OR_LINK, SESSION, SESSION_OR_KEY } from '../platform/openapi.js';
import { clientIp, publicBase } from '../platform/proxy.js';
import { hitAll, RateLimiter, tooManyRequests } from '../platform/rate-limit.js';
import { newRouter } from '../platform/router.js';
import { captureRating, kioskKeyMatches } from './capture.js';
import { linkOrigin } from './integrity.js';
import { type Issuer, issueLinksByReceipt, issueRatingLink, ratingLinkQr } from './links.js';
import {
  CaptureHeaders,
  LINK_ISSUERS,
  PrintedLinks,
  RatingCreated,
  RatingInput,
  RatingLink,
  RatingLinkParams,
  RatingLinkQuery,
  ReceiptCodes,
} from './schemas.js';

export const postRating = createRoute({
  operationId: 'postRating',
  security: KIOSK_OR_LINK,
  method: 'post',
  path: '/api/ratings',
  tags: ['ratings'],
  summary: 'Submit a citizen rating from a kiosk (device key) or with a one-time token',
  request: { headers: CaptureHeaders, body: { required: true, content: { 'application/json': { schema: RatingInput } } } },
  responses: {
    201: {
      description: 'Stored (or, for a retry with the same Idempotency-Key, the first result again with header Idempotent-Replayed: true)',
      content: { 'application/json': { schema: RatingCreated } },
    },
    401: errorResponse('Kiosk device not authorised'),
    404: errorResponse('Unknown token'),
    409: errorResponse('Dossier already rated, or Idempotency-Key reused for another request'),
    410: errorResponse('Token expired'),
    422: errorResponse('Invalid fields'),
    429: errorResponse('Too many ratings from this address, kiosk or link (header Retry-After)'),
  },
});

export const postRatingLink = createRoute({
  operationId: 'postRatingLink',
  security: SESSION,
  method: 'post',
  path: '/api/transactions/{id}/rating-token',
  tags: ['ratings'],
  summary: 'Issue a one-time rating link for a dossier (JSON, or the QR code as SVG with ?format=svg)',
  request: { params: RatingLinkParams, query: RatingLinkQuery },
  responses: {
    201: {
      description: 'Link issued',
      content: { 'application/json': { schema: RatingLink }, 'image/svg+xml': { schema: z.string() } },
    },
    401: errorResponse('Not signed in'),
    403: errorResponse('Role may not issue links, or dossier outside the caller’s scope'),
    404: errorResponse('No such dossier'),
    422: errorResponse('Invalid fields'),
  },
});

export const postRatingLinks = createRoute({
  operationId: 'postRatingLinks',
  security: SESSION_OR_KEY,
  method: 'post',
  path: '/api/rating-links',
  tags: ['ratings'],
  summary:
    'Issue rating links for dossiers by receipt code, each with its QR code, for slips the citizens take home or a portal’s completion page (all or none); staff, or a service key with rating-links:issue',
  request: { body: { required: true, content: { 'application/json': { schema: ReceiptCodes } } } },
  responses: {
    201: { description: 'Links issued', content: { 'application/json': { schema: PrintedLinks } } },
    401: errorResponse('Not signed in, or the key is wrong, expired or revoked'),
    403: errorResponse('Role or key may not issue links'),
    422: errorResponse('Invalid fields, or receipt codes that are no dossier of the caller’s units (each named)'),
    429: errorResponse('Too many requests with this key (header Retry-After)'),
  },
});

export function ratingRoutes(deps: AppDeps) {
  const app = newRouter();
  const windowMs = deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const perIp = new RateLimiter(deps, 'rating-ip', deps.env.RATE_LIMIT_RATINGS_PER_IP, windowMs);
  const perDevice = new RateLimiter(deps, 'rating-kiosk', deps.env.RATE_LIMIT_RATINGS_PER_DEVICE, windowMs);
  const perToken = new RateLimiter(deps, 'rating-link', deps.env.RATE_LIMIT_RATINGS_PER_TOKEN, windowMs);
  const failedKeys = new RateLimiter(deps, 'rating-wrong-key', deps.env.RATE_LIMIT_FAILED_KEYS_PER_IP, windowMs);

  app.openapi(postRating, async (c) => {
    const headers = c.req.valid('header');
    const input = c.req.valid('json');
    // Every limiter counts the request, so a kiosk flushing its queue is held by its own limit; a
    // kiosk's limit counts only its right key, so nobody else can use it up, and wrong keys count
    // against the address that sent them.
    const ip = clientIp(c, deps);
    const hits: [RateLimiter, string][] = [[perIp, ip]];
    if (input.deviceId)
      hits.push((await kioskKeyMatches(deps, input.deviceId, headers['x-device-key'])) ? [perDevice, input.deviceId] : [failedKeys, ip]);
    if (input.token) hits.push([perToken, sha256(input.token)]);
    const wait = await hitAll(deps, hits);
    if (wait !== null) throw tooManyRequests(wait);
    // Acknowledged (201) only once the batch this rating joined has committed.
    const origin = input.token ? await linkOrigin(c, deps) : undefined;
    const result = await captureRating(deps, input, headers['idempotency-key'], headers['x-device-key'], origin);
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.rating, 201);
  });

  app.use('/api/transactions/:id/rating-token', requireUser(deps), requireRole(...LINK_ISSUERS));
  app.use('/api/rating-links', requireUserOrKey(deps, 'rating-links:issue', LINK_ISSUERS));
  const issuerOf = (c: Context<AppEnv>): Issuer => ({ ...callerOf(c), address: clientIp(c, deps) });
  app.openapi(postRatingLinks, async (c) =>
    c.json(await issueLinksByReceipt(deps, issuerOf(c), c.req.valid('json').receiptCodes, publicBase(c, deps)), 201),
  );
  app.openapi(postRatingLink, async (c) => {
    const link = await issueRatingLink(deps, issuerOf(c), c.req.valid('param').id, publicBase(c, deps));
    if (c.req.valid('query').format === 'svg')
      return c.body(await ratingLinkQr(link), 201, { 'content-type': 'image/svg+xml; charset=utf-8' });
    return c.json(link, 201);
  });
  return app;
}
