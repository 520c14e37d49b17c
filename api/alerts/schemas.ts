import { z } from '@hono/zod-openapi';
import { ALERT_STATUSES } from '../platform/db/schema.js';

const COMMENT = { vi: 'Cần ghi nhận xét (1–2000 ký tự)', en: 'Write a comment (1–2000 characters)' };

export const AlertQuery = z.object({
  status: z.enum(['open', 'acknowledged', 'all']).default('open'),
  unit: z.coerce.number().int().positive().optional().openapi({ description: 'Only this unit and the units below it' }),
});

export const AlertParams = z.object({ id: z.coerce.number().int().positive() });

export const Acknowledgement = z.strictObject({
  comment: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => s.length >= 1 && s.length <= 2000, { params: COMMENT, message: COMMENT.en }),
});

export const Alert = z
  .object({
    id: z.int(),
    unitId: z.int(),
    counterId: z.int().nullable(),
    windowFrom: z.iso.datetime(),
    windowTo: z.iso.datetime(),
    recentValue: z.number().openapi({ description: 'Satisfied share of the recent window, %' }),
    recentN: z.int(),
    baselineValue: z.number().openapi({ description: 'Satisfied share of the baseline window, %' }),
    baselineN: z.int(),
    pValue: z.number().openapi({ description: 'One-sided test of the fall' }),
    status: z.enum(ALERT_STATUSES),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    unit: z.string(),
    counter: z.string().nullable(),
    notes: z.array(z.object({ comment: z.string(), at: z.iso.datetime(), by: z.string() })),
  })
  .openapi('Alert');

export const ScanResult = z.object({ raised: z.int(), updated: z.int() }).openapi('AlertScan');
export const Acknowledged = z.object({ id: z.int(), status: z.literal('acknowledged') }).openapi('AlertAcknowledged');
