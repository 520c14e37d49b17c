import { inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { importRejected, type Table } from '../imports/table.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { bulkInserter } from '../platform/db/bulk.js';
import { imports, procedures, transactions, units } from '../platform/db/schema.js';
import type { Bilingual, LineError } from '../platform/errors.js';
import { pauser } from '../platform/pause.js';
import { parseVnDateTime, vnDate } from '../platform/time.js';
import { canAccess } from '../units/access.js';
import { DossierRecord, type ImportOutcome } from './schemas.js';

type Field = keyof DossierRecord;

const TONED_O = 'óòỏõọ';
/**
 * A heading or a word as systems write it, for comparison: NFC (exports often come in NFD), lower
 * case, the tone of a word ending in "oa" on the o as in "hóa" (a file may write "hoá"; "toàn" is
 * left alone), spaces collapsed, trailing colons and full stops dropped.
 */
export const wordKey = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/o([áàảãạ])(?!\p{L})/gu, (_, a: string) => `${TONED_O['áàảãạ'.indexOf(a)]}a`)
    .replace(/\s+/g, ' ')
    .replace(/[\s.:]+$/, '')
    .trim();

/** Column headings recognised without a mapping (compared by wordKey): Vietnamese first, English too. */
const HEADINGS: Record<Field, string[]> = {
  receiptCode: ['mã hồ sơ', 'receipt code', 'receiptcode'],
  unitCode: ['mã đơn vị', 'unit code', 'unitcode'],
  procedureCode: ['mã thủ tục', 'mã tthc', 'procedure code', 'procedurecode'],
  channel: ['kênh', 'kênh nộp', 'hình thức nộp', 'channel'],
  receivedAt: ['ngày tiếp nhận', 'thời điểm tiếp nhận', 'received at', 'receivedat'],
  dueAt: ['ngày hẹn trả', 'hạn trả', 'due at', 'dueat'],
  resolvedAt: ['ngày có kết quả', 'ngày trả kết quả', 'resolved at', 'resolvedat'],
  digitised: ['số hóa', 'đã số hóa', 'số hóa hồ sơ', 'hồ sơ đã số hóa', 'digitised'],
  supplementRequests: ['số lần bổ sung', 'supplement requests', 'supplementrequests'],
  paidOnline: ['thanh toán trực tuyến', 'paid online', 'paidonline'],
  electronicResult: ['kết quả điện tử', 'electronic result', 'electronicresult'],
};
const REQUIRED: Field[] = ['receiptCode', 'unitCode', 'procedureCode', 'channel', 'receivedAt', 'dueAt'];

/** How one-stop systems write the channel (compared by wordKey). */
const CHANNELS: Record<string, (typeof transactions.channel.enumValues)[number]> = {
  counter: 'counter',
  'trực tiếp': 'counter',
  'nộp trực tiếp': 'counter',
  'tại quầy': 'counter',
  'tại bộ phận một cửa': 'counter',
  online: 'online',
  'trực tuyến': 'online',
  'nộp trực tuyến': 'online',
  'trực tuyến toàn trình': 'online',
  'trực tuyến một phần': 'online',
  'dịch vụ công trực tuyến': 'online',
  'dvc trực tuyến': 'online',
  dvctt: 'online',
  postal: 'postal',
  'bưu chính': 'postal',
  'bưu chính công ích': 'postal',
  'dịch vụ bưu chính công ích': 'postal',
  'qua bưu chính': 'postal',
  'qua dịch vụ bưu chính công ích': 'postal',
  'bưu điện': 'postal',
};
const YES = new Set(['1', 'x', 'có', 'co', 'true', 'yes']);
const NO = new Set(['', '0', 'không', 'khong', 'false', 'no']);

const rejected = (lines: LineError[]) => importRejected(lines, { vi: 'Không có dòng nào được lưu.', en: 'No row was stored.' });

/** Maps a file's columns to record fields: the caller's mapping, else the recognised headings. */
export function recordsFromTable(table: Table, mapping: Partial<Record<Field, string>> = {}): { line: number; record: unknown }[] {
  const lower = table.headers.map(wordKey);
  const column: Partial<Record<Field, number>> = {};
  const missing: LineError[] = [];
  for (const field of Object.keys(HEADINGS) as Field[]) {
    const wanted = mapping[field];
    const index = wanted !== undefined ? lower.indexOf(wordKey(wanted)) : lower.findIndex((h) => HEADINGS[field].includes(h));
    if (index >= 0) column[field] = index;
    else if (wanted !== undefined || REQUIRED.includes(field)) {
      missing.push({
        line: 1,
        field,
        message: {
          vi: `Thiếu cột "${wanted ?? HEADINGS[field][0]}" (các cột có: ${table.headers.join(', ')})`,
          en: `Missing column "${wanted ?? HEADINGS[field].find((h) => /^[ -~]+$/.test(h))}" (the file has: ${table.headers.join(', ')})`,
        },
      });
    }
  }
  if (missing.length) throw rejected(missing);
  return table.rows.map(({ line, cells }) => {
    const cell = (f: Field) => (column[f] === undefined ? undefined : (cells[column[f] as number] ?? ''));
    const flag = (f: Field) => {
      const v = cell(f)?.toLowerCase();
      return v === undefined ? undefined : YES.has(v) ? true : NO.has(v) ? false : v;
    };
    const count = cell('supplementRequests');
    const record: Record<string, unknown> = {
      receiptCode: cell('receiptCode'),
      unitCode: cell('unitCode'),
      procedureCode: cell('procedureCode'),
      channel: cell('channel'),
      receivedAt: cell('receivedAt'),
      dueAt: cell('dueAt'),
      resolvedAt: cell('resolvedAt') || undefined,
      digitised: flag('digitised'),
      supplementRequests: count === undefined || count === '' ? undefined : /^\d+$/.test(count) ? Number(count) : count,
      paidOnline: flag('paidOnline'),
      electronicResult: flag('electronicResult'),
    };
    return { line, record };
  });
}

const msg = (vi: string, en: string): Bilingual => ({ vi, en });

/**
 * Checks every record and, only when all pass, upserts them by receipt code in one transaction:
 * a later status update changes the dossier, never duplicates it. A content hash already imported
 * stores nothing. Throws 422 with every refused line otherwise.
 */
export async function importDossiers(
  deps: AppDeps,
  actor: { userId: number; scope: AccessScope },
  source: { filename: string; contentHash: string },
  rows: { line: number; record: unknown }[],
  dryRun: boolean,
): Promise<ImportOutcome> {
  const previous = await deps.store.db
    .select({ id: imports.id, rows: imports.rows })
    .from(imports)
    .where(sql`${imports.kind} = 'transactions' and ${imports.contentHash} = ${source.contentHash}`)
    .get();
  if (previous)
    return { importId: previous.id, duplicate: true, dryRun, rows: previous.rows, inserted: 0, updated: 0, unchanged: previous.rows };

  const unitsByCode = new Map<string, { id: number; validFrom: string; validTo: string | null }[]>();
  for (const u of await deps.store.db
    .select({ id: units.id, code: units.code, validFrom: units.validFrom, validTo: units.validTo })
    .from(units)
    .all()) {
    unitsByCode.set(u.code, [...(unitsByCode.get(u.code) ?? []), u]);
  }
  const procedureIds = new Map(
    (await deps.store.db.select({ id: procedures.id, code: procedures.code }).from(procedures).all()).map((p) => [p.code, p.id]),
  );

  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const valid: { line: number; row: typeof transactions.$inferInsert }[] = [];
  const pause = pauser();
  for (const { line, record } of rows) {
    await pause();
    const parsed = DossierRecord.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({
          line,
          field: issue.path.join('.') || '(row)',
          message: msg(`Giá trị không hợp lệ: ${issue.message}`, `Invalid value: ${issue.message}`),
        });
      }
      continue;
    }
    const r = parsed.data;
    const before = errors.length;
    const fail = (field: Field, vi: string, en: string) => errors.push({ line, field, message: msg(vi, en) });
    const receivedAt = parseVnDateTime(r.receivedAt);
    const dueAt = parseVnDateTime(r.dueAt);
    const resolvedAt = r.resolvedAt ? parseVnDateTime(r.resolvedAt) : null;
    if (receivedAt === null)
      fail(
        'receivedAt',
        `Ngày không hợp lệ: "${r.receivedAt}" (dùng dd/mm/yyyy hoặc yyyy-mm-dd)`,
        `Not a date: "${r.receivedAt}" (use dd/mm/yyyy or yyyy-mm-dd)`,
      );
    if (dueAt === null) fail('dueAt', `Ngày không hợp lệ: "${r.dueAt}"`, `Not a date: "${r.dueAt}"`);
    if (r.resolvedAt && resolvedAt === null) fail('resolvedAt', `Ngày không hợp lệ: "${r.resolvedAt}"`, `Not a date: "${r.resolvedAt}"`);
    if (receivedAt !== null && dueAt !== null && dueAt < receivedAt)
      fail('dueAt', 'Ngày hẹn trả trước ngày tiếp nhận', 'Due before it was received');
    if (receivedAt !== null && resolvedAt !== null && resolvedAt < receivedAt)
      fail('resolvedAt', 'Ngày có kết quả trước ngày tiếp nhận', 'Resolved before it was received');
    const channel = CHANNELS[wordKey(r.channel)];
    if (!channel)
      fail(
        'channel',
        `Kênh "${r.channel}" không hợp lệ (Trực tiếp, Trực tuyến, Bưu chính công ích)`,
        `Channel "${r.channel}" is not in person, online or by post`,
      );
    const day = receivedAt === null ? null : vnDate(receivedAt);
    const unit =
      day === null ? undefined : unitsByCode.get(r.unitCode)?.find((u) => u.validFrom <= day && (u.validTo === null || day < u.validTo));
    if (day !== null && !unit)
      fail('unitCode', `Không có đơn vị mã "${r.unitCode}" còn hiệu lực ngày ${day}`, `No unit with code "${r.unitCode}" valid on ${day}`);
    if (unit && !canAccess(actor.scope, unit.id))
      fail('unitCode', `Đơn vị "${r.unitCode}" nằm ngoài phạm vi của bạn`, `Unit "${r.unitCode}" is outside your scope`);
    const procedureId = procedureIds.get(r.procedureCode);
    if (procedureId === undefined)
      fail('procedureCode', `Không có thủ tục mã "${r.procedureCode}"`, `No procedure with code "${r.procedureCode}"`);
    const first = seen.get(r.receiptCode);
    if (first !== undefined)
      fail('receiptCode', `Mã hồ sơ "${r.receiptCode}" trùng với dòng ${first}`, `Receipt code "${r.receiptCode}" repeats line ${first}`);
    else seen.set(r.receiptCode, line);
    if (errors.length > before) continue;
    valid.push({
      line,
      row: {
        receiptCode: r.receiptCode,
        unitId: (unit as { id: number }).id,
        procedureId: procedureId as number,
        counterId: null,
        channel: channel as (typeof transactions.channel.enumValues)[number],
        receivedAt: new Date(receivedAt as number),
        dueAt: new Date(dueAt as number),
        resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
        digitised: r.digitised ?? false,
        supplementRequests: r.supplementRequests ?? 0,
        paidOnline: r.paidOnline ?? false,
        electronicResult: r.electronicResult ?? false,
      },
    });
  }
  if (errors.length) throw rejected(errors);

  // Existing dossiers of this batch, fetched in chunks of 500 receipt codes.
  const existing = new Map<string, typeof transactions.$inferSelect>();
  const codes = valid.map((v) => v.row.receiptCode);
  for (let i = 0; i < codes.length; i += 500) {
    await pause();
    for (const t of await deps.store.db
      .select()
      .from(transactions)
      .where(inArray(transactions.receiptCode, codes.slice(i, i + 500)))
      .all())
      existing.set(t.receiptCode, t);
  }
  const FIELDS = [
    'unitId',
    'procedureId',
    'channel',
    'receivedAt',
    'dueAt',
    'resolvedAt',
    'digitised',
    'supplementRequests',
    'paidOnline',
    'electronicResult',
  ] as const;
  const comparable = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  const changesOf = (before: typeof transactions.$inferSelect, after: typeof transactions.$inferInsert) =>
    FIELDS.filter((f) => comparable(before[f]) !== comparable(after[f] ?? null));
  let inserted = 0;
  let updated = 0;
  for (const { row } of valid) {
    const before = existing.get(row.receiptCode);
    if (!before) inserted += 1;
    else if (changesOf(before, row).length) updated += 1;
  }
  const outcome = { duplicate: false, dryRun, rows: rows.length, inserted, updated, unchanged: rows.length - inserted - updated };
  if (dryRun) return { importId: null, ...outcome };

  const now = deps.now();
  const importId = await deps.store.transaction(async (tx) => {
    const id = (
      await tx
        .insert(imports)
        .values({
          kind: 'transactions',
          contentHash: source.contentHash,
          filename: source.filename,
          rows: rows.length,
          inserted,
          updated,
          userId: actor.userId,
          at: new Date(now),
        })
        .returning({ id: imports.id })
        .get()
    ).id;
    const insert = bulkInserter(tx, transactions);
    for (const { row } of valid) {
      await pause();
      const before = existing.get(row.receiptCode);
      if (!before) {
        await insert.add({ ...row, importId: id });
        continue;
      }
      const changed = changesOf(before, row);
      if (!changed.length) continue;
      await tx
        .update(transactions)
        .set({ ...row, importId: id })
        .where(sql`${transactions.id} = ${before.id}`)
        .run();
      await recordAudit(tx, now, {
        userId: actor.userId,
        action: 'transaction.update',
        entity: 'transaction',
        entityId: before.id,
        before: Object.fromEntries(changed.map((f) => [f, before[f]])),
        after: { ...Object.fromEntries(changed.map((f) => [f, row[f]])), importId: id },
      });
    }
    await insert.flush();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'import.transactions',
      entity: 'import',
      entityId: id,
      after: { filename: source.filename, contentHash: source.contentHash, ...outcome },
    });
    return id;
  });
  return { importId, ...outcome };
}
