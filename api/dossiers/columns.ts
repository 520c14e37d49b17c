import type { LineError } from '../platform/errors.js';
import { wordKey } from '../platform/words.js';
import type { DossierRecord } from './schemas.js';

export type Field = keyof DossierRecord;

/**
 * Column headings recognised without a mapping, as one-stop systems write them (compared by
 * wordKey): Vietnamese first, then English. The first English one names the column in English
 * messages.
 */
const HEADINGS: Record<Field, string[]> = {
  receiptCode: ['mã hồ sơ', 'số hồ sơ', 'mã biên nhận', 'số biên nhận', 'receipt code', 'receiptcode'],
  unitCode: ['mã đơn vị', 'mã đơn vị tiếp nhận', 'unit code', 'unitcode'],
  unitName: ['đơn vị tiếp nhận', 'tên đơn vị', 'đơn vị', 'cơ quan tiếp nhận', 'nơi tiếp nhận', 'unit name', 'unitname'],
  procedureCode: ['mã thủ tục', 'mã tthc', 'mã thủ tục hành chính', 'procedure code', 'procedurecode'],
  procedureName: ['tên thủ tục hành chính', 'tên thủ tục', 'thủ tục hành chính', 'thủ tục', 'tên tthc', 'procedure name', 'procedurename'],
  channel: ['kênh', 'kênh nộp', 'hình thức nộp', 'hình thức tiếp nhận', 'channel'],
  receivedAt: ['ngày tiếp nhận', 'thời điểm tiếp nhận', 'ngày nhận hồ sơ', 'ngày tiếp nhận hồ sơ', 'ngày nộp', 'received at', 'receivedat'],
  dueAt: ['ngày hẹn trả', 'hạn trả', 'ngày hẹn trả kết quả', 'hẹn trả kết quả', 'hạn giải quyết', 'due at', 'dueat'],
  resolvedAt: [
    'ngày có kết quả',
    'ngày trả kết quả',
    'ngày hoàn thành',
    'ngày xử lý xong',
    'ngày giải quyết xong',
    'thời điểm có kết quả',
    'resolved at',
    'resolvedat',
  ],
  digitised: ['số hóa', 'đã số hóa', 'số hóa hồ sơ', 'hồ sơ đã số hóa', 'digitised'],
  supplementRequests: ['số lần bổ sung', 'số lần yêu cầu bổ sung', 'supplement requests', 'supplementrequests'],
  supplementRequestedAt: [
    'ngày yêu cầu bổ sung',
    'ngày yc bổ sung',
    'thời điểm yêu cầu bổ sung',
    'supplement requested at',
    'supplementrequestedat',
  ],
  supplementReceivedAt: [
    'ngày nhận bổ sung',
    'ngày nhận hồ sơ bổ sung',
    'ngày tiếp nhận bổ sung',
    'ngày công dân bổ sung',
    'ngày bổ sung',
    'supplement received at',
    'supplementreceivedat',
  ],
  paidOnline: ['thanh toán trực tuyến', 'đã thanh toán trực tuyến', 'paid online', 'paidonline'],
  electronicResult: ['kết quả điện tử', 'trả kết quả điện tử', 'có kết quả điện tử', 'electronic result', 'electronicresult'],
};
/** Columns a file must have: each entry is one field, or a choice of two (a code or a name). */
const REQUIRED: (Field | [Field, Field])[] = [
  'receiptCode',
  ['unitCode', 'unitName'],
  ['procedureCode', 'procedureName'],
  'channel',
  'receivedAt',
  'dueAt',
];
const YES = new Set(['1', 'x', 'có', 'co', 'true', 'yes']);
const NO = new Set(['', '0', 'không', 'khong', 'false', 'no']);

const english = (field: Field) => HEADINGS[field].find((h) => /^[ -~]+$/.test(h)) as string;

/** Each heading of a file in its order, with the field it fills, or null: the column is ignored, and said so. */
export type Columns = { heading: string; field: Field | null }[];

/**
 * Maps a file's columns to record fields: the caller's mapping, else the recognised headings. Says
 * which required columns are missing (line 1); every other column is read or listed as ignored.
 */
export function columnsOf(headers: string[], mapping: Partial<Record<Field, string>> = {}) {
  const keys = headers.map(wordKey);
  const column: Partial<Record<Field, number>> = {};
  const missing: LineError[] = [];
  const has = { vi: `(các cột có: ${headers.join(', ')})`, en: `(the file has: ${headers.join(', ')})` };
  for (const field of Object.keys(HEADINGS) as Field[]) {
    const wanted = mapping[field];
    const index = wanted !== undefined ? keys.indexOf(wordKey(wanted)) : keys.findIndex((h) => HEADINGS[field].includes(h));
    if (index >= 0 && !Object.values(column).includes(index)) column[field] = index;
    else if (wanted !== undefined)
      missing.push({ line: 1, field, message: { vi: `Thiếu cột "${wanted}" ${has.vi}`, en: `Missing column "${wanted}" ${has.en}` } });
  }
  for (const need of REQUIRED) {
    const choice = typeof need === 'string' ? [need] : need;
    if (choice.some((f) => column[f] !== undefined) || choice.some((f) => mapping[f] !== undefined)) continue;
    missing.push({
      line: 1,
      field: choice[0] as Field,
      message: {
        vi: `Thiếu cột ${choice.map((f) => `"${HEADINGS[f][0]}"`).join(' hoặc ')} ${has.vi}`,
        en: `Missing column ${choice.map((f) => `"${english(f)}"`).join(' or ')} ${has.en}`,
      },
    });
  }
  const fieldAt = new Map(Object.entries(column).map(([f, i]) => [i, f as Field]));
  const columns: Columns = headers.map((heading, i) => ({ heading, field: fieldAt.get(i) ?? null }));
  /** A row's cells as a record for DossierRecord to check. */
  const record = (cells: string[]): Record<string, unknown> => {
    const cell = (f: Field) => (column[f] === undefined ? undefined : (cells[column[f] as number] ?? ''));
    const text = (f: Field) => cell(f) || undefined;
    const flag = (f: Field) => {
      const v = cell(f)?.toLowerCase();
      return v === undefined ? undefined : YES.has(v) ? true : NO.has(v) ? false : v;
    };
    const count = cell('supplementRequests');
    return {
      receiptCode: cell('receiptCode'),
      unitCode: text('unitCode'),
      unitName: text('unitName'),
      procedureCode: text('procedureCode'),
      procedureName: text('procedureName'),
      channel: cell('channel'),
      receivedAt: cell('receivedAt'),
      dueAt: cell('dueAt'),
      resolvedAt: text('resolvedAt'),
      digitised: flag('digitised'),
      supplementRequests: count === undefined || count === '' ? undefined : /^\d+$/.test(count) ? Number(count) : count,
      supplementRequestedAt: text('supplementRequestedAt'),
      supplementReceivedAt: text('supplementReceivedAt'),
      paidOnline: flag('paidOnline'),
      electronicResult: flag('electronicResult'),
    };
  };
  return { columns, missing, record };
}
