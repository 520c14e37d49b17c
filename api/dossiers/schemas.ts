import { z } from '@hono/zod-openapi';
import { NameResolution } from '../names/schemas.js';
import { LineError } from '../platform/errors.js';
import { nfcText } from '../platform/fields.js';

const when = z.string().min(1).max(40);
const name = nfcText(300);

/**
 * One dossier as the one-stop software sends it (JSON API) or as a file row reads after mapping.
 * The unit and the procedure are named by code or, as exports do, by name.
 */
export const DossierRecord = z
  .strictObject({
    receiptCode: z.string().trim().min(1).max(64),
    unitCode: z.string().trim().min(1).max(32).optional(),
    unitName: name
      .optional()
      .openapi({ description: 'The receiving unit’s name on the receipt date (or a confirmed alias), when no code' }),
    procedureCode: z.string().trim().min(1).max(32).optional(),
    procedureName: name.optional().openapi({ description: 'The procedure’s name in the catalogue (or a confirmed alias), when no code' }),
    channel: z.string().min(1).max(100),
    receivedAt: when,
    dueAt: when,
    resolvedAt: when.optional(),
    digitised: z.boolean().optional(),
    supplementRequests: z.int().min(0).max(100).optional(),
    supplementRequestedAt: when.optional().openapi({ description: 'The (last) request to supplement the dossier' }),
    supplementReceivedAt: when.optional().openapi({ description: 'When the applicant’s supplement came in' }),
    paidOnline: z.boolean().optional(),
    electronicResult: z.boolean().optional(),
  })
  .openapi('DossierRecord');
export type DossierRecord = z.infer<typeof DossierRecord>;

/** Which column holds each field, where the headings are not the recognised ones. */
export const ColumnMapping = z.partialRecord(DossierRecord.keyof(), z.string().min(1)).openapi('ColumnMapping');

export const ImportOutcome = z
  .object({
    importId: z.int().nullable(),
    duplicate: z.boolean().openapi({ description: 'This content was imported before: nothing was stored again' }),
    dryRun: z.boolean(),
    rows: z.int(),
    inserted: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    columns: z
      .array(z.object({ heading: z.string(), field: DossierRecord.keyof().nullable() }))
      .openapi({ description: 'Each column of the file and the field it fills; null: ignored' }),
    names: z.array(NameResolution).openapi({ description: 'How each distinct unit and procedure name resolved' }),
    errors: z.array(LineError).openapi({ description: 'A preview’s first refused lines (an import with any refuses them all: 422)' }),
    errorCount: z.int().openapi({ description: 'How many errors a preview found (a line can have several)' }),
    refusedLines: z.int().openapi({ description: 'How many lines a preview found wrong' }),
  })
  .openapi('ImportOutcome');
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const DossierBatch = z.strictObject({
  // Items are checked one by one (DossierRecord) so that every bad record is named.
  transactions: z
    .array(z.unknown())
    .min(1)
    .max(10_000)
    .openapi({ description: 'Dossiers, each checked on its own', items: { $ref: '#/components/schemas/DossierRecord' } }),
  dryRun: z.boolean().default(false),
});

export const ChangesQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ description: 'The cursor: the last change number already read (0: from the start)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** A dossier as it stands now, in the fields the one-stop software sends (times in ISO 8601, UTC). */
const DossierState = z.object({
  receiptCode: z.string(),
  unitCode: z.string(),
  procedureCode: z.string(),
  channel: z.string(),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  digitised: z.boolean(),
  supplementRequests: z.int(),
  supplementRequestedAt: z.iso.datetime().nullable(),
  supplementReceivedAt: z.iso.datetime().nullable(),
  paidOnline: z.boolean(),
  electronicResult: z.boolean(),
});

export const DossierChanges = z
  .object({
    changes: z.array(z.object({ seq: z.int(), at: z.iso.datetime(), dossier: DossierState })),
    next: z.int().openapi({ description: 'The cursor to ask from next time' }),
    more: z.boolean().openapi({ description: 'More changes wait after this page' }),
  })
  .openapi('DossierChanges');
