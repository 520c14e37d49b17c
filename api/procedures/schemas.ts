import { z } from '@hono/zod-openapi';
import { LineError } from '../platform/errors.js';
import { codeText, nfcText } from '../platform/fields.js';
import { ONLINE_LEVELS, PROCEDURE_LEVELS } from '../platform/vocabulary.js';

/** Who keeps the procedure catalogue. */
export const CATALOGUE_KEEPERS = ['admin', 'home_affairs'] as const;

export const Procedure = z
  .object({
    id: z.int(),
    code: z.string().openapi({ description: 'Mã TTHC, as the national database writes it' }),
    name: z.string(),
    field: z.string(),
    levels: z.array(z.enum(PROCEDURE_LEVELS)).openapi({ description: 'The levels that carry it out (cấp thực hiện)' }),
    onlineLevel: z.enum(ONLINE_LEVELS).nullable().openapi({ description: 'How far it is online; null: not known' }),
  })
  .openapi('Procedure');

const fields = {
  code: codeText(32),
  name: nfcText(500),
  field: nfcText(200),
  levels: z.array(z.enum(PROCEDURE_LEVELS)).max(PROCEDURE_LEVELS.length),
  onlineLevel: z.enum(ONLINE_LEVELS).nullable(),
};

export const ProcedureInput = z
  .strictObject({ ...fields, levels: fields.levels.default([]), onlineLevel: fields.onlineLevel.default(null) })
  .openapi('ProcedureInput');
export type ProcedureInput = z.infer<typeof ProcedureInput>;

export const ProcedurePatch = z
  .strictObject(fields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { params: { vi: 'Không có gì để sửa', en: 'Nothing to change' } })
  .openapi('ProcedurePatch');
export type ProcedurePatch = z.infer<typeof ProcedurePatch>;

export const ProcedureParams = z.object({ id: z.coerce.number().int().positive() });

export const CatalogueOutcome = z
  .object({
    dryRun: z.boolean(),
    rows: z.int(),
    inserted: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    columns: z
      .array(z.object({ heading: z.string(), field: z.string().nullable() }))
      .openapi({ description: 'Each column and the field it fills; null: ignored' }),
    errors: z.array(LineError).openapi({ description: 'A preview’s first refused lines (an import with any is refused whole: 422)' }),
    errorCount: z.int(),
  })
  .openapi('CatalogueOutcome');
export type CatalogueOutcome = z.infer<typeof CatalogueOutcome>;
