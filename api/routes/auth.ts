import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { endSession, requireUser, startSession } from '../auth/session.js';
import { verifyPassword } from '../auth/secrets.js';
import type { AppDeps } from '../context.js';
import { USER_ROLES, users } from '../db/schema.js';
import { ApiError, HttpError } from '../errors.js';
import { newRouter } from '../router.js';

const Credentials = z
  .strictObject({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .openapi('Credentials');

const Me = z
  .object({
    id: z.int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(USER_ROLES),
    unitId: z.int().nullable(),
  })
  .openapi('SignedInUser');

const BAD_CREDENTIALS = new HttpError(401, 'bad_credentials', {
  vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
  en: 'Wrong username or password',
});

export function authRoutes(deps: AppDeps) {
  const app = newRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      tags: ['auth'],
      summary: 'Sign in (sets an http-only session cookie)',
      request: { body: { required: true, content: { 'application/json': { schema: Credentials } } } },
      responses: {
        200: { description: 'Signed in', content: { 'application/json': { schema: Me } } },
        401: { description: 'Wrong credentials', content: { 'application/json': { schema: ApiError } } },
        422: { description: 'Invalid fields', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const user = deps.db.select().from(users).where(eq(users.username, username.normalize('NFC'))).get();
      if (!user || !(await verifyPassword(password, user.passwordHash))) throw BAD_CREDENTIALS;
      startSession(c, deps, user.id);
      const { id, displayName, role, unitId } = user;
      return c.json({ id, username: user.username, displayName, role, unitId }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      tags: ['auth'],
      summary: 'Sign out',
      responses: { 204: { description: 'Signed out' } },
    }),
    (c) => {
      endSession(c, deps);
      return c.body(null, 204);
    },
  );

  app.use('/api/auth/me', requireUser(deps));
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/me',
      tags: ['auth'],
      summary: 'The signed-in user',
      responses: {
        200: { description: 'Signed in', content: { 'application/json': { schema: Me } } },
        401: { description: 'Not signed in', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    (c) => c.json(c.get('user'), 200),
  );

  return app;
}
