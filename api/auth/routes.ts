import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { verifyPassword } from '../platform/auth/secrets.js';
import { endSession, requireUser, startSession } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { users } from '../platform/db/schema.js';
import { ApiError, errorResponse, HttpError } from '../platform/errors.js';
import { PUBLIC, SESSION } from '../platform/openapi.js';
import { clientIp, RateLimiter, tooManyRequests } from '../platform/rate-limit.js';
import { newRouter } from '../platform/router.js';
import { vnDateTime } from '../platform/time.js';
import { User } from '../users/routes.js';

const Credentials = z
  .strictObject({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .openapi('Credentials');

const Me = User.omit({ lockedUntil: true }).openapi('SignedInUser');

const BAD_CREDENTIALS = new HttpError(401, 'bad_credentials', {
  vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
  en: 'Wrong username or password',
});

/** 423 with the time the account opens again. */
function locked(until: number) {
  const at = vnDateTime(until);
  return new HttpError(423, 'account_locked', {
    vi: `Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${at.vi} hoặc liên hệ quản trị hệ thống.`,
    en: `The account is locked after repeated wrong passwords. Try again after ${at.en}, or ask a system admin.`,
  });
}

export const postLogin = createRoute({
  operationId: 'postLogin',
  security: PUBLIC,
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in (sets an http-only session cookie)',
  request: { body: { required: true, content: { 'application/json': { schema: Credentials } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: Me } } },
    401: { description: 'Wrong credentials', content: { 'application/json': { schema: ApiError } } },
    422: { description: 'Invalid fields', content: { 'application/json': { schema: ApiError } } },
    423: { description: 'Account locked after repeated wrong passwords', content: { 'application/json': { schema: ApiError } } },
    429: { description: 'Too many attempts from this address', content: { 'application/json': { schema: ApiError } } },
  },
});

export const postLogout = createRoute({
  operationId: 'postLogout',
  security: PUBLIC,
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Sign out',
  responses: { 204: { description: 'Signed out' }, 403: errorResponse('A signed-in write from another site') },
});

export const getMe = createRoute({
  operationId: 'getMe',
  security: SESSION,
  method: 'get',
  path: '/api/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user',
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: Me } } },
    401: { description: 'Not signed in', content: { 'application/json': { schema: ApiError } } },
  },
});

export function authRoutes(deps: AppDeps) {
  const app = newRouter();
  const ipLimiter = new RateLimiter(deps.env.RATE_LIMIT_LOGIN_PER_IP, deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000, deps.now);

  /** Counts a wrong password; the last allowed one locks the account for LOGIN_LOCK_MINUTES. */
  async function recordFailure(userId: number, failures: number, now: number) {
    const lock = failures >= deps.env.LOGIN_MAX_FAILURES;
    const lockedUntil = lock ? new Date(now + deps.env.LOGIN_LOCK_MINUTES * 60_000) : null;
    await deps.store.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ failedLogins: lock ? 0 : failures, lockedUntil })
        .where(eq(users.id, userId))
        .run();
      if (lock)
        await recordAudit(tx, now, { userId: null, action: 'account.lock', entity: 'user', entityId: userId, after: { lockedUntil } });
    });
    if (lock) throw locked(now + deps.env.LOGIN_LOCK_MINUTES * 60_000);
  }

  app.openapi(postLogin, async (c) => {
    const wait = ipLimiter.hit(clientIp(c, deps));
    if (wait !== null) {
      c.header('Retry-After', String(wait));
      throw tooManyRequests(wait);
    }
    const { username, password } = c.req.valid('json');
    const now = deps.now();
    const user = await deps.store.db
      .select()
      .from(users)
      .where(eq(users.username, username.normalize('NFC')))
      .get();
    if (user?.lockedUntil && user.lockedUntil.getTime() > now) throw locked(user.lockedUntil.getTime());
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      if (user) await recordFailure(user.id, user.failedLogins + 1, now);
      throw BAD_CREDENTIALS;
    }
    await deps.store.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id)).run();
    await startSession(c, deps, user.id);
    const { id, displayName, role, unitId } = user;
    return c.json({ id, username: user.username, displayName, role, unitId }, 200);
  });

  app.openapi(postLogout, async (c) => {
    await endSession(c, deps);
    return c.body(null, 204);
  });

  app.use('/api/auth/me', requireUser(deps));
  app.openapi(getMe, (c) => c.json(c.get('user'), 200));

  return app;
}
