import { z } from '@hono/zod-openapi';
import { ImportOutcome } from '../dossiers/schemas.js';
import { ApiError } from '../platform/errors.js';

/** Who imports dossier files and survey forms. */
export const IMPORTERS = ['admin', 'home_affairs', 'unit_staff'] as const;

export const FileForm = z.object({
  file: z.custom<File>((v) => v instanceof File, { message: 'a file is required' }).openapi({ type: 'string', format: 'binary' }),
  mapping: z.string().optional().openapi({ description: 'JSON object: field → column heading, e.g. {"receiptCode":"Số hồ sơ"}' }),
  dryRun: z.enum(['true', 'false']).default('false').openapi({ description: 'true: check and preview, store nothing' }),
});

export const ErrorListForm = FileForm.omit({ dryRun: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

/** One line of a dossier import's progress stream (Accept: application/x-ndjson): progress, then the outcome or the error. */
export const ImportProgress = z
  .object({
    progress: z.object({ phase: z.enum(['checking', 'storing']), lines: z.int() }).optional(),
    outcome: ImportOutcome.optional(),
    status: z.int().optional().openapi({ description: 'The HTTP status the error would have had' }),
    error: ApiError.shape.error.optional(),
  })
  .openapi('ImportProgress');

export const SurveyImportOutcome = z
  .object({
    importId: z.int().nullable(),
    duplicate: z.boolean().openapi({ description: 'This content was imported before: nothing was stored again' }),
    dryRun: z.boolean(),
    rows: z.int(),
    completed: z.int().openapi({ description: 'Forms completed by the file' }),
  })
  .openapi('SurveyImportOutcome');
