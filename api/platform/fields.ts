import { z } from '@hono/zod-openapi';

/** Text a person types (a name, a title): trimmed, not empty, at most `max` characters, stored NFC. */
export const nfcText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
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
