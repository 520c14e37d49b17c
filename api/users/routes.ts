import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { requireRole } from '../platform/auth/roles.js';
import { hashPassword } from '../platform/auth/secrets.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { units, users } from '../platform/db/schema.js';
import { errorResponse, HttpError } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { USER_ROLES } from '../platform/vocabulary.js';

export const User = z
  .object({
    id: z.int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(USER_ROLES),
    unitId: z.int().nullable(),
    lockedUntil: z.iso.datetime().nullable(),
  })
  .openapi('User');

const NewUser = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9._-]{3,64}$/),
    displayName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .transform((s) => s.normalize('NFC')),
    role: z.enum(USER_ROLES),
    unitId: z.int().positive().nullable(),
    password: z.string().min(12).max(256),
  })
  .superRefine((u, ctx) => {
    if (u.role !== 'admin' && u.unitId === null) {
      const params = { vi: 'Tài khoản không phải quản trị phải gắn với một đơn vị', en: 'Every account but an admin belongs to a unit' };
      ctx.addIssue({ code: 'custom', path: ['unitId'], params, message: params.en });
    }
  })
  .openapi('NewUser');

const toUser = (u: typeof users.$inferSelect) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitId: u.unitId,
  lockedUntil: u.lockedUntil ? u.lockedUntil.toISOString() : null,
});

export const getUsers = createRoute({
  operationId: 'getUsers',
  security: SESSION,
  method: 'get',
  path: '/api/users',
  tags: ['users'],
  summary: 'Accounts (admin)',
  responses: {
    200: { description: 'Accounts', content: { 'application/json': { schema: z.array(User) } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an admin'),
  },
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
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an admin'),
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
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    200: { description: 'Unlocked', content: { 'application/json': { schema: User } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an admin'),
    404: errorResponse('No such account'),
  },
});

/** Accounts: admins only. */
export function userRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/users', requireUser(deps), requireRole('admin'));
  app.use('/api/users/*', requireUser(deps), requireRole('admin'));

  app.openapi(getUsers, async (c) => c.json((await deps.store.db.select().from(users).orderBy(asc(users.id)).all()).map(toUser), 200));

  app.openapi(postUser, async (c) => {
    const input = c.req.valid('json');
    if (input.unitId !== null && !(await deps.store.db.select({ id: units.id }).from(units).where(eq(units.id, input.unitId)).get())) {
      throw new HttpError(422, 'validation_failed', { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request has invalid fields' }, [
        { field: 'unitId', code: 'not_found', message: { vi: 'Không có đơn vị này', en: 'No such unit' } },
      ]);
    }
    const passwordHash = await hashPassword(input.password);
    const now = deps.now();
    const created = await deps.store.transaction(async (tx) => {
      if (await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)).get()) {
        throw new HttpError(409, 'username_taken', { vi: 'Tên đăng nhập đã có người dùng', en: 'This username is taken' }, [
          { field: 'username', code: 'taken', message: { vi: 'Đã có', en: 'Taken' } },
        ]);
      }
      const row = await tx
        .insert(users)
        .values({
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          unitId: input.unitId,
          passwordHash,
          createdAt: new Date(now),
        })
        .returning()
        .get();
      await recordAudit(tx, now, {
        userId: c.get('user').id,
        action: 'user.create',
        entity: 'user',
        entityId: row.id,
        after: toUser(row),
      });
      return row;
    });
    return c.json(toUser(created), 201);
  });

  app.openapi(postUnlock, async (c) => {
    const { id } = c.req.valid('param');
    const now = deps.now();
    const updated = await deps.store.transaction(async (tx) => {
      const before = await tx.select().from(users).where(eq(users.id, id)).get();
      if (!before) throw new HttpError(404, 'user_not_found', { vi: 'Không có tài khoản này', en: 'No such account' });
      const after = await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id)).returning().get();
      await recordAudit(tx, now, {
        userId: c.get('user').id,
        action: 'account.unlock',
        entity: 'user',
        entityId: id,
        before: toUser(before),
        after: toUser(after),
      });
      return after;
    });
    return c.json(toUser(updated), 200);
  });
  return app;
}
