import { z } from '@hono/zod-openapi';
import { CALLBACK_STATUSES, REASON_CODES } from '../platform/vocabulary.js';
import { UnitRef } from '../units/schemas.js';

/** Who calls citizens back: Home Affairs and the unit's own staff (leaders read figures, not numbers). */
export const CALLBACK_HANDLERS = ['admin', 'home_affairs', 'unit_staff'] as const;

/** Which requests: still to finish (open or contacted, the default), one status, or all. */
export const CALLBACK_FILTERS = ['pending', ...CALLBACK_STATUSES, 'all'] as const;
export const CallbackQuery = z.object({ status: z.enum(CALLBACK_FILTERS).default('pending') });
export const CallbackParams = z.object({ ratingId: z.coerce.number().int().positive() });
export const CallbackUpdate = z.strictObject({
  status: z.enum(['contacted', 'resolved']),
  note: z
    .string()
    .trim()
    .min(5)
    .max(2000)
    .transform((s) => s.normalize('NFC')),
});

export const Callback = z
  .object({
    ratingId: z.int(),
    unit: UnitRef,
    counter: z.string().nullable(),
    ratedOn: z.iso.date().openapi({ description: 'The day of the rating (Hà Nội), not its time' }),
    level: z.int().min(1).max(5),
    reasons: z.array(z.enum(REASON_CODES)),
    comment: z.string().nullable(),
    phone: z.string(),
    consentedAt: z.iso.datetime(),
    purgeOn: z.iso.date().openapi({ description: 'The day the number is deleted (FOLLOW_UP_RETENTION_DAYS after consent)' }),
    status: z.enum(CALLBACK_STATUSES),
    note: z.string().nullable(),
    handledBy: z.string().nullable(),
    handledAt: z.iso.datetime().nullable(),
  })
  .openapi('Callback');
