import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { body, json, SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { IssuedKey, KeyRotation, NewServiceAccount, ServiceAccount, ServiceAccountParams } from './schemas.js';
import { createServiceAccount, listServiceAccounts, revokeServiceAccount, rotateServiceKey } from './service.js';

const ADMIN_ERRORS = { 401: errorResponse('Not signed in'), 403: errorResponse('Not an admin') };

export const getServiceAccounts = createRoute({
  operationId: 'getServiceAccounts',
  security: SESSION,
  method: 'get',
  path: '/api/service-accounts',
  tags: ['service-accounts'],
  summary: 'Service accounts of other systems, with their keys’ prefixes and last use (admin)',
  responses: { 200: json(z.array(ServiceAccount), 'Service accounts'), ...ADMIN_ERRORS },
});

export const postServiceAccount = createRoute({
  operationId: 'postServiceAccount',
  security: SESSION,
  method: 'post',
  path: '/api/service-accounts',
  tags: ['service-accounts'],
  summary: 'Create a service account for a system, scoped to a unit and its permissions, with its first key shown once (admin; audited)',
  request: body(NewServiceAccount),
  responses: {
    201: json(IssuedKey, 'Created; the key is in the answer and nowhere else'),
    ...ADMIN_ERRORS,
    404: errorResponse('No such unit'),
    409: errorResponse('Name taken'),
    422: errorResponse('Invalid fields'),
  },
});

export const postServiceKey = createRoute({
  operationId: 'postServiceKey',
  security: SESSION,
  method: 'post',
  path: '/api/service-accounts/{id}/keys',
  tags: ['service-accounts'],
  summary: 'A new key for the account; its older keys keep working for the overlap, then stop (admin; audited)',
  request: { params: ServiceAccountParams, ...body(KeyRotation) },
  responses: {
    201: json(IssuedKey, 'The new key, shown once'),
    ...ADMIN_ERRORS,
    404: errorResponse('No such service account'),
    409: errorResponse('The account is revoked'),
    422: errorResponse('Invalid fields'),
  },
});

export const postServiceRevoke = createRoute({
  operationId: 'postServiceRevoke',
  security: SESSION,
  method: 'post',
  path: '/api/service-accounts/{id}/revoke',
  tags: ['service-accounts'],
  summary: 'Revoke a service account: every key stops at once (admin; audited)',
  request: { params: ServiceAccountParams },
  responses: { 200: json(ServiceAccount, 'Revoked'), ...ADMIN_ERRORS, 404: errorResponse('No such service account') },
});

/** Service accounts: admins only. */
export function serviceAccountRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/service-accounts', requireUser(deps), requireRole('admin'));
  app.use('/api/service-accounts/*', requireUser(deps), requireRole('admin'));
  app.openapi(getServiceAccounts, async (c) => c.json(await listServiceAccounts(deps), 200));
  app.openapi(postServiceAccount, async (c) => c.json(await createServiceAccount(deps, c.get('user').id, c.req.valid('json')), 201));
  app.openapi(postServiceKey, async (c) =>
    c.json(await rotateServiceKey(deps, c.get('user').id, c.req.valid('param').id, c.req.valid('json').overlapHours), 201),
  );
  app.openapi(postServiceRevoke, async (c) => c.json(await revokeServiceAccount(deps, c.get('user').id, c.req.valid('param').id), 200));
  return app;
}
