import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { NewUser, User, UserChange, UserParams } from './schemas.js';
import { createUser, listUsers, unlockUser, updateUser } from './service.js';

const ADMIN_ERRORS = { 401: errorResponse('Not signed in'), 403: errorResponse('Not an admin') };

export const getUsers = createRoute({
  operationId: 'getUsers',
  security: SESSION,
  method: 'get',
  path: '/api/users',
  tags: ['users'],
  summary: 'Accounts (admin)',
  responses: { 200: { description: 'Accounts', content: { 'application/json': { schema: z.array(User) } } }, ...ADMIN_ERRORS },
});

export const postUser = createRoute({
  operationId: 'postUser',
  security: SESSION,
  method: 'post',
  path: '/api/users',
  tags: ['users'],
  summary: 'Create an account (admin)',
  request: { body: { required: true, content: { 'application/json': { schema: NewUser } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: User } } },
    ...ADMIN_ERRORS,
    409: errorResponse('Username taken'),
    422: errorResponse('Invalid fields'),
  },
});

export const postUnlock = createRoute({
  operationId: 'postUnlock',
  security: SESSION,
  method: 'post',
  path: '/api/users/{id}/unlock',
  tags: ['users'],
  summary: 'Unlock an account locked after wrong passwords (admin)',
  request: { params: UserParams },
  responses: {
    200: { description: 'Unlocked', content: { 'application/json': { schema: User } } },
    ...ADMIN_ERRORS,
    404: errorResponse('No such account'),
  },
});

export const patchUser = createRoute({
  operationId: 'patchUser',
  security: SESSION,
  method: 'patch',
  path: '/api/users/{id}',
  tags: ['users'],
  summary:
    'Change an account: name, role and unit, a new password, or disable / enable it (admin; audited; ends its sessions when disabled or given a new password)',
  request: { params: UserParams, body: { required: true, content: { 'application/json': { schema: UserChange } } } },
  responses: {
    200: { description: 'The account as changed', content: { 'application/json': { schema: User } } },
    ...ADMIN_ERRORS,
    404: errorResponse('No such account'),
    422: errorResponse('Invalid fields, or disabling or demoting oneself'),
  },
});

/** Accounts: admins only. */
export function userRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/users', requireUser(deps), requireRole('admin'));
  app.use('/api/users/*', requireUser(deps), requireRole('admin'));
  app.openapi(getUsers, async (c) => c.json(await listUsers(deps), 200));
  app.openapi(postUser, async (c) => c.json(await createUser(deps, c.get('user').id, c.req.valid('json')), 201));
  app.openapi(patchUser, async (c) => c.json(await updateUser(deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(postUnlock, async (c) => c.json(await unlockUser(deps, c.get('user').id, c.req.valid('param').id), 200));
  return app;
}
