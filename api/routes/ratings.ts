import { createRoute, z } from '@hono/zod-openapi';
import { RatingCreated, RatingInput, captureRating } from '../capture.js';
import type { AppDeps } from '../context.js';
import { sha256 } from '../auth/secrets.js';
import { errorResponse } from '../errors.js';
import { RateLimiter, clientIp, tooManyRequests } from '../rate-limit.js';
import { newRouter } from '../router.js';

const Headers = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/)
    .openapi({ description: 'A fresh random key per rating (e.g. a UUID); a retry with the same key returns the first result', example: '6f1c2b9e-2c7a-4d55-9a57-0d3e5c1f2a11' }),
  'x-device-key': z.string().min(1).max(256).optional().openapi({ description: 'Secret key of the kiosk device (kiosk ratings only)' }),
});


export function ratingRoutes(deps: AppDeps) {
  const app = newRouter();
  const windowMs = deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const perIp = new RateLimiter(deps.env.RATE_LIMIT_RATINGS_PER_IP, windowMs, deps.now);
  const perDevice = new RateLimiter(deps.env.RATE_LIMIT_RATINGS_PER_DEVICE, windowMs, deps.now);
  const perToken = new RateLimiter(deps.env.RATE_LIMIT_RATINGS_PER_TOKEN, windowMs, deps.now);
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ratings',
      tags: ['ratings'],
      summary: 'Submit a citizen rating from a kiosk (device key) or with a one-time token',
      request: { headers: Headers, body: { required: true, content: { 'application/json': { schema: RatingInput } } } },
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
    }),
    async (c) => {
      const headers = c.req.valid('header');
      const input = c.req.valid('json');
      // Every limiter counts the request, so a kiosk flushing its queue is held by its own limit.
      const waits = [
        perIp.hit(clientIp(c, deps)),
        input.deviceId ? perDevice.hit(input.deviceId) : null,
        input.token ? perToken.hit(sha256(input.token)) : null,
      ].filter((w): w is number => w !== null);
      if (waits.length) {
        const wait = Math.max(...waits);
        c.header('Retry-After', String(wait));
        throw tooManyRequests(wait);
      }
      // Acknowledged (201) only once the batch this rating joined has committed.
      const result = await captureRating(deps, input, headers['idempotency-key'], headers['x-device-key']);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.rating, 201);
    },
  );
  return app;
}
