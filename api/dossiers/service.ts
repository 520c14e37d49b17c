import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import { importRejected } from '../imports/table.js';
import type { NameResolution } from '../names/schemas.js';
import { NameBook, type Named, type Resolution } from '../names/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { bulkInserter } from '../platform/db/bulk.js';
import { imports, procedures, transactionChanges, transactions, units } from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
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

/** One batch of rows as the importer reads them: a file's, a chunk at a time, or an API call's. */
export type Batches = () => AsyncIterable<{ line: number; record: unknown }[]>;

/**
 * Checks records one by one against the rules, the units (valid on the receipt date, within the
 * caller's scope) and the procedures, resolving names as it goes: the row to store, or null with
 * each reason given to onError. Remembers how each written name resolved and, unless told not to
 * (a second reading of a file already checked), the receipt codes it has seen: a file names each
 * once. Those codes are all it keeps per row.
 */
class DossierChecker {
  readonly names = new NameTally();
  private readonly seen: Map<string, number> | null;

  constructor(
    private readonly book: NameBook,
    private readonly scope: AccessScope,
    codesOnce = true,
  ) {
    this.seen = codesOnce ? new Map() : null;
  }

  check(line: number, record: unknown, onError: (error: LineError) => void): Row | null {
    const parsed = DossierRecord.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        onError({
          line,
          field: issue.path.join('.') || '(row)',
          message: { vi: `Giá trị không hợp lệ: ${issue.message}`, en: `Invalid value: ${issue.message}` },
        });
      }
      return null;
    }
    const r = parsed.data;
    let failed = false;
    const fail = (field: Field, message: Bilingual, rule?: Rule) => {
      failed = true;
      onError(
        rule
          ? {
              line,
              field,
              rule,
              message: { vi: `${message.vi}. Quy tắc: ${RULES[rule].vi}`, en: `${message.en}. Rule: ${RULES[rule].en}` },
            }
          : { line, field, message },
      );
    };
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
      const unit = this.book.unit({ code: r.unitCode, name: r.unitName }, day);
      if (r.unitName && !r.unitCode) this.names.add('unit', r.unitName, unit);
      const field = r.unitCode ? 'unitCode' : 'unitName';
      if (!unit.found) fail(field, candidatesNamed(unit.problem, unit.candidates));
      else if (!canAccess(this.scope, unit.found.id))
        fail(field, { vi: `Đơn vị "${unit.found.name}" nằm ngoài phạm vi của bạn`, en: `Unit "${unit.found.name}" is outside your scope` });
      else unitId = unit.found.id;
    }
    let procedureId: number | undefined;
    if (r.procedureCode || r.procedureName) {
      const procedure = this.book.procedure({ code: r.procedureCode, name: r.procedureName });
      if (r.procedureName && !r.procedureCode) this.names.add('procedure', r.procedureName, procedure);
      if (!procedure.found)
        fail(r.procedureCode ? 'procedureCode' : 'procedureName', candidatesNamed(procedure.problem, procedure.candidates));
      else procedureId = procedure.found.id;
    }
    const first = this.seen?.get(r.receiptCode);
    if (first !== undefined)
      fail(
        'receiptCode',
        { vi: `Mã hồ sơ "${r.receiptCode}" trùng với dòng ${first}`, en: `Receipt code "${r.receiptCode}" repeats line ${first}` },
        'receipt_code_once',
      );
    else this.seen?.set(r.receiptCode, line);
    if (failed) return null;
    return {
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
    };
  }
}

/** Every refused line of a batch, each given to onError as it is found (a file of any size): stores nothing. */
export async function checkDossiers(deps: AppDeps, scope: AccessScope, batches: Batches, onError: (error: LineError) => void) {
  const checker = new DossierChecker(await NameBook.load(deps, scope), scope);
  const pause = pauser();
  for await (const batch of batches()) {
    for (const { line, record } of batch) {
      await pause();
      checker.check(line, record, onError);
    }
  }
}

/** A resolution's problem with its closest candidates, for a refused line. */
function candidatesNamed(problem: Bilingual, candidates: Named[]): Bilingual {
  if (!candidates.length) return problem;
  const list = candidates.map((c) => `${c.name} (${c.code})`).join('; ');
  return { vi: `${problem.vi}. Gần nhất: ${list}`, en: `${problem.en}. Closest: ${list}` };
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
const changesOf = (before: typeof transactions.$inferSelect, after: Row) =>
  FIELDS.filter((f) => comparable(before[f]) !== comparable(after[f] ?? null));

/** The stored dossiers of these receipt codes, fetched 500 codes at a time. */
async function storedDossiers(db: Db, codes: string[]) {
  const found = new Map<string, typeof transactions.$inferSelect>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const t of await db
      .select()
      .from(transactions)
      .where(inArray(transactions.receiptCode, codes.slice(i, i + 500)))
      .all())
      found.set(t.receiptCode, t);
  }
  return found;
}

/** Where an import has got to: lines checked, then lines stored. */
export type Progress = (step: { phase: 'checking' | 'storing'; lines: number }) => void;

/**
 * Checks every record and, only when all pass, upserts them by receipt code in one transaction:
 * a later status update changes the dossier, never duplicates it. A content hash already imported
 * stores nothing. The rows are read twice, a batch at a time (checked, then stored), so a file of
 * any size takes bounded memory. Throws 422 with the refused lines (the first LINES_SHOWN, and how
 * many) otherwise; a preview (dryRun) answers with them instead, and how each name resolved,
 * storing nothing.
 */
export async function importDossiers(
  deps: AppDeps,
  actor: { userId: number | null; serviceAccountId?: number; scope: AccessScope },
  source: { filename: string; contentHash: string; columns: Columns; batches: Batches },
  dryRun: boolean,
  progress: Progress = () => {},
): Promise<ImportOutcome> {
  const previous = await deps.store.db
    .select({ id: imports.id, rows: imports.rows })
    .from(imports)
    .where(sql`${imports.kind} = 'transactions' and ${imports.contentHash} = ${source.contentHash}`)
    .get();
  const shape = { columns: source.columns, names: [] as NameResolution[], errors: [] as LineError[], errorCount: 0, refusedLines: 0 };
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

  const pause = pauser();
  const first = await firstReading(deps, actor.scope, source.batches, progress);
  if (first.errorCount && !dryRun) throw importRejected(first.errors, first.errorCount);
  const { rows, inserted, updated } = first;
  const outcome = { duplicate: false, dryRun, rows, inserted, updated, unchanged: rows - first.refused - inserted - updated };
  if (dryRun)
    return {
      importId: null,
      ...outcome,
      ...shape,
      names: first.names,
      errors: first.errors,
      errorCount: first.errorCount,
      refusedLines: first.refused,
    };

  // The second reading stores: checked again (names, scope and stored dossiers as they are now), all or nothing.
  const now = deps.now();
  const importId = await deps.store.transaction(async (tx) => {
    const id = (
      await tx
        .insert(imports)
        .values({
          kind: 'transactions',
          contentHash: source.contentHash,
          filename: source.filename,
          rows,
          inserted,
          updated,
          userId: actor.userId,
          at: new Date(now),
        })
        .returning({ id: imports.id })
        .get()
    ).id;
    const again = new DossierChecker(await NameBook.load(deps, actor.scope), actor.scope, false);
    const refused: LineError[] = [];
    const insert = bulkInserter(tx, transactions);
    const changes = bulkInserter(tx, transactionChanges, { after: [insert] });
    const changed = (row: Row) => changes.add({ receiptCode: row.receiptCode, unitId: row.unitId, importId: id, at: new Date(now) });
    let done = 0;
    for await (const batch of source.batches()) {
      const valid: Row[] = [];
      for (const { line, record } of batch) {
        await pause();
        const row = again.check(line, record, (e) => refused.push(e));
        if (row) valid.push(row);
      }
      if (refused.length) throw importRejected(refused);
      const stored = await storedDossiers(
        tx,
        valid.map((r) => r.receiptCode),
      );
      for (const row of valid) {
        const before = stored.get(row.receiptCode);
        if (!before) {
          await insert.add({ ...row, importId: id });
          await changed(row);
          continue;
        }
        const fields = changesOf(before, row);
        if (!fields.length) continue;
        await changed(row);
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
          before: Object.fromEntries(fields.map((f) => [f, before[f]])),
          after: { ...Object.fromEntries(fields.map((f) => [f, row[f]])), importId: id },
        });
      }
      await changes.flush();
      done += batch.length;
      progress({ phase: 'storing', lines: done });
    }
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'import.transactions',
      entity: 'import',
      entityId: id,
      after: {
        ...(actor.serviceAccountId ? { serviceAccountId: actor.serviceAccountId } : {}),
        filename: source.filename,
        contentHash: source.contentHash,
        ...outcome,
        ignored: source.columns.filter((c) => !c.field).map((c) => c.heading),
      },
    });
    return id;
  });
  return { importId, ...outcome, ...shape, names: first.names };
}

/**
 * The first reading of an import: every row checked (receipt codes once in the file), what would
 * be inserted or updated, the first refused lines and how many, and how each name resolved.
 */
async function firstReading(deps: AppDeps, scope: AccessScope, batches: Batches, progress: Progress) {
  const pause = pauser();
  const checker = new DossierChecker(await NameBook.load(deps, scope), scope);
  const errors: LineError[] = [];
  let errorCount = 0;
  const keep = (error: LineError) => {
    errorCount += 1;
    if (errors.length < LINES_SHOWN) errors.push(error);
  };
  let rows = 0;
  let refused = 0;
  let inserted = 0;
  let updated = 0;
  for await (const batch of batches()) {
    const valid: Row[] = [];
    for (const { line, record } of batch) {
      await pause();
      rows += 1;
      const row = checker.check(line, record, keep);
      if (row) valid.push(row);
      else refused += 1;
    }
    const stored = await storedDossiers(
      deps.store.db,
      valid.map((r) => r.receiptCode),
    );
    for (const row of valid) {
      const before = stored.get(row.receiptCode);
      if (!before) inserted += 1;
      else if (changesOf(before, row).length) updated += 1;
    }
    progress({ phase: 'checking', lines: rows });
  }
  return { rows, refused, inserted, updated, errors, errorCount, names: checker.names.list() };
}

/**
 * The dossiers changed after a cursor, in the order they were written, each with its state now:
 * what another system reads to catch up after an outage. Only the caller's units are listed; the
 * next cursor is the last change's number. A dossier changed twice appears twice, in its latest
 * state both times, so reading again from an earlier cursor does no harm.
 */
export async function dossierChanges(deps: AppDeps, scope: AccessScope, after: number, limit: number) {
  const rows = await deps.store.db
    .select({
      seq: transactionChanges.id,
      at: transactionChanges.at,
      unitId: transactionChanges.unitId,
      dossier: transactions,
      unitCode: units.code,
      procedureCode: procedures.code,
    })
    .from(transactionChanges)
    .innerJoin(transactions, eq(transactions.receiptCode, transactionChanges.receiptCode))
    .innerJoin(units, eq(units.id, transactions.unitId))
    .innerJoin(procedures, eq(procedures.id, transactions.procedureId))
    .where(and(gt(transactionChanges.id, after), scope.all ? undefined : inArray(transactionChanges.unitId, [...scope.units])))
    .orderBy(transactionChanges.id)
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    changes: page.map(({ seq, at, dossier: d, unitCode, procedureCode }) => ({
      seq,
      at: at.toISOString(),
      dossier: {
        receiptCode: d.receiptCode,
        unitCode,
        procedureCode,
        channel: d.channel,
        receivedAt: d.receivedAt.toISOString(),
        dueAt: d.dueAt.toISOString(),
        resolvedAt: iso(d.resolvedAt),
        digitised: d.digitised,
        supplementRequests: d.supplementRequests,
        supplementRequestedAt: iso(d.supplementRequestedAt),
        supplementReceivedAt: iso(d.supplementReceivedAt),
        paidOnline: d.paidOnline,
        electronicResult: d.electronicResult,
      },
    })),
    next: page.at(-1)?.seq ?? after,
    more: rows.length > limit,
  };
}
