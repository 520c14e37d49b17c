import { createRoute } from '@hono/zod-openapi';
import { endSession, requireUser, startSession } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { ApiError, errorResponse } from '../platform/errors.js';
import { PUBLIC, SESSION } from '../platform/openapi.js';
import { clientIp } from '../platform/proxy.js';
import { RateLimiter, tooManyRequests } from '../platform/rate-limit.js';
import { newRouter } from '../platform/router.js';
import { Credentials, Me } from './schemas.js';
import { authenticate } from './service.js';

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
    429: {
      description: 'Too many attempts from this address, or wrong passwords for this username from it (header Retry-After)',
      content: { 'application/json': { schema: ApiError } },
    },
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
  const ipLimiter = new RateLimiter(deps, 'sign-in-ip', deps.env.RATE_LIMIT_LOGIN_PER_IP, deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000);

  app.openapi(postLogin, async (c) => {
    const address = clientIp(c, deps);
    const wait = await ipLimiter.hit(address);
    if (wait !== null) throw tooManyRequests(wait);
    const { username, password } = c.req.valid('json');
    const user = await authenticate(deps, username, password, address);
    await startSession(c, deps, user.id);
    return c.json(user, 200);
  });

  app.openapi(postLogout, async (c) => {
    await endSession(c, deps);
    return c.body(null, 204);
  });

  app.use('/api/auth/me', requireUser(deps));
  app.openapi(getMe, (c) => c.json(c.get('user'), 200));

  return app;
}
