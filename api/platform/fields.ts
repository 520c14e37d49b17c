import { z } from '@hono/zod-openapi';

/** Text a person types (a name, a title, a reason): trimmed, `min` to `max` characters, stored NFC. */
export const nfcText = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .transform((s) => s.normalize('NFC'));

/** A code (unit, counter, procedure): letters, digits, dot, dash, underscore. */
export const codeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[\p{L}\p{N}._-]+$/u);
