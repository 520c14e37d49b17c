import { z } from '@hono/zod-openapi';
import { User } from '../users/schemas.js';

export const Credentials = z
  .strictObject({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .openapi('Credentials');

export const Me = User.omit({ signInHeldUntil: true, disabledAt: true }).openapi('SignedInUser');
