import { z } from '@hono/zod-openapi';
import { nfcText } from '../platform/fields.js';
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
    disabledAt: z.iso.datetime().nullable().openapi({ description: 'When an admin disabled the account (null: it works)' }),
  })
  .openapi('User');

const displayName = nfcText(100);
const password = z.string().min(12).max(256);
export const UNIT_REQUIRED = {
  vi: 'Tài khoản không phải quản trị phải gắn với một đơn vị',
  en: 'Every account but an admin belongs to a unit',
};

export const NewUser = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9._-]{3,64}$/),
    displayName,
    role: z.enum(USER_ROLES),
    unitId: z.int().positive().nullable(),
    password,
  })
  .superRefine((u, ctx) => {
    if (u.role !== 'admin' && u.unitId === null)
      ctx.addIssue({ code: 'custom', path: ['unitId'], params: UNIT_REQUIRED, message: UNIT_REQUIRED.en });
  })
  .openapi('NewUser');

/** What an admin changes of an account: any of its name, role and unit together, a new password, or whether it works. */
export const UserChange = z
  .strictObject({
    displayName: displayName.optional(),
    role: z.enum(USER_ROLES).optional(),
    unitId: z.int().positive().nullable().optional(),
    password: password.optional(),
    disabled: z.boolean().optional(),
  })
  .openapi('UserChange');
export type UserChange = z.infer<typeof UserChange>;
export type NewUser = z.infer<typeof NewUser>;

export const UserParams = z.object({ id: z.coerce.number().int().positive() });
