import type { Context, MiddlewareHandler } from 'hono';
import { recordAudit } from '../../audit/service.js';
import { serviceCaller } from '../../service-accounts/service.js';
import { accessScopeOf } from '../../units/access.js';
import type { AppDeps, AppEnv } from '../context.js';
import { HttpError, sendError } from '../errors.js';
import { RateLimiter, tooManyRequests } from '../rate-limit.js';
import { SERVICE_PERMISSION_LABELS, type ServicePermission, type USER_ROLES } from '../vocabulary.js';
import { roleRefusal } from './roles.js';
import { sha256 } from './secrets.js';
import { NOT_SIGNED_IN, sessionUser } from './session.js';

/** The key of `Authorization: Bearer <key>`, or null. */
export const bearerKey = (c: Context) => /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null;

/** Who made the request: signed-in staff, or a service account's key (then no user). */
export function callerOf(c: Context<AppEnv>) {
  const service = c.get('service');
  return { user: service ? null : c.get('user'), service: service ?? null, scope: c.get('scope') };
}

const BAD_KEY = new HttpError(401, 'bad_key', {
  vi: 'Khóa truy cập không đúng, đã hết hạn hoặc đã bị thu hồi',
  en: 'The key is wrong, expired or revoked',
});

const keyRefusal = (permission: ServicePermission) =>
  new HttpError(403, 'forbidden_permission', {
    vi: `Khóa này không có quyền: ${SERVICE_PERMISSION_LABELS[permission].vi}`,
    en: `This key lacks the permission: ${SERVICE_PERMISSION_LABELS[permission].en}`,
  });

/** One limit per key across every route that takes keys (one counter per app). */
const limiters = new WeakMap<AppDeps, RateLimiter>();
function keyLimiter(deps: AppDeps) {
  let limiter = limiters.get(deps);
  if (!limiter) {
    limiter = new RateLimiter(deps, 'service-key', deps.env.RATE_LIMIT_SERVICE_KEY_PER_MINUTE, 60_000);
    limiters.set(deps, limiter);
  }
  return limiter;
}

/**
 * A route other systems may call: with a service account's bearer key holding `permission` (its
 * scope the account's units; every use audited, limited per key), or as signed-in staff of
 * `roles`. Nothing else takes a key: other routes read only the session cookie.
 */
export function requireUserOrKey(
  deps: AppDeps,
  permission: ServicePermission,
  roles: readonly (typeof USER_ROLES)[number][],
): MiddlewareHandler<AppEnv> {
  const perKey = keyLimiter(deps);
  const refusal = roleRefusal(roles);
  return async (c, next) => {
    const key = bearerKey(c);
    if (key === null) {
      const user = await sessionUser(c, deps);
      if (!user) return sendError(c, NOT_SIGNED_IN);
      if (!roles.includes(user.role)) return sendError(c, refusal);
      c.set('user', user);
      c.set('scope', await accessScopeOf(deps, user));
      return next();
    }
    const wait = await perKey.hit(sha256(key));
    if (wait !== null) throw tooManyRequests(wait);
    const found = await serviceCaller(deps, key);
    if (!found) return sendError(c, BAD_KEY);
    if (!found.caller.permissions.includes(permission)) return sendError(c, keyRefusal(permission));
    c.set('service', found.caller);
    c.set('scope', found.scope);
    await next();
    await recordAudit(deps.store.db, deps.now(), {
      userId: null,
      action: 'service_key.use',
      entity: 'service_account',
      entityId: found.caller.id,
      after: { keyId: found.caller.keyId, method: c.req.method, path: c.req.path, status: c.res.status },
    });
  };
}
