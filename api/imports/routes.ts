import { PassThrough, Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { columnsOf } from '../dossiers/columns.js';
import { ColumnMapping, ImportOutcome } from '../dossiers/schemas.js';
import { type Batches, checkDossiers, importDossiers } from '../dossiers/service.js';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorBody, errorResponse, HttpError, validationError } from '../platform/errors.js';
import { SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import { attachment, csvLine, XLSX } from '../platform/sheets.js';
import { CATALOGUE_KEEPERS, CatalogueOutcome } from '../procedures/schemas.js';
import { importCatalogue } from '../procedures/service.js';
import { importResponses } from '../surveys/service.js';
import { ErrorListForm, FileForm, IMPORTERS, ImportProgress, SurveyImportOutcome } from './schemas.js';
import { importRejected, readTable, streamTable, TableError, type TableStream } from './table.js';
import { receiveUpload, type Upload } from './upload.js';

/** A dossier export: a million rows of CSV is some hundreds of MB; it is read from disk as a stream. */
const MAX_DOSSIER_FILE_BYTES = 1024 * 1024 * 1024;
/** Survey forms and the catalogue: files of thousands of rows, read whole. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const NDJSON = 'application/x-ndjson';

const multipart = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'multipart/form-data': { schema } } } });

export const postDossierImport = createRoute({
  operationId: 'postDossierImport',
  security: SESSION,
  method: 'post',
  path: '/api/imports/transactions',
  tags: ['imports'],
  summary:
    'Import dossiers from a CSV or XLSX file of any size (read as a stream): all rows or none; the same file twice stores nothing twice. With Accept: application/x-ndjson the answer is a stream of progress lines ending with the outcome or the error',
  request: multipart(FileForm),
  responses: {
    200: {
      description: 'Imported (or previewed with dryRun)',
      content: { 'application/json': { schema: ImportOutcome }, [NDJSON]: { schema: ImportProgress } },
    },
    401: errorResponse('Not signed in'),
    403: errorResponse('Role may not import'),
    413: errorResponse('File too large'),
    422: errorResponse('Refused: every bad line with its reason (the first 500, and how many); nothing stored'),
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
  request: multipart(ErrorListForm),
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
  request: multipart(FileForm.omit({ mapping: true })),
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
  request: { params: z.object({ id: z.coerce.number().int().positive() }), ...multipart(FileForm.omit({ mapping: true })) },
  responses: {
    200: {
      description: 'Imported (or previewed with dryRun)',
      content: { 'application/json': { schema: SurveyImportOutcome } },
    },
    401: errorResponse('Not signed in'),
    403: errorResponse('Role may not import'),
    404: errorResponse('No such wave'),
    413: errorResponse('File too large'),
    422: errorResponse('Refused: every bad line with its reason; nothing stored'),
  },
});

const unreadable = (error: TableError) =>
  new HttpError(422, 'unreadable_file', { vi: error.vi, en: error.en }, [
    { field: 'file', code: 'unreadable', message: { vi: error.vi, en: error.en } },
  ]);

/** A file's rows, or 422 naming why it cannot be read. */
async function opened<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw error instanceof TableError ? unreadable(error) : error;
  }
}

/** The form's fields besides the file, checked as the route's schema says. */
function formFields<T extends z.ZodType>(schema: T, upload: Upload): z.infer<T> {
  const parsed = schema.safeParse(upload.fields);
  if (!parsed.success) throw validationError(parsed.error, upload.fields);
  return parsed.data;
}

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

/**
 * A dossier file's columns and its rows as records, re-readable: each reading streams the file
 * again from disk. Refuses (422, line 1) a file without a required column.
 */
async function dossierFile(upload: Upload, mapping: Record<string, string>) {
  const first: TableStream = await opened(() => streamTable(upload.path));
  const { columns, missing, record } = columnsOf(first.headers, mapping);
  if (missing.length) {
    first.close();
    throw importRejected(missing);
  }
  let unread: TableStream | null = first;
  const batches: Batches = async function* () {
    const table = unread ?? (await opened(() => streamTable(upload.path)));
    unread = null;
    try {
      for await (const chunk of table.chunks) yield chunk.map(({ line, cells }) => ({ line, record: record(cells) }));
    } catch (error) {
      throw error instanceof TableError ? unreadable(error) : error;
    } finally {
      table.close();
    }
  };
  return { columns, batches, close: () => unread?.close() };
}

/** A file name for a download, in plain letters (HTTP headers carry ASCII). */
const asciiName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .slice(0, 80);

/**
 * A file route's handler, given the upload on disk: removed once the handler is done, unless the
 * handler holds it (an answer that streams while it still reads the file removes it itself).
 */
function withUpload(maxBytes: number, handle: (c: Context<AppEnv>, upload: Upload, hold: () => void) => Promise<Response>) {
  return async (c: Context<AppEnv>) => {
    const upload = await receiveUpload(c, maxBytes);
    let held = false;
    try {
      return await handle(c, upload, () => {
        held = true;
      });
    } finally {
      if (!held) await upload.dispose();
    }
  };
}

/** An OpenAPI path as Hono writes it: {id} → :id. */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function importRoutes(deps: AppDeps) {
  const app = newRouter();
  // The file routes read the multipart body themselves (to disk, as a stream): the document describes them.
  for (const route of [postDossierImport, postDossierImportErrors, postCatalogueImport, postSurveyImport]) {
    app.openAPIRegistry.registerPath(route);
    app.use(honoPath(route.path), requireUser(deps), requireRole(...IMPORTERS));
  }
  app.use(postCatalogueImport.path, requireRole(...CATALOGUE_KEEPERS));
  const actor = (c: Context<AppEnv>) => ({ userId: c.get('user').id, scope: c.get('scope') });

  app.post(
    postDossierImport.path,
    withUpload(MAX_DOSSIER_FILE_BYTES, async (c, upload, hold) => {
      const form = formFields(FileForm.omit({ file: true }), upload);
      const file = await dossierFile(upload, parseMapping(form.mapping));
      const run = (progress?: Parameters<typeof importDossiers>[4]) =>
        importDossiers(
          deps,
          actor(c),
          { filename: upload.filename, contentHash: upload.contentHash, columns: file.columns, batches: file.batches },
          form.dryRun === 'true',
          progress,
        ).finally(file.close);
      if (!c.req.header('accept')?.includes(NDJSON)) return c.json(await run(), 200);
      // Progress as it happens, a line at most every quarter second, then the outcome or the error.
      c.header('content-type', NDJSON);
      hold();
      return stream(c, async (out) => {
        let last = 0;
        try {
          const outcome = await run((step) => {
            const now = Date.now();
            if (now - last < 250) return;
            last = now;
            void out.write(`${JSON.stringify({ progress: step })}\n`);
          });
          await out.write(`${JSON.stringify({ outcome })}\n`);
        } catch (error) {
          const known = error instanceof HttpError ? error : null;
          if (!known) console.error(error);
          const body = known
            ? errorBody(known.code, known.bilingual, known.fields, known.lines, known.linesTotal)
            : errorBody('internal', { vi: 'Lỗi hệ thống, vui lòng thử lại', en: 'Internal error, please try again' });
          await out.write(`${JSON.stringify({ status: known?.status ?? 500, ...body })}\n`);
        } finally {
          await upload.dispose();
        }
      });
    }),
  );

  app.post(
    postDossierImportErrors.path,
    withUpload(MAX_DOSSIER_FILE_BYTES, async (c, upload, hold) => {
      const form = formFields(ErrorListForm.omit({ file: true }), upload);
      const file = await dossierFile(upload, parseMapping(form.mapping));
      const headers = ['Dòng / Line', 'Cột / Field', 'Quy tắc / Rule', 'Lỗi', 'Error'];
      const filename = `loi-${asciiName(upload.filename)}.${form.format}`;
      const out = new PassThrough();
      hold();
      // Each refused line is written as it is found: the list of a file of any size streams out.
      const writing = (async () => {
        if (form.format === 'csv') {
          out.write(`\ufeff${csvLine(headers)}\r\n`);
          await checkDossiers(deps, c.get('scope'), file.batches, (l) => {
            out.write(`${csvLine([l.line, l.field, l.rule ?? '', l.message.vi, l.message.en])}\r\n`);
          });
          out.end();
          return;
        }
        const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
        const sheet = book.addWorksheet('Lỗi – Errors', { views: [{ state: 'frozen', ySplit: 1 }] });
        sheet.columns = headers.map((header, i) => ({ header, width: [8, 22, 26, 70, 70][i] }));
        sheet.getRow(1).font = { bold: true };
        await checkDossiers(deps, c.get('scope'), file.batches, (l) => {
          sheet.addRow([l.line, l.field, l.rule ?? '', l.message.vi, l.message.en]).commit();
        });
        sheet.commit();
        await book.commit();
      })()
        .catch((error) => out.destroy(error))
        .finally(() => upload.dispose());
      void writing;
      return new Response(Readable.toWeb(out) as ReadableStream, {
        status: 200,
        headers: {
          'content-type': form.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
          'content-disposition': attachment(filename),
        },
      });
    }),
  );

  app.post(
    postCatalogueImport.path,
    withUpload(MAX_FILE_BYTES, async (c, upload) => {
      const form = formFields(FileForm.omit({ file: true, mapping: true }), upload);
      const table = await opened(() => readTable(upload.path));
      return c.json(await importCatalogue(deps, { userId: c.get('user').id }, table, form.dryRun === 'true'), 200);
    }),
  );

  app.post(
    honoPath(postSurveyImport.path),
    withUpload(MAX_FILE_BYTES, async (c, upload) => {
      const id = z.coerce.number().int().positive().safeParse(c.req.param('id'));
      if (!id.success) throw validationError(id.error, c.req.param('id'));
      const form = formFields(FileForm.omit({ file: true, mapping: true }), upload);
      const table = await opened(() => readTable(upload.path));
      const outcome = await importResponses(
        deps,
        actor(c),
        id.data,
        table,
        { filename: upload.filename, contentHash: upload.contentHash },
        form.dryRun === 'true',
      );
      return c.json(outcome, 200);
    }),
  );

  return app;
}
