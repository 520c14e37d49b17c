import { z } from '@hono/zod-openapi';
import { USER_ROLES } from '../platform/vocabulary.js';

export const User = z
  .object({
    id: z.int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(USER_ROLES),
    unitId: z.int().nullable(),
    signInHeldUntil: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'The latest time an address must wait until to try this account’s password again (after wrong ones)' }),
  })
  .openapi('User');

export const NewUser = z
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
export type NewUser = z.infer<typeof NewUser>;

export const UserParams = z.object({ id: z.coerce.number().int().positive() });
