import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { recordsFromTable } from '../dossiers/columns.js';
import { ColumnMapping, ImportOutcome } from '../dossiers/schemas.js';
import { checkDossiers, importDossiers, rejected } from '../dossiers/service.js';
import { requireRole } from '../platform/auth/roles.js';
import { sha256 } from '../platform/auth/secrets.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { errorResponse, HttpError } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { sendCsv, sendXlsx, XLSX } from '../platform/sheets.js';
import { CATALOGUE_KEEPERS, CatalogueOutcome } from '../procedures/schemas.js';
import { importCatalogue } from '../procedures/service.js';
import { importResponses } from '../surveys/service.js';
import { ErrorListForm, FileForm, IMPORTERS, SurveyImportOutcome } from './schemas.js';
import { readTableOffThread, TableError } from './table.js';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

function parseMapping(text: string | undefined): Record<string, string> {
  if (!text) return {};
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported below
  }
  const parsed = ColumnMapping.safeParse(json);
  if (!parsed.success) {
    throw new HttpError(422, 'validation_failed', { vi: 'Bảng ghép cột không hợp lệ', en: 'Invalid column mapping' }, [
      {
        field: 'mapping',
        code: 'invalid',
        message: { vi: 'Cần một đối tượng JSON: trường → tên cột', en: 'Expected a JSON object: field → column heading' },
      },
    ]);
  }
  return parsed.data as Record<string, string>;
}

/** An uploaded file's rows and the SHA-256 of its bytes; an unreadable file is a 422 naming why. */
async function readUpload(file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { table: await readTableOffThread(bytes), contentHash: sha256(bytes) };
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    throw new HttpError(422, 'unreadable_file', { vi: error.vi, en: error.en }, [
      { field: 'file', code: 'unreadable', message: { vi: error.vi, en: error.en } },
    ]);
  }
}

export const postDossierImport = createRoute({
  operationId: 'postDossierImport',
  security: SESSION,
  method: 'post',
  path: '/api/imports/transactions',
  tags: ['imports'],
  summary: 'Import dossiers from a CSV or XLSX file: all rows or none; the same file twice stores nothing twice',
  request: { body: { required: true, content: { 'multipart/form-data': { schema: FileForm } } } },
  responses: {
    200: { description: 'Imported (or previewed with dryRun)', content: { 'application/json': { schema: ImportOutcome } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Role may not import'),
    413: errorResponse('File too large'),
    422: errorResponse('Refused: every bad line with its reason; nothing stored'),
  },
});

export const postDossierImportErrors = createRoute({
  operationId: 'postDossierImportErrors',
  security: SESSION,
  method: 'post',
  path: '/api/imports/transactions/errors',
  tags: ['imports'],
  summary:
    'Every refused line of a dossier file, checked as an import would be, as CSV or XLSX (line, field, rule, Vietnamese, English); stores nothing',
  request: { body: { required: true, content: { 'multipart/form-data': { schema: ErrorListForm } } } },
  responses: {
    200: {
      description: 'The refused lines (only the heading row when none is)',
      content: { 'text/csv': { schema: z.string() }, [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } },
    },
    401: errorResponse('Not signed in'),
    403: errorResponse('Role may not import'),
    413: errorResponse('File too large'),
    422: errorResponse('Unreadable file or mapping'),
  },
});

export const postCatalogueImport = createRoute({
  operationId: 'postCatalogueImport',
  security: SESSION,
  method: 'post',
  path: '/api/imports/procedures',
  tags: ['imports'],
  summary: 'Add and update the procedure catalogue from a CSV or XLSX list, by code: all rows or none (audited)',
  middleware: [requireRole(...CATALOGUE_KEEPERS)] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: FileForm.omit({ mapping: true }) } } } },
  responses: {
    200: { description: 'Imported (or previewed with dryRun)', content: { 'application/json': { schema: CatalogueOutcome } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    413: errorResponse('File too large'),
    422: errorResponse('Refused: every bad line with its reason; nothing stored'),
  },
});

export const postSurveyImport = createRoute({
  operationId: 'postSurveyImport',
  security: SESSION,
  method: 'post',
  path: '/api/survey-waves/{id}/imports',
  tags: ['imports'],
  summary: 'Complete survey forms from a CSV or XLSX file: "Mã phiếu" plus one column per question number; all rows or none',
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: { required: true, content: { 'multipart/form-data': { schema: FileForm.omit({ mapping: true }) } } },
  },
  responses: {
    200: {
      description: 'Imported (or previewed with dryRun)',
      content: { 'application/json': { schema: SurveyImportOutcome } },
    },
    401: errorResponse('Not signed in'),
    403: errorResponse('Role may not import'),
    404: errorResponse('No such wave'),
    422: errorResponse('Refused: every bad line with its reason; nothing stored'),
  },
});

export function importRoutes(deps: AppDeps) {
  const app = newRouter();
  const writers = [requireUser(deps), requireRole(...IMPORTERS)] as const;
  app.use('/api/imports/*', ...writers, bodyLimit({ maxSize: MAX_FILE_BYTES }));
  app.use('/api/survey-waves/:id/imports', ...writers, bodyLimit({ maxSize: MAX_FILE_BYTES }));

  app.openapi(postDossierImport, async (c) => {
    const form = c.req.valid('form');
    const mapping = parseMapping(form.mapping);
    const { table, contentHash } = await readUpload(form.file);
    const { columns, missing, rows } = recordsFromTable(table, mapping);
    if (missing.length) throw rejected(missing);
    const outcome = await importDossiers(
      deps,
      { userId: c.get('user').id, scope: c.get('scope') },
      { filename: form.file.name.normalize('NFC'), contentHash, columns },
      rows,
      form.dryRun === 'true',
    );
    return c.json(outcome, 200);
  });

  app.openapi(postDossierImportErrors, async (c) => {
    const form = c.req.valid('form');
    const mapping = parseMapping(form.mapping);
    const { table } = await readUpload(form.file);
    const { missing, rows } = recordsFromTable(table, mapping);
    const lines = missing.length ? missing : (await checkDossiers(deps, c.get('scope'), rows)).errors;
    const sheet = {
      key: 'errors',
      name: 'Lỗi – Errors',
      headers: ['Dòng / Line', 'Cột / Field', 'Quy tắc / Rule', 'Lỗi', 'Error'],
      rows: lines.map((l) => [l.line, l.field, l.rule ?? '', l.message.vi, l.message.en]),
    };
    const filename = `loi-${form.file.name
      .normalize('NFC')
      .replace(/\.[^.]*$/, '')
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')}`;
    return form.format === 'xlsx' ? sendXlsx(c, [sheet], filename) : sendCsv(c, sheet, filename);
  });

  app.openapi(postCatalogueImport, async (c) => {
    const form = c.req.valid('form');
    const { table } = await readUpload(form.file);
    return c.json(await importCatalogue(deps, { userId: c.get('user').id }, table, form.dryRun === 'true'), 200);
  });

  app.openapi(postSurveyImport, async (c) => {
    const form = c.req.valid('form');
    const { table, contentHash } = await readUpload(form.file);
    const outcome = await importResponses(
      deps,
      { userId: c.get('user').id, scope: c.get('scope') },
      c.req.valid('param').id,
      table,
      { filename: form.file.name.normalize('NFC'), contentHash },
      form.dryRun === 'true',
    );
    return c.json(outcome, 200);
  });

  return app;
}
