import ExcelJS from 'exceljs';

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

/** CSV for Excel: UTF-8 with a BOM (Excel otherwise reads Vietnamese as Windows-1252), CRLF lines. */
export function toCsv(sheet: Sheet): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(round(v));
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\ufeff${[sheet.headers, ...sheet.rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** A workbook with a worksheet per table, headings bold and frozen, numbers as numbers to 2 decimals. */
export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SIPAS / PAR';
  for (const sheet of sheets) {
    // Excel allows 31 characters and none of : \ / ? * [ ] in a sheet name.
    const ws = workbook.addWorksheet(sheet.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(sheet.headers).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((v) => (v === undefined ? null : round(v))));
    ws.columns.forEach((column, k) => {
      const longest = Math.max(...[sheet.headers[k], ...sheet.rows.map((r) => r[k])].map((v) => String(v ?? '').length));
      column.width = Math.min(60, Math.max(8, longest + 2));
      column.numFmt = '0.##';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
