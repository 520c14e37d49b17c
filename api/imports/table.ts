import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { type Bilingual, HttpError, type LineError } from '../platform/errors.js';
import { directoryOffset, zipInventory } from './zip.js';

/** One row of a file as text, with the line (CSV) or row (XLSX) number a person sees. */
export interface Row {
  line: number;
  cells: string[];
}

/** A file's rows, all in memory: for small files (survey forms, the catalogue). */
export interface Table {
  headers: string[];
  rows: Row[];
}

/** A file's headings and its rows a chunk at a time, read once: for files of any size. Close it when left unread. */
export interface TableStream {
  headers: string[];
  chunks: AsyncIterable<Row[]>;
  close(): void;
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

/**
 * What an XLSX may unpack to. Sheets are read as a stream, so size costs time, not memory: a
 * million-row sheet is some hundreds of MB; a ZIP bomb declares gigabytes.
 */
const XLSX_LIMITS = { entries: 1000, unpackedBytes: 1024 * 1024 * 1024 };

/** A file without a byte-order mark that is not UTF-8 is decoded whole (to tell Windows-1258 from a mix): up to this size. */
const WHOLE_DECODE_BYTES = 64 * 1024 * 1024;

/**
 * Text of a CSV file held in memory. Vietnamese spreadsheets arrive as UTF-8 (with or without
 * BOM), UTF-16 from Excel's "Unicode text", or Windows-1258 from older software; a file whose lines
 * disagree is refused with the lines named, since guessing would corrupt names silently.
 */
function decodeText(bytes: Uint8Array): string {
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

async function readBytes(path: string, position: number, length: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The ZIP directory of a file on disk, read from its end without reading the rest. */
async function inventoryOf(path: string, size: number) {
  const tail = Math.min(size, 22 + 0xffff);
  const offset = directoryOffset(await readBytes(path, size - tail, tail));
  if (offset === null || offset >= size) return null;
  return zipInventory(await readBytes(path, offset, size - offset), offset);
}

async function* xlsxRows(path: string, size: number): AsyncGenerator<Row> {
  const inventory = await inventoryOf(path, size);
  if (!inventory) throw new TableError('Không đọc được tệp Excel (.xlsx)', 'The Excel (.xlsx) file cannot be read');
  const mb = (n: number) => Math.ceil(n / 1024 / 1024);
  if (inventory.entries > XLSX_LIMITS.entries || inventory.unpacked > XLSX_LIMITS.unpackedBytes)
    throw new TableError(
      `Tệp Excel khi giải nén quá lớn (${mb(inventory.unpacked)} MB, ${inventory.entries} phần; tối đa ${mb(XLSX_LIMITS.unpackedBytes)} MB, ${XLSX_LIMITS.entries} phần). Hãy chia nhỏ tệp hoặc lưu dạng CSV.`,
      `The Excel file unpacks too large (${mb(inventory.unpacked)} MB, ${inventory.entries} parts; at most ${mb(XLSX_LIMITS.unpackedBytes)} MB, ${XLSX_LIMITS.entries} parts). Split it or save it as CSV.`,
    );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache', // dates are numbers styled as dates
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row as ExcelJS.Row).values as ExcelJS.CellValue[]; // 1-based
        yield { line: (row as ExcelJS.Row).number, cells: values.slice(1).map(cellText) };
      }
      return; // the first sheet alone
    }
  } catch (error) {
    if (error instanceof TableError) throw error;
    throw new TableError('Không đọc được tệp Excel (.xlsx)', 'The Excel (.xlsx) file cannot be read');
  }
}

/** Whether a file is UTF-8 throughout, read in pieces. */
async function isUtf8(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** A CSV file's text in pieces: by its byte-order mark, else UTF-8, else (small files) Windows-1258 unless lines disagree. */
async function* csvText(path: string, size: number): AsyncGenerator<string> {
  const head = await readBytes(path, 0, 3);
  const bom = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
  if (!bom && !(await isUtf8(path))) {
    if (size > WHOLE_DECODE_BYTES)
      throw new TableError(
        'Tệp lớn không ở dạng UTF-8. Hãy lưu lại tệp theo UTF-8 (CSV UTF-8).',
        'A large file that is not UTF-8. Save it again as UTF-8 (CSV UTF-8).',
      );
    yield decodeText(await readBytes(path, 0, size));
    return;
  }
  const decoder = new TextDecoder(bom ?? 'utf-8', { ignoreBOM: false });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield decoder.decode(chunk as Buffer, { stream: true });
  yield decoder.decode();
}

async function* csvRows(path: string, size: number): AsyncGenerator<Row> {
  const text = csvText(path, size)[Symbol.asyncIterator]();
  // The delimiter is the one the first line uses more: comma, or semicolon (Excel in Vietnamese).
  let start = '';
  while (!start.includes('\n') && start.length < 1 << 16) {
    const piece = await text.next();
    if (piece.done) break;
    start += piece.value;
  }
  const firstLine = start.slice(0, start.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true });
  const write = async (piece: string) => {
    if (!parser.write(piece)) await new Promise((resolve) => parser.once('drain', resolve));
  };
  const feed = (async () => {
    try {
      await write(start);
      for (let piece = await text.next(); !piece.done; piece = await text.next()) await write(piece.value);
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
      yield { line: info.lines, cells: record };
  } catch (error) {
    if (error instanceof TableError) throw error;
    const message = (error as Error).message;
    throw new TableError(`Tệp CSV sai định dạng: ${message}`, `The CSV file is malformed: ${message}`);
  }
  await feed;
}

/**
 * Reads the first sheet of an XLSX file or a CSV file (comma or semicolon) on disk, as trimmed
 * NFC text without empty rows: the headings, then the rows as they are read.
 */
export async function* readRows(path: string): AsyncGenerator<{ headers: string[] } | Row> {
  const { size } = await stat(path);
  const magic = await readBytes(path, 0, 4);
  const rows = XLSX_MAGIC.every((b, i) => magic[i] === b) ? xlsxRows(path, size) : csvRows(path, size);
  let headers: string[] | null = null;
  for await (const row of rows) {
    const cells = row.cells.map((c) => c.normalize('NFC').trim());
    if (headers === null) {
      headers = cells;
      yield { headers };
    } else if (cells.some((c) => c !== '')) yield { line: row.line, cells };
  }
  if (headers === null) throw new TableError('Tệp không có dữ liệu', 'The file is empty');
}

/** 422 for an import refused whole, naming every bad line (the answer shows the first LINES_SHOWN, and how many in all). */
export function importRejected(
  lines: LineError[],
  total = lines.length,
  nothingStored: Bilingual = { vi: 'Không có dòng nào được lưu.', en: 'No row was stored.' },
): HttpError {
  return new HttpError(
    422,
    'import_rejected',
    {
      vi: `Không nhập được: ${total} lỗi. ${nothingStored.vi}`,
      en: `Not imported: ${total} ${total === 1 ? 'error' : 'errors'}. ${nothingStored.en}`,
    },
    undefined,
    lines,
    {},
    total,
  );
}

/** A worker's heap: rows pass through it a chunk at a time, so this is room for one workbook's shared strings. */
const WORKER_HEAP_MB = 1024;
/** A file that yields nothing new for this long (a lying ZIP unpacking, a pathological CSV) is refused. */
const WORKER_IDLE_MS = 120_000;

const TOO_BIG = () =>
  new TableError(
    'Tệp quá lớn hoặc quá phức tạp để đọc. Hãy chia nhỏ tệp hoặc lưu dạng CSV.',
    'The file is too large or complex to read. Split it or save it as CSV.',
  );

/**
 * readRows in a worker thread, so the server keeps answering while a file is parsed and a file
 * that unpacks beyond what it declared exhausts the worker's heap, not the server's. The rows come
 * a chunk at a time, each asked for once the one before is used: memory stays bounded however
 * large the file. Throws TableError for a file it cannot read.
 */
export async function streamTable(path: string): Promise<TableStream> {
  // The worker's source is TypeScript like the rest: tsx loads it, as it does the server.
  const entry = new URL('./table-worker.ts', import.meta.url).href;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const worker = new Worker(`import(${tsx}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, {
    eval: true,
    workerData: path,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  type Message = { headers?: string[]; rows?: Row[]; done?: true; refused?: Bilingual; failed?: string };
  const queue: ((m: Message | Error) => void)[] = [];
  const early: (Message | Error)[] = [];
  const deliver = (m: Message | Error) => {
    const waiting = queue.shift();
    if (waiting) waiting(m);
    else early.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (error: Error & { code?: string }) => deliver(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_BIG() : error));
  const next = async (): Promise<Message> => {
    const got = early.shift() ?? (await new Promise<Message | Error>((resolve) => queue.push(resolve)));
    if (got instanceof Error) throw got;
    if (got.refused) throw new TableError(got.refused.vi, got.refused.en);
    if (got.failed) throw new Error(got.failed);
    return got;
  };
  let timer: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void worker.terminate();
      deliver(TOO_BIG());
    }, WORKER_IDLE_MS);
  };
  const stop = () => {
    clearTimeout(timer);
    void worker.terminate();
  };
  watch();
  let first: Message;
  try {
    first = await next();
  } catch (error) {
    stop();
    throw error;
  }
  async function* chunks(): AsyncGenerator<Row[]> {
    try {
      for (;;) {
        watch();
        worker.postMessage('next');
        const m = await next();
        if (m.done) return;
        if (m.rows) yield m.rows;
      }
    } finally {
      stop();
    }
  }
  return { headers: first.headers ?? [], chunks: chunks(), close: stop };
}

/** A small file's rows all in memory (read off the event loop). */
export async function readTable(path: string): Promise<Table> {
  const { headers, chunks } = await streamTable(path);
  const rows: Row[] = [];
  // Reading every chunk ends the worker.
  for await (const chunk of chunks) for (const row of chunk) rows.push(row);
  return { headers, rows };
}
