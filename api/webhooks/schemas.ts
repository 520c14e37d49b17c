import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENTS } from '../platform/db/schema.js';

export const NewWebhook = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).openapi({ example: 'https://congthongtin.example.gov.vn/sipas-hook' }),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  })
  .openapi('NewWebhook');
export type NewWebhook = z.infer<typeof NewWebhook>;

export const WebhookCreated = NewWebhook.extend({
  id: z.int(),
  secret: z.string().openapi({ description: 'Signs every delivery (HMAC-SHA256); shown this once' }),
}).openapi('WebhookCreated');

export const Webhook = z
  .object({
    id: z.int(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    active: z.boolean(),
    deliveries: z.array(
      z.object({
        id: z.int(),
        event: z.enum(WEBHOOK_EVENTS),
        attempts: z.int(),
        deliveredAt: z.iso.datetime().nullable(),
        lastStatus: z.int().nullable(),
        lastError: z.string().nullable(),
      }),
    ),
  })
  .openapi('Webhook');

export const DeliveryRun = z.object({ delivered: z.int(), failed: z.int() }).openapi('WebhookDeliveryRun');
