import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { dayMonthYear } from './time.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A table as staff download it: Vietnamese headings, one row per line, numbers left numeric. */
export interface Sheet {
  /** Short ASCII name, for addresses (?table=) and file names. */
  key: string;
  name: string;
  headers: string[];
  rows: (string | number | null | undefined)[][];
}

const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);

/**
 * Text a spreadsheet would run as a formula (OWASP CSV injection: a cell starting with =, +, -, @,
 * tab or carriage return) is kept as text by a leading apostrophe. Numbers are left as numbers.
 */
const inert = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** One CSV line (without its CRLF), each cell inert in Excel. */
export function csvLine(values: readonly unknown[]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(round(inert(v)));
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return values.map(cell).join(',');
}

/** CSV for Excel: UTF-8 with a BOM (Excel otherwise reads Vietnamese as Windows-1252), CRLF lines. */
export function toCsv(sheet: Sheet): string {
  return `\ufeff${[sheet.headers, ...sheet.rows].map(csvLine).join('\r\n')}\r\n`;
}

/** What a workbook is of, written above each table: what, which unit, which period, by which method. */
export function preamble(what: string, unit: string, period: { from: string; to: string }, method: string, notes: string[] = []) {
  return [
    what,
    `Đơn vị: ${unit}`,
    `Kỳ: từ ngày ${dayMonthYear(period.from)} đến ngày ${dayMonthYear(period.to)}`,
    `Phương pháp: ${method}`,
    ...notes,
  ];
}

/**
 * A workbook with a worksheet per table: the preamble's lines on top (what, unit, period, method),
 * headings bold and frozen, numbers as numbers to 2 decimals (Excel shows them with the reader's
 * decimal sign: a comma in Vietnamese).
 */
export async function toXlsx(sheets: Sheet[], lines: string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SIPAS / PAR';
  for (const sheet of sheets) {
    const top = lines.length ? lines.length + 1 : 0;
    // Excel allows 31 characters and none of : \ / ? * [ ] in a sheet name.
    const ws = workbook.addWorksheet(sheet.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), {
      views: [{ state: 'frozen', ySplit: top + 1 }],
    });
    for (const [k, line] of lines.entries()) ws.addRow([line]).font = { bold: k === 0 };
    if (top) ws.addRow([]);
    ws.addRow(sheet.headers).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((v) => (v === undefined ? null : round(v))));
    ws.columns.forEach((column, k) => {
      // The preamble's long lines run across empty cells: they do not widen the first column.
      const longest = Math.max(...[sheet.headers[k], ...sheet.rows.map((r) => r[k])].map((v) => String(v ?? '').length));
      column.width = Math.min(60, Math.max(8, longest + 2));
      column.numFmt = '0.##';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const attachment = (filename: string) => `attachment; filename="${filename}"`;

/** A table as a CSV download (filename without its extension). */
export function sendCsv(c: Context, sheet: Sheet, filename: string) {
  return c.body(toCsv(sheet), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(`${filename}.csv`) });
}

/** Tables as an Excel download, a worksheet each under the preamble's lines (filename without its extension). */
export async function sendXlsx(c: Context, sheets: Sheet[], filename: string, lines: string[] = []) {
  return c.body(new Uint8Array(await toXlsx(sheets, lines)), 200, {
    'content-type': XLSX,
    'content-disposition': attachment(`${filename}.xlsx`),
  });
}
