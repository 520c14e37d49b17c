import { z } from '@hono/zod-openapi';
import { JsonValue } from '../../engine/index.js';

export const AuditQuery = z.object({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z
  .object({
    id: z.int(),
    at: z.iso.datetime(),
    userId: z.int().nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: JsonValue.nullable(),
    after: JsonValue.nullable(),
  })
  .openapi('AuditEntry');
