import { z } from '@hono/zod-openapi';
import { Bilingual } from '../platform/errors.js';
import { HOLD_DECISIONS, HOLD_REASONS, RATING_CHANNELS } from '../platform/vocabulary.js';
import { UnitRef } from '../units/schemas.js';

/** Who may see held ratings, and who may decide on them. */
export const HOLD_READERS = ['admin', 'home_affairs', 'leader'] as const;
export const HOLD_DECIDERS = ['admin', 'home_affairs'] as const;

const NOTE = { vi: 'Cần ghi lý do (3–2000 ký tự)', en: 'Write the reason (3–2000 characters)' };

export const HoldQuery = z.object({
  status: z.enum(['pending', 'decided', 'all']).default('pending'),
  unit: z.coerce.number().int().positive().optional().openapi({ description: 'Only this unit' }),
});

export const HoldParams = z.object({ id: z.coerce.number().int().positive().openapi({ description: 'The rating held' }) });

export const HoldDecision = z.strictObject({
  decision: z.enum(HOLD_DECISIONS).openapi({ description: 'count: into every figure from now on; exclude: kept out for good' }),
  note: z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => s.length >= 3 && s.length <= 2000, { params: NOTE, message: NOTE.en }),
});

export const RatingHold = z
  .object({
    ratingId: z.int(),
    unit: UnitRef,
    channel: z.enum(RATING_CHANNELS),
    level: z.int(),
    ratedOn: z.iso.date().openapi({ description: 'The day rated (Hà Nội): no finer, so a rating cannot be matched to a visit' }),
    issuedBy: z.string().nullable().openapi({ description: 'Who issued the link' }),
    reasons: z.array(z.object({ code: z.enum(HOLD_REASONS), label: Bilingual })),
    heldAt: z.iso.datetime(),
    decision: z.enum(HOLD_DECISIONS).nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    note: z.string().nullable(),
  })
  .openapi('RatingHold');
