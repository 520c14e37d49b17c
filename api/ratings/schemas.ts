import { z } from '@hono/zod-openapi';
import { LEVELS } from '../../engine/index.js';
import { REASON_CODES } from '../platform/vocabulary.js';

const nfcText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFC').trim());

const Level = z.int().min(1).max(5);

export const RatingInput = z
  .strictObject({
    deviceId: z.string().min(1).max(64).optional().openapi({ description: 'Kiosk device id (with the X-Device-Key header)' }),
    token: z.string().min(16).max(128).optional().openapi({ description: 'One-time rating token from the receipt link or QR' }),
    channel: z.enum(['online', 'qr']).optional().openapi({ description: 'With a token: how the citizen opened it' }),
    level: Level.openapi({ description: `Overall answer on the 5-level scale (${LEVELS.join(', ')}; 5 = very satisfied)` }),
    reasons: z.array(z.enum(REASON_CODES)).max(REASON_CODES.length).optional(),
    comment: nfcText(1000).optional(),
    answers: z
      .array(z.strictObject({ criterion: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/), level: Level }))
      .max(100)
      .optional()
      .openapi({ description: 'Optional per-criterion answers; leave out a criterion the citizen did not answer' }),
    clientTime: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When the citizen tapped (device clock)' }),
    followUp: z
      .strictObject({
        phone: z
          .string()
          .transform((s) => s.replace(/[\s.-]/g, ''))
          .pipe(z.string().regex(/^(\+84|0)\d{9,10}$/)),
        consent: z.literal(true).openapi({ description: 'The citizen agreed to be contacted; without it nothing is stored' }),
      })
      .optional()
      .openapi({ description: 'A phone number for follow-up, kept apart from the rating and only with consent' }),
  })
  .superRefine((v, ctx) => {
    if (!v.deviceId === !v.token) {
      const params = {
        vi: 'Cần đúng một trong hai trường: deviceId (thiết bị tại quầy) hoặc token (mã đánh giá trên phiếu hẹn)',
        en: 'Give exactly one of deviceId (counter kiosk) or token (rating link on the receipt)',
      };
      ctx.addIssue({ code: 'custom', path: ['deviceId'], params, message: params.en });
      ctx.addIssue({ code: 'custom', path: ['token'], params, message: params.en });
    }
    if (v.deviceId && v.channel) {
      const params = { vi: 'Chỉ dùng channel cùng với token', en: 'channel goes only with a token' };
      ctx.addIssue({ code: 'custom', path: ['channel'], params, message: params.en });
    }
    if (v.reasons && new Set(v.reasons).size !== v.reasons.length) {
      const params = { vi: 'Lý do bị lặp lại', en: 'A reason is repeated' };
      ctx.addIssue({ code: 'custom', path: ['reasons'], params, message: params.en });
    }
    const criteria = v.answers?.map((a) => a.criterion) ?? [];
    if (new Set(criteria).size !== criteria.length) {
      const params = { vi: 'Một tiêu chí được trả lời hai lần', en: 'A criterion is answered twice' };
      ctx.addIssue({ code: 'custom', path: ['answers'], params, message: params.en });
    }
  })
  .openapi('RatingInput');
export type RatingInput = z.infer<typeof RatingInput>;

export const RatingCreated = z
  .object({
    id: z.int(),
    unitId: z.int(),
    channel: z.enum(['kiosk', 'online', 'qr']),
    level: Level,
    counted: z.boolean().openapi({ description: 'false for a repeated tap inside the kiosk repeat window' }),
    ratedAt: z.iso.datetime(),
  })
  .openapi('RatingCreated');
export type RatingCreated = z.infer<typeof RatingCreated>;

export const CaptureHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/)
    .openapi({
      description: 'A fresh random key per rating (e.g. a UUID); a retry with the same key returns the first result',
      example: '6f1c2b9e-2c7a-4d55-9a57-0d3e5c1f2a11',
    }),
  'x-device-key': z.string().min(1).max(256).optional().openapi({ description: 'Secret key of the kiosk device (kiosk ratings only)' }),
});

export const RatingLink = z
  .object({
    transactionId: z.int(),
    receiptCode: z.string(),
    token: z.string().openapi({ description: 'Shown once; only its hash is stored' }),
    url: z.url().openapi({ description: 'The citizen opens this link (or its QR code) to rate the dossier' }),
    expiresAt: z.iso.datetime(),
  })
  .openapi('RatingLink');

/** Who issues rating links: the unit's own staff at the counter, and Home Affairs. */
export const LINK_ISSUERS = ['admin', 'home_affairs', 'unit_staff'] as const;

const RECEIPT = { vi: 'Mã hồ sơ từ 1 đến 64 ký tự', en: 'A receipt code of 1 to 64 characters' };
export const ReceiptCodes = z.strictObject({
  receiptCodes: z
    .array(
      z
        .string()
        .transform((s) => s.normalize('NFC').trim())
        .refine((s) => s.length >= 1 && s.length <= 64, { params: RECEIPT, message: RECEIPT.en }),
    )
    .min(1)
    .max(50)
    .openapi({ description: 'Receipt codes of dossiers of the caller’s units, as printed on the receipt (at most 50)' }),
});

export const PrintedLinks = z
  .object({
    links: z.array(RatingLink.extend({ qr: z.string().openapi({ description: 'The receipt’s QR code as SVG' }) })),
  })
  .openapi('PrintedRatingLinks');

export const RatingLinkParams = z.object({ id: z.coerce.number().int().positive().openapi({ description: 'The dossier' }) });
export const RatingLinkQuery = z.object({ format: z.enum(['json', 'svg']).default('json') });
export type RatingLink = z.infer<typeof RatingLink>;
