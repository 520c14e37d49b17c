import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorResponse, HttpError } from '../platform/errors.js';
import { body, json, KIOSK, SESSION } from '../platform/openapi.js';
import { clientIp, publicBase } from '../platform/proxy.js';
import { RateLimiter, tooManyRequests } from '../platform/rate-limit.js';
import { newRouter } from '../platform/router.js';
import { HeartbeatHeaders, KIOSK_MANAGERS, Kiosk, KioskInput, KioskKey, KioskParams, KioskPatch } from './schemas.js';
import { createKiosk, heartbeat, issueKioskKey, listKiosks, revokeKiosk, updateKiosk } from './service.js';

export const getKiosks = createRoute({
  operationId: 'getKiosks',
  security: SESSION,
  method: 'get',
  path: '/api/kiosks',
  tags: ['kiosks'],
  summary: 'The kiosks of your units: last tap, last heartbeat, refused keys, today’s taps against today’s counter dossiers',
  responses: { 200: json(z.array(Kiosk), 'Kiosks by unit and counter'), 401: errorResponse('Not signed in') },
});

export const postKiosk = createRoute({
  operationId: 'postKiosk',
  security: SESSION,
  method: 'post',
  path: '/api/kiosks',
  tags: ['kiosks'],
  summary: 'Add a kiosk at a counter of your units: its set-up address, shown once (audited)',
  middleware: [requireRole(...KIOSK_MANAGERS)] as const,
  request: body(KioskInput),
  responses: {
    201: json(KioskKey, 'The new kiosk’s set-up address and its QR code'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    422: errorResponse('Invalid fields, or a counter outside your scope'),
  },
});

export const postKioskKey = createRoute({
  operationId: 'postKioskKey',
  security: SESSION,
  method: 'post',
  path: '/api/kiosks/{id}/key',
  tags: ['kiosks'],
  summary: 'Issue a new key (the old one stops working; a revoked kiosk comes back): the set-up address, shown once (audited)',
  middleware: [requireRole(...KIOSK_MANAGERS)] as const,
  request: { params: KioskParams },
  responses: {
    201: json(KioskKey, 'The set-up address and its QR code'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such kiosk in your scope'),
  },
});

export const patchKiosk = createRoute({
  operationId: 'patchKiosk',
  security: SESSION,
  method: 'patch',
  path: '/api/kiosks/{id}',
  tags: ['kiosks'],
  summary: 'Rename a kiosk or move it to another counter of your units; its ratings so far stay where they were given (audited)',
  middleware: [requireRole(...KIOSK_MANAGERS)] as const,
  request: { params: KioskParams, ...body(KioskPatch) },
  responses: {
    204: { description: 'Changed' },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such kiosk in your scope'),
    422: errorResponse('Invalid fields, or a counter outside your scope'),
  },
});

export const postKioskRevoke = createRoute({
  operationId: 'postKioskRevoke',
  security: SESSION,
  method: 'post',
  path: '/api/kiosks/{id}/revoke',
  tags: ['kiosks'],
  summary: 'Revoke a kiosk’s key: its ratings are refused and its screen says it is not set up (audited)',
  middleware: [requireRole(...KIOSK_MANAGERS)] as const,
  request: { params: KioskParams },
  responses: {
    204: { description: 'Revoked' },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such kiosk in your scope'),
  },
});

export const postHeartbeat = createRoute({
  operationId: 'postHeartbeat',
  security: KIOSK,
  method: 'post',
  path: '/api/kiosks/{id}/heartbeat',
  tags: ['kiosks'],
  summary: 'A kiosk page reports that it is up (every KIOSK_HEARTBEAT_SECONDS), with its device key',
  request: { params: KioskParams, headers: HeartbeatHeaders },
  responses: {
    204: { description: 'Heard' },
    401: errorResponse('Wrong, missing or revoked key, or no such kiosk: the kiosk shows "not set up"'),
    429: errorResponse('Too many wrong keys from this address'),
  },
});

const NOT_SET_UP = new HttpError(401, 'device_unauthorized', {
  vi: 'Thiết bị chưa được cài đặt hoặc khóa đã bị thu hồi',
  en: 'The device is not set up or its key was revoked',
});

export function kioskRoutes(deps: AppDeps) {
  const app = newRouter();
  const failedKeys = new RateLimiter(
    deps,
    'heartbeat-wrong-key',
    deps.env.RATE_LIMIT_FAILED_KEYS_PER_IP,
    deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000,
  );
  app.use('/api/kiosks', requireUser(deps));
  app.use('/api/kiosks/:id', requireUser(deps));
  app.use('/api/kiosks/:id/key', requireUser(deps));
  app.use('/api/kiosks/:id/revoke', requireUser(deps));
  const actor = (c: Context<AppEnv>) => ({ user: c.get('user'), scope: c.get('scope') });

  app.openapi(getKiosks, async (c) => c.json(await listKiosks(deps, c.get('scope')), 200));
  app.openapi(postKiosk, async (c) => c.json(await createKiosk(deps, actor(c), c.req.valid('json'), publicBase(c, deps)), 201));
  app.openapi(patchKiosk, async (c) => {
    await updateKiosk(deps, actor(c), c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  });
  app.openapi(postKioskKey, async (c) => c.json(await issueKioskKey(deps, actor(c), c.req.valid('param').id, publicBase(c, deps)), 201));
  app.openapi(postKioskRevoke, async (c) => {
    await revokeKiosk(deps, actor(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(postHeartbeat, async (c) => {
    if (await heartbeat(deps, c.req.valid('param').id, c.req.valid('header')['x-device-key'])) return c.body(null, 204);
    // Wrong keys count against the address that sent them, as on the rating endpoint.
    const wait = await failedKeys.hit(clientIp(c, deps));
    if (wait !== null) throw tooManyRequests(wait);
    throw NOT_SET_UP;
  });
  return app;
}
