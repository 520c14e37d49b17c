import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { accessScopeOf } from '../../units/access.js';
import type { AppDeps, AppEnv, SessionUser } from '../context.js';
import { sessions, users } from '../db/schema.js';
import { HttpError, sendError } from '../errors.js';
import { servedOverHttps } from '../proxy.js';
import { newSecret, sha256 } from './secrets.js';

export const SESSION_COOKIE = 'sid';
/**
 * Marks a browser that has signed in as staff, for good (it outlives the session): a rating link
 * rated from it is held for review.
 */
export const STAFF_DEVICE_COOKIE = 'staff_device';

export async function startSession(c: Context, deps: AppDeps, userId: number): Promise<void> {
  const id = newSecret();
  const now = deps.now();
  const ttlMs = deps.env.SESSION_TTL_HOURS * 3600_000;
  await deps.store.db
    .insert(sessions)
    .values({ idHash: sha256(id), userId, createdAt: new Date(now), expiresAt: new Date(now + ttlMs) })
    .run();
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: servedOverHttps(c, deps),
    path: '/',
    maxAge: ttlMs / 1000,
  });
  if (!getCookie(c, STAFF_DEVICE_COOKIE))
    setCookie(c, STAFF_DEVICE_COOKIE, newSecret(16), {
      httpOnly: true,
      sameSite: 'Lax',
      secure: servedOverHttps(c, deps),
      path: '/',
      maxAge: 400 * 86_400,
    });
}

export async function endSession(c: Context, deps: AppDeps): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id)
    await deps.store.db
      .delete(sessions)
      .where(eq(sessions.idHash, sha256(id)))
      .run();
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

export async function sessionUser(c: Context, deps: AppDeps): Promise<SessionUser | undefined> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  return deps.store.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sha256(id)), gt(sessions.expiresAt, new Date(deps.now())), isNull(users.disabledAt)))
    .get();
}

export const NOT_SIGNED_IN = new HttpError(401, 'not_signed_in', {
  vi: 'Cần đăng nhập để dùng chức năng này',
  en: 'Sign in to use this function',
});

/**
 * Staff endpoints and pages: a signed-in user, with the units their role lets them see. Without one
 * the API answers 401; a page passes its own answer (a redirect to sign-in).
 */
export function requireUser(
  deps: AppDeps,
  refuse: (c: Context) => Response | Promise<Response> = (c) => sendError(c, NOT_SIGNED_IN),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = await sessionUser(c, deps);
    if (!user) return refuse(c);
    c.set('user', user);
    c.set('scope', await accessScopeOf(deps, user));
    await next();
  };
}
