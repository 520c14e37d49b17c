import { z } from '@hono/zod-openapi';
import { ALERT_STATUSES } from '../platform/db/schema.js';
import { Bilingual } from '../platform/errors.js';
import { ALERT_KINDS } from '../platform/vocabulary.js';

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
    kind: z.enum(ALERT_KINDS).openapi({
      description:
        'drop: the satisfied share fell below its baseline; links_above_kiosk: recent = link ratings, baseline = kiosk ratings of the same days; link_burst: recent = the top ratings of one issuer’s links within LINK_BURST_MINUTES (value = their share of that span), baseline = the kiosk',
    }),
    kindLabel: Bilingual,
    unitId: z.int(),
    counterId: z.int().nullable(),
    issuerId: z.int().nullable().openapi({ description: 'Whose links (link_burst)' }),
    issuer: z.string().nullable(),
    windowFrom: z.iso.datetime(),
    windowTo: z.iso.datetime(),
    recentValue: z.number().openapi({ description: 'Satisfied share of the recent window, %' }),
    recentN: z.int(),
    baselineValue: z.number().openapi({ description: 'Satisfied share of the baseline window, %' }),
    baselineN: z.int(),
    pValue: z.number().openapi({
      description:
        'One-sided test of the fall or rise (link_burst: binomial tail against the kiosk share; kiosk_silent: the chance of no tap at the usual rate)',
    }),
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
