import { z } from '@hono/zod-openapi';
import { nfcText } from '../platform/fields.js';
import { SERVICE_PERMISSIONS } from '../platform/vocabulary.js';

export const ServiceKeyInfo = z
  .object({
    id: z.int(),
    prefix: z.string().openapi({ description: 'The key’s first characters, to tell keys apart (the key itself is shown once)' }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable().openapi({ description: 'Set when a newer key replaced it: it works until then' }),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .openapi('ServiceKeyInfo');

export const ServiceAccount = z
  .object({
    id: z.int(),
    name: z.string(),
    unitId: z.int().openapi({ description: 'The unit the account reaches, with every unit below it and merged into it' }),
    permissions: z.array(z.enum(SERVICE_PERMISSIONS)),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    keys: z.array(ServiceKeyInfo),
  })
  .openapi('ServiceAccount');

export const NewServiceAccount = z
  .strictObject({
    name: nfcText(100),
    unitId: z.int().positive(),
    permissions: z.array(z.enum(SERVICE_PERMISSIONS)).min(1).max(SERVICE_PERMISSIONS.length),
  })
  .openapi('NewServiceAccount');

export const IssuedKey = z
  .object({
    account: ServiceAccount,
    key: z.string().openapi({ description: 'The bearer key, shown this once: send it as `Authorization: Bearer <key>`' }),
  })
  .openapi('IssuedKey');

export const KeyRotation = z
  .strictObject({
    overlapHours: z
      .int()
      .min(0)
      .max(24 * 30)
      .default(24)
      .openapi({ description: 'How long the account’s older keys keep working, for the system to switch over' }),
  })
  .openapi('KeyRotation');

export const ServiceAccountParams = z.object({ id: z.coerce.number().int().positive() });
export type NewServiceAccount = z.infer<typeof NewServiceAccount>;
