import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpError, sendError } from '../errors.js';
import { ROLE_LABELS, type USER_ROLES } from '../vocabulary.js';

/** 403 naming the roles a function is for. */
export function roleRefusal(roles: readonly (typeof USER_ROLES)[number][]): HttpError {
  const names = { vi: roles.map((r) => ROLE_LABELS[r].vi).join(', '), en: roles.map((r) => ROLE_LABELS[r].en).join(', ') };
  return new HttpError(403, 'forbidden_role', {
    vi: `Chức năng này dành cho: ${names.vi}`,
    en: `This function is for: ${names.en}`,
  });
}

/** Only these roles pass (after requireUser). */
export function requireRole(...roles: (typeof USER_ROLES)[number][]): MiddlewareHandler<AppEnv> {
  const refusal = roleRefusal(roles);
  return async (c, next) => {
    if (!roles.includes(c.get('user').role)) return sendError(c, refusal);
    await next();
  };
}
