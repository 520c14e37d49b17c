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
    failures: z.int().openapi({ description: 'Failed attempts in a row' }),
    pausedUntil: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'Circuit open: nothing is sent before this time, then one delivery is tried' }),
    queue: z.object({
      pending: z.int(),
      delivered: z.int(),
      dead: z.int().openapi({ description: 'Dead letters: out of attempts, never sent again' }),
    }),
    recent: z
      .array(
        z.object({
          id: z.int(),
          event: z.enum(WEBHOOK_EVENTS),
          attempts: z.int(),
          deliveredAt: z.iso.datetime().nullable(),
          deadAt: z.iso.datetime().nullable(),
          lastStatus: z.int().nullable(),
          lastError: z.string().nullable(),
        }),
      )
      .openapi({ description: 'The latest 20 deliveries, newest first' }),
  })
  .openapi('Webhook');

export const DeliveryRun = z
  .object({ delivered: z.int(), failed: z.int(), dead: z.int().openapi({ description: 'Of the failed, those now dead letters' }) })
  .openapi('WebhookDeliveryRun');
