import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpError, sendError } from '../errors.js';
import { ROLE_LABELS, type USER_ROLES } from '../vocabulary.js';

/** Only these roles pass (after requireUser). */
export function requireRole(...roles: (typeof USER_ROLES)[number][]): MiddlewareHandler<AppEnv> {
  const names = { vi: roles.map((r) => ROLE_LABELS[r].vi).join(', '), en: roles.map((r) => ROLE_LABELS[r].en).join(', ') };
  const refusal = new HttpError(403, 'forbidden_role', {
    vi: `Chức năng này dành cho: ${names.vi}`,
    en: `This function is for: ${names.en}`,
  });
  return async (c, next) => {
    if (!roles.includes(c.get('user').role)) return sendError(c, refusal);
    await next();
  };
}
