import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type Bilingual, HttpError, type LineError } from '../platform/errors.js';
import { zipInventory } from './zip.js';

/** A file's rows as text, each with the line (CSV) or row (XLSX) number a person sees. */
export interface Table {
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

export class TableError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a ZIP container

/** What an XLSX may unpack to: a 100,000-row sheet is tens of MB; a ZIP bomb is hundreds. */
export const XLSX_LIMITS = { entries: 1000, unpackedBytes: 256 * 1024 * 1024 };

/**
 * Text of a CSV file. Vietnamese spreadsheets arrive as UTF-8 (with or without BOM), UTF-16 from
 * Excel's "Unicode text", or Windows-1258 from older software; a file whose lines disagree is refused
 * with the lines named, since guessing would corrupt names silently.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    return strict.decode(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
  } catch {
    // Not UTF-8 as a whole: every line with non-ASCII bytes must then fail UTF-8 too.
  }
  const utf8Lines: number[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const chunk = bytes.subarray(start, i);
      if (chunk.some((b) => b >= 0x80)) {
        try {
          strict.decode(chunk);
          utf8Lines.push(line);
        } catch {
          // a Windows-1258 line
        }
      }
      start = i + 1;
      line += 1;
    }
  }
  if (utf8Lines.length > 0) {
    const shown = utf8Lines.slice(0, 10).join(', ');
    throw new TableError(
      `Tệp trộn lẫn nhiều bảng mã (dòng ${shown} là UTF-8, các dòng khác không phải). Hãy lưu lại tệp theo UTF-8.`,
      `The file mixes encodings (lines ${shown} are UTF-8, others are not). Save it again as UTF-8.`,
    );
  }
  return new TextDecoder('windows-1258').decode(bytes);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // Excel stores wall-clock times without a zone; exceljs hands them over as UTC. Keep the wall clock.
  if (value instanceof Date) return value.toISOString().slice(0, 19);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** Reads the first sheet of an XLSX file or a CSV file (comma or semicolon) into trimmed NFC text. */
export async function readTable(bytes: Uint8Array): Promise<Table> {
  let raw: { line: number; cells: string[] }[];
  if (XLSX_MAGIC.every((b, i) => bytes[i] === b)) {
    const inventory = zipInventory(bytes);
    if (!inventory) throw new TableError('Không đọc được tệp Excel (.xlsx)', 'The Excel (.xlsx) file cannot be read');
    const mb = (n: number) => Math.ceil(n / 1024 / 1024);
    if (inventory.entries > XLSX_LIMITS.entries || inventory.unpacked > XLSX_LIMITS.unpackedBytes)
      throw new TableError(
        `Tệp Excel khi giải nén quá lớn (${mb(inventory.unpacked)} MB, ${inventory.entries} phần; tối đa ${mb(XLSX_LIMITS.unpackedBytes)} MB, ${XLSX_LIMITS.entries} phần). Hãy chia nhỏ tệp hoặc lưu dạng CSV.`,
        `The Excel file unpacks too large (${mb(inventory.unpacked)} MB, ${inventory.entries} parts; at most ${mb(XLSX_LIMITS.unpackedBytes)} MB, ${XLSX_LIMITS.entries} parts). Split it or save it as CSV.`,
      );
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw new TableError('Không đọc được tệp Excel (.xlsx)', 'The Excel (.xlsx) file cannot be read');
    }
    const sheet = workbook.worksheets[0];
    raw = [];
    sheet?.eachRow({ includeEmpty: false }, (row, number) => {
      const values = row.values as ExcelJS.CellValue[]; // 1-based
      raw.push({ line: number, cells: values.slice(1).map(cellText) });
    });
  } else {
    const text = decodeText(bytes);
    const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    try {
      const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true }) as unknown as {
        record: string[];
        info: { lines: number };
      }[];
      raw = records.map(({ record, info }) => ({ line: info.lines, cells: record }));
    } catch (error) {
      const message = (error as Error).message;
      throw new TableError(`Tệp CSV sai định dạng: ${message}`, `The CSV file is malformed: ${message}`);
    }
  }
  const [header, ...rows] = raw;
  if (!header) throw new TableError('Tệp không có dữ liệu', 'The file is empty');
  const clean = (cells: string[]) => cells.map((c) => c.normalize('NFC').trim());
  return {
    headers: clean(header.cells),
    rows: rows.map((r) => ({ line: r.line, cells: clean(r.cells) })).filter((r) => r.cells.some((c) => c !== '')),
  };
}

/** 422 for an import refused whole, naming every bad line (the answer shows the first LINES_SHOWN). */
export function importRejected(lines: LineError[], nothingStored: Bilingual): HttpError {
  return new HttpError(
    422,
    'import_rejected',
    {
      vi: `Không nhập được: ${lines.length} lỗi. ${nothingStored.vi}`,
      en: `Not imported: ${lines.length} ${lines.length === 1 ? 'error' : 'errors'}. ${nothingStored.en}`,
    },
    undefined,
    lines,
  );
}

/** A worker's heap: several times the largest file XLSX_LIMITS lets through, well below the server's. */
const WORKER_HEAP_MB = 2048;
const WORKER_TIMEOUT_MS = 120_000;

/**
 * readTable in a worker thread, so the server keeps answering while a large file is parsed, and a
 * file that unpacks beyond what its directory declared runs out of the worker's heap, not the
 * server's: then, or after WORKER_TIMEOUT_MS, the file is refused (TableError).
 */
export function readTableOffThread(bytes: Uint8Array): Promise<Table> {
  const tooBig = new TableError(
    'Tệp quá lớn hoặc quá phức tạp để đọc. Hãy chia nhỏ tệp hoặc lưu dạng CSV.',
    'The file is too large or complex to read. Split it or save it as CSV.',
  );
  return new Promise((resolve, reject) => {
    // The worker's source is TypeScript like the rest: tsx loads it, as it does the server.
    const entry = new URL('./table-worker.ts', import.meta.url).href;
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const worker = new Worker(`import(${tsx}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, {
      eval: true,
      workerData: bytes,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(tooBig);
    }, WORKER_TIMEOUT_MS);
    const done = () => clearTimeout(timer);
    // The table arrives in pieces (headers, then rows until done), each asked for in a later turn
    // of the event loop, so requests are answered between them.
    const table: Table = { headers: [], rows: [] };
    worker.on('message', (m: { headers?: string[]; rows?: Table['rows']; done?: true; refused?: Bilingual; failed?: string }) => {
      if (m.headers || m.rows) {
        if (m.headers) table.headers = m.headers;
        for (const row of m.rows ?? []) table.rows.push(row);
        setImmediate(() => worker.postMessage('next'));
      } else {
        done();
        void worker.terminate();
        if (m.done) resolve(table);
        else if (m.refused) reject(new TableError(m.refused.vi, m.refused.en));
        else reject(new Error(m.failed));
      }
    });
    worker.once('error', (error: Error & { code?: string }) => {
      done();
      reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBig : error);
    });
  });
}
