import { z } from '@hono/zod-openapi';

/** One dossier as the one-stop software sends it (JSON API) or as a file row reads after mapping. */
export const DossierRecord = z
  .strictObject({
    receiptCode: z.string().trim().min(1).max(64),
    unitCode: z.string().trim().min(1).max(32),
    procedureCode: z.string().trim().min(1).max(32),
    channel: z.string().min(1),
    receivedAt: z.string().min(1),
    dueAt: z.string().min(1),
    resolvedAt: z.string().optional(),
    digitised: z.boolean().optional(),
    supplementRequests: z.int().min(0).max(100).optional(),
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
