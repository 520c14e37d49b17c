import { inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { importRejected } from '../imports/table.js';
import type { NameResolution } from '../names/schemas.js';
import { NameBook, type Named, type Resolution } from '../names/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { bulkInserter } from '../platform/db/bulk.js';
import { imports, transactions } from '../platform/db/schema.js';
import { type Bilingual, LINES_SHOWN, type LineError } from '../platform/errors.js';
import { pauser } from '../platform/pause.js';
import { parseVnDateTime, vnDate, vnDateTime } from '../platform/time.js';
import { wordKey } from '../platform/words.js';
import { canAccess } from '../units/access.js';
import type { Columns, Field } from './columns.js';
import { DossierRecord, type ImportOutcome } from './schemas.js';

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

/** The rules a row can break beyond a value's form, each named in the message that refuses it. */
export const RULES = {
  due_not_before_receipt: { vi: 'hạn trả không trước ngày tiếp nhận', en: 'due no earlier than received' },
  result_not_before_receipt: { vi: 'không có kết quả trước khi tiếp nhận', en: 'no result before the dossier was received' },
  supplement_in_order: {
    vi: 'tiếp nhận → yêu cầu bổ sung → nhận bổ sung → có kết quả',
    en: 'received → supplement requested → supplement received → resolved',
  },
  supplement_counted: {
    vi: 'có ngày yêu cầu bổ sung thì số lần bổ sung ít nhất là 1',
    en: 'a supplement request date needs at least one supplement request',
  },
  receipt_code_once: { vi: 'mỗi mã hồ sơ một dòng trong tệp', en: 'one line per receipt code in a file' },
} as const satisfies Record<string, Bilingual>;
type Rule = keyof typeof RULES;

export const rejected = (lines: LineError[]) => importRejected(lines, { vi: 'Không có dòng nào được lưu.', en: 'No row was stored.' });

type Row = typeof transactions.$inferInsert;
type NameEntry = Omit<NameResolution, 'matches'> & { matches: Map<number, NameResolution['matches'][number]> };

/** The distinct written names of a batch and how each resolved, for the preview. */
class NameTally {
  private readonly entries = new Map<string, NameEntry>();

  add(kind: NameResolution['kind'], written: string, resolution: Resolution) {
    const key = `${kind}\u0000${written}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { kind, written, rows: 0, matches: new Map(), unresolvedRows: 0, problem: null, candidates: [] };
      this.entries.set(key, entry);
    }
    entry.rows += 1;
    if (resolution.found && resolution.via !== 'code') {
      const match = entry.matches.get(resolution.found.id) ?? { ...resolution.found, via: resolution.via, rows: 0 };
      match.rows += 1;
      entry.matches.set(resolution.found.id, match);
    } else if (!resolution.found) {
      entry.unresolvedRows += 1;
      entry.problem ??= resolution.problem;
      if (!entry.candidates.length) entry.candidates = resolution.candidates;
    }
  }

  /** Unresolved names first, then by kind and name in Vietnamese order. */
  list(): NameResolution[] {
    const collator = new Intl.Collator('vi');
    return [...this.entries.values()]
      .map((e) => ({ ...e, matches: [...e.matches.values()] }))
      .sort(
        (a, b) =>
          Number(b.unresolvedRows > 0) - Number(a.unresolvedRows > 0) ||
          a.kind.localeCompare(b.kind) ||
          collator.compare(a.written, b.written),
      );
  }
}

/**
 * Checks every record against the rules, the units (valid on the receipt date, within the
 * caller's scope) and the procedures, resolving names: the rows to store, every refused line, and
 * how each written name resolved.
 */
export async function checkDossiers(deps: AppDeps, scope: AccessScope, rows: { line: number; record: unknown }[]) {
  const book = await NameBook.load(deps, scope);
  const names = new NameTally();
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const valid: { line: number; row: Row }[] = [];
  const pause = pauser();
  for (const { line, record } of rows) {
    await pause();
    const parsed = DossierRecord.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({
          line,
          field: issue.path.join('.') || '(row)',
          message: { vi: `Giá trị không hợp lệ: ${issue.message}`, en: `Invalid value: ${issue.message}` },
        });
      }
      continue;
    }
    const r = parsed.data;
    const before = errors.length;
    const fail = (field: Field, message: Bilingual, rule?: Rule) =>
      errors.push(
        rule
          ? {
              line,
              field,
              rule,
              message: { vi: `${message.vi}. Quy tắc: ${RULES[rule].vi}`, en: `${message.en}. Rule: ${RULES[rule].en}` },
            }
          : { line, field, message },
      );
    const when = (field: Field, text: string | undefined) => {
      if (text === undefined) return null;
      const at = parseVnDateTime(text);
      if (at === null)
        fail(field, {
          vi: `Ngày không hợp lệ: "${text}" (dùng dd/mm/yyyy hoặc yyyy-mm-dd, có thể kèm giờ)`,
          en: `Not a date: "${text}" (use dd/mm/yyyy or yyyy-mm-dd, a time may follow)`,
        });
      return at;
    };
    const receivedAt = when('receivedAt', r.receivedAt);
    const dueAt = when('dueAt', r.dueAt);
    const resolvedAt = when('resolvedAt', r.resolvedAt);
    const requestedAt = when('supplementRequestedAt', r.supplementRequestedAt);
    const answeredAt = when('supplementReceivedAt', r.supplementReceivedAt);
    const shown = (at: number) => vnDateTime(at);
    const order = (field: Field, earlier: number | null, later: number | null, vi: string, en: string, rule: Rule) => {
      if (earlier !== null && later !== null && later < earlier)
        fail(
          field,
          { vi: `${vi} (${shown(later).vi} trước ${shown(earlier).vi})`, en: `${en} (${shown(later).en}, before ${shown(earlier).en})` },
          rule,
        );
    };
    order('dueAt', receivedAt, dueAt, 'Ngày hẹn trả trước ngày tiếp nhận', 'Due before it was received', 'due_not_before_receipt');
    order(
      'resolvedAt',
      receivedAt,
      resolvedAt,
      'Ngày có kết quả trước ngày tiếp nhận',
      'Resolved before it was received',
      'result_not_before_receipt',
    );
    order(
      'supplementRequestedAt',
      receivedAt,
      requestedAt,
      'Yêu cầu bổ sung trước ngày tiếp nhận',
      'Supplement requested before receipt',
      'supplement_in_order',
    );
    order(
      'supplementReceivedAt',
      requestedAt,
      answeredAt,
      'Nhận bổ sung trước khi yêu cầu',
      'Supplement received before it was requested',
      'supplement_in_order',
    );
    order(
      'resolvedAt',
      answeredAt,
      resolvedAt,
      'Có kết quả trước khi nhận bổ sung',
      'Resolved before the supplement came in',
      'supplement_in_order',
    );
    if (r.supplementReceivedAt !== undefined && r.supplementRequestedAt === undefined)
      fail(
        'supplementRequestedAt',
        { vi: 'Có ngày nhận bổ sung nhưng thiếu ngày yêu cầu bổ sung', en: 'A supplement received date without a request date' },
        'supplement_in_order',
      );
    if (r.supplementRequestedAt !== undefined && r.supplementRequests === 0)
      fail(
        'supplementRequests',
        { vi: 'Số lần bổ sung là 0 nhưng có ngày yêu cầu bổ sung', en: 'No supplement requests, yet a request date' },
        'supplement_counted',
      );
    const channel = CHANNELS[wordKey(r.channel)];
    if (!channel)
      fail('channel', {
        vi: `Kênh "${r.channel}" không hợp lệ (Trực tiếp, Trực tuyến, Bưu chính công ích)`,
        en: `Channel "${r.channel}" is not in person, online or by post`,
      });
    if (!r.unitCode && !r.unitName) fail('unitCode', { vi: 'Thiếu mã hoặc tên đơn vị', en: 'No unit code or name' });
    if (!r.procedureCode && !r.procedureName) fail('procedureCode', { vi: 'Thiếu mã hoặc tên thủ tục', en: 'No procedure code or name' });
    const day = receivedAt === null ? null : vnDate(receivedAt);
    let unitId: number | undefined;
    if (day !== null && (r.unitCode || r.unitName)) {
      const unit = book.unit({ code: r.unitCode, name: r.unitName }, day);
      if (r.unitName && !r.unitCode) names.add('unit', r.unitName, unit);
      const field = r.unitCode ? 'unitCode' : 'unitName';
      if (!unit.found) fail(field, candidatesNamed(unit.problem, unit.candidates));
      else if (!canAccess(scope, unit.found.id))
        fail(field, { vi: `Đơn vị "${unit.found.name}" nằm ngoài phạm vi của bạn`, en: `Unit "${unit.found.name}" is outside your scope` });
      else unitId = unit.found.id;
    }
    let procedureId: number | undefined;
    if (r.procedureCode || r.procedureName) {
      const procedure = book.procedure({ code: r.procedureCode, name: r.procedureName });
      if (r.procedureName && !r.procedureCode) names.add('procedure', r.procedureName, procedure);
      if (!procedure.found)
        fail(r.procedureCode ? 'procedureCode' : 'procedureName', candidatesNamed(procedure.problem, procedure.candidates));
      else procedureId = procedure.found.id;
    }
    const first = seen.get(r.receiptCode);
    if (first !== undefined)
      fail(
        'receiptCode',
        { vi: `Mã hồ sơ "${r.receiptCode}" trùng với dòng ${first}`, en: `Receipt code "${r.receiptCode}" repeats line ${first}` },
        'receipt_code_once',
      );
    else seen.set(r.receiptCode, line);
    if (errors.length > before) continue;
    valid.push({
      line,
      row: {
        receiptCode: r.receiptCode,
        unitId: unitId as number,
        procedureId: procedureId as number,
        counterId: null,
        channel: channel as Row['channel'],
        receivedAt: new Date(receivedAt as number),
        dueAt: new Date(dueAt as number),
        resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
        digitised: r.digitised ?? false,
        supplementRequests: r.supplementRequests ?? (requestedAt === null ? 0 : 1),
        supplementRequestedAt: requestedAt === null ? null : new Date(requestedAt),
        supplementReceivedAt: answeredAt === null ? null : new Date(answeredAt),
        paidOnline: r.paidOnline ?? false,
        electronicResult: r.electronicResult ?? false,
      },
    });
  }
  return { valid, errors, names: names.list() };
}

/** A resolution's problem with its closest candidates, for a refused line. */
function candidatesNamed(problem: Bilingual, candidates: Named[]): Bilingual {
  if (!candidates.length) return problem;
  const list = candidates.map((c) => `${c.name} (${c.code})`).join('; ');
  return { vi: `${problem.vi}. Gần nhất: ${list}`, en: `${problem.en}. Closest: ${list}` };
}

/**
 * Checks every record and, only when all pass, upserts them by receipt code in one transaction:
 * a later status update changes the dossier, never duplicates it. A content hash already imported
 * stores nothing. Throws 422 with every refused line otherwise; a preview (dryRun) answers with
 * them instead, and with how each name resolved, storing nothing.
 */
export async function importDossiers(
  deps: AppDeps,
  actor: { userId: number; scope: AccessScope },
  source: { filename: string; contentHash: string; columns: Columns },
  rows: { line: number; record: unknown }[],
  dryRun: boolean,
): Promise<ImportOutcome> {
  const previous = await deps.store.db
    .select({ id: imports.id, rows: imports.rows })
    .from(imports)
    .where(sql`${imports.kind} = 'transactions' and ${imports.contentHash} = ${source.contentHash}`)
    .get();
  const shape = { columns: source.columns, names: [] as NameResolution[], errors: [] as LineError[], errorCount: 0 };
  if (previous)
    return {
      importId: previous.id,
      duplicate: true,
      dryRun,
      rows: previous.rows,
      inserted: 0,
      updated: 0,
      unchanged: previous.rows,
      ...shape,
    };

  const { valid, errors, names } = await checkDossiers(deps, actor.scope, rows);
  if (errors.length && !dryRun) throw rejected(errors);
  const pause = pauser();

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
    'supplementRequestedAt',
    'supplementReceivedAt',
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
  const outcome = { duplicate: false, dryRun, rows: rows.length, inserted, updated, unchanged: valid.length - inserted - updated };
  if (dryRun) return { importId: null, ...outcome, ...shape, names, errors: errors.slice(0, LINES_SHOWN), errorCount: errors.length };

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
      after: {
        filename: source.filename,
        contentHash: source.contentHash,
        ...outcome,
        ignored: source.columns.filter((c) => !c.field).map((c) => c.heading),
      },
    });
    return id;
  });
  return { importId, ...outcome, ...shape, names };
}
