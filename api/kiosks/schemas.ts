import { z } from '@hono/zod-openapi';
import { nfcText } from '../platform/fields.js';
import { UnitRef } from '../units/schemas.js';

/** Who issues and revokes kiosk keys. Everyone signed in sees the kiosks of their units. */
export const KIOSK_MANAGERS = ['admin', 'home_affairs'] as const;

export const KioskParams = z.object({ id: z.string().min(1).max(64) });
export const HeartbeatHeaders = z.object({
  'x-device-key': z.string().min(1).max(256).optional().openapi({ description: 'Secret key of the kiosk device' }),
});

const at = z.iso.datetime().nullable();
export const Kiosk = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: UnitRef,
    counter: z.object({ id: z.int(), code: z.string(), name: z.string() }),
    status: z.enum(['active', 'revoked']),
    silent: z.boolean().openapi({ description: 'Not heard (heartbeat or tap) for KIOSK_SILENT_MINUTES while active' }),
    lastTapAt: at,
    lastSeenAt: at.openapi({ description: 'Last heartbeat with the right key' }),
    lastRefusedAt: at.openapi({ description: 'Last heartbeat with a wrong or revoked key: the kiosk shows "not set up"' }),
    tapsToday: z.int(),
    dossiersToday: z.int().openapi({ description: 'Dossiers received in person at the kiosk’s counter today (Hà Nội)' }),
  })
  .openapi('Kiosk');

export const KioskKey = z
  .object({
    id: z.string(),
    url: z.url().openapi({ description: 'The set-up address with the key in its fragment: open it once on the kiosk' }),
    qr: z.string().openapi({ description: 'The set-up address as an SVG QR code' }),
  })
  .openapi('KioskKey');

export const KioskInput = z
  .strictObject({
    counterId: z.int().positive(),
    name: nfcText(100),
  })
  .openapi('KioskInput');

export const KioskPatch = KioskInput.partial()
  .refine((p) => Object.keys(p).length > 0, { params: { vi: 'Không có gì để sửa', en: 'Nothing to change' } })
  .openapi('KioskPatch');
