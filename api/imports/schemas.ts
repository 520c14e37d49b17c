import { z } from '@hono/zod-openapi';

/** Who imports dossier files and survey forms. */
export const IMPORTERS = ['admin', 'home_affairs', 'unit_staff'] as const;

export const FileForm = z.object({
  file: z.custom<File>((v) => v instanceof File, { message: 'a file is required' }).openapi({ type: 'string', format: 'binary' }),
  mapping: z.string().optional().openapi({ description: 'JSON object: field → column heading, e.g. {"receiptCode":"Số hồ sơ"}' }),
  dryRun: z.enum(['true', 'false']).default('false').openapi({ description: 'true: check and preview, store nothing' }),
});

export const ErrorListForm = FileForm.omit({ dryRun: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

export const SurveyImportOutcome = z
  .object({
    importId: z.int().nullable(),
    duplicate: z.boolean().openapi({ description: 'This content was imported before: nothing was stored again' }),
    dryRun: z.boolean(),
    rows: z.int(),
    completed: z.int().openapi({ description: 'Forms completed by the file' }),
  })
  .openapi('SurveyImportOutcome');
