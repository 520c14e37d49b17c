import { z } from '@hono/zod-openapi';
import { NAME_KINDS } from '../platform/db/schema.js';
import { nfcText } from '../platform/fields.js';

/** Who confirms what a written name means: those who keep the units and the catalogue. */
export const NAME_KEEPERS = ['admin', 'home_affairs'] as const;

export type NameKind = (typeof NAME_KINDS)[number];

const Target = z.object({ id: z.int(), code: z.string(), name: z.string() });

export const NameAlias = z
  .object({
    id: z.int(),
    kind: z.enum(NAME_KINDS),
    name: z.string().openapi({ description: 'The name as the one-stop system writes it' }),
    target: Target.openapi({ description: 'The unit or procedure it means' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('NameAlias');

export const NameAliasInput = z
  .strictObject({
    kind: z.enum(NAME_KINDS),
    name: nfcText(300),
    targetId: z.int().positive(),
  })
  .openapi('NameAliasInput');
export type NameAliasInput = z.infer<typeof NameAliasInput>;

export const NameAliasParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * How the rows of an import resolved one written unit or procedure name: to what (by name or a
 * confirmed alias), in how many rows, and for rows it did not resolve, why and the closest
 * candidates.
 */
export const NameResolution = z
  .object({
    kind: z.enum(NAME_KINDS),
    written: z.string(),
    rows: z.int(),
    matches: z.array(Target.extend({ via: z.enum(['name', 'alias']), rows: z.int() })),
    unresolvedRows: z.int(),
    problem: z.object({ vi: z.string(), en: z.string() }).nullable(),
    candidates: z.array(Target),
  })
  .openapi('NameResolution');
export type NameResolution = z.infer<typeof NameResolution>;
