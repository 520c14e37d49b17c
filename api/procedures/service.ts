import { asc, eq } from 'drizzle-orm';
import { recordAudit, replaced } from '../audit/service.js';
import { importRejected, type Table } from '../imports/table.js';
import type { AppDeps } from '../platform/context.js';
import { procedures } from '../platform/db/schema.js';
import { HttpError, LINES_SHOWN, type LineError } from '../platform/errors.js';
import { type ONLINE_LEVELS, PROCEDURE_LEVELS } from '../platform/vocabulary.js';
import { wordKey } from '../platform/words.js';
import { type CatalogueOutcome, ProcedureInput, type ProcedurePatch } from './schemas.js';

type Actor = { userId: number };
type Level = (typeof PROCEDURE_LEVELS)[number];
type OnlineLevel = (typeof ONLINE_LEVELS)[number];

/** The catalogue in code order. */
export const listProcedures = (deps: AppDeps) => deps.store.db.select().from(procedures).orderBy(asc(procedures.code)).all();

const codeTaken = (code: string) =>
  new HttpError(409, 'procedure_code_taken', { vi: `Đã có thủ tục mã "${code}"`, en: `A procedure with code "${code}" exists` }, [
    { field: 'code', code: 'taken', message: { vi: 'Mã thủ tục đã có', en: 'Code already used' } },
  ]);

export async function createProcedure(deps: AppDeps, actor: Actor, input: ProcedureInput) {
  const db = deps.store.db;
  if (await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, input.code)).get()) throw codeTaken(input.code);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const created = await tx.insert(procedures).values(input).returning().get();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'procedure.create',
      entity: 'procedure',
      entityId: created.id,
      after: input,
    });
    return created;
  });
}

export async function updateProcedure(deps: AppDeps, actor: Actor, id: number, patch: ProcedurePatch) {
  const db = deps.store.db;
  const before = await db.select().from(procedures).where(eq(procedures.id, id)).get();
  if (!before) throw new HttpError(404, 'not_found', { vi: 'Không có thủ tục này', en: 'No such procedure' });
  if (
    patch.code &&
    patch.code !== before.code &&
    (await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, patch.code)).get())
  )
    throw codeTaken(patch.code);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const after = await tx.update(procedures).set(patch).where(eq(procedures.id, id)).returning().get();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'procedure.update',
      entity: 'procedure',
      entityId: id,
      before: replaced(before, patch),
      after: patch,
    });
    return after;
  });
}

type Column = 'code' | 'name' | 'field' | 'levels' | 'onlineLevel';
/** Catalogue headings as the national database and provincial lists write them (compared by wordKey). */
const HEADINGS: Record<Column, string[]> = {
  code: ['mã thủ tục', 'mã tthc', 'mã thủ tục hành chính', 'mã', 'procedure code', 'code'],
  name: ['tên thủ tục', 'tên thủ tục hành chính', 'tên tthc', 'thủ tục hành chính', 'procedure name', 'name'],
  field: ['lĩnh vực', 'tên lĩnh vực', 'field'],
  levels: ['cấp thực hiện', 'cấp', 'level', 'levels'],
  onlineLevel: ['mức độ dịch vụ công trực tuyến', 'mức độ dvc', 'mức độ dvctt', 'mức độ', 'dịch vụ công trực tuyến', 'online level'],
};
const LEVEL_WORDS: Record<string, Level> = {
  'cấp trung ương': 'central',
  'trung ương': 'central',
  'cấp bộ': 'central',
  central: 'central',
  'cấp tỉnh': 'province',
  tỉnh: 'province',
  province: 'province',
  'cấp xã': 'commune',
  xã: 'commune',
  commune: 'commune',
};
const ONLINE_WORDS: Record<string, OnlineLevel> = {
  'toàn trình': 'full',
  'trực tuyến toàn trình': 'full',
  'dvc trực tuyến toàn trình': 'full',
  'dịch vụ công trực tuyến toàn trình': 'full',
  'mức độ 4': 'full',
  full: 'full',
  'một phần': 'partial',
  'trực tuyến một phần': 'partial',
  'dvc trực tuyến một phần': 'partial',
  'dịch vụ công trực tuyến một phần': 'partial',
  'mức độ 3': 'partial',
  partial: 'partial',
  không: 'none',
  'cung cấp thông tin': 'none',
  'dịch vụ cung cấp thông tin trực tuyến': 'none',
  'mức độ 2': 'none',
  none: 'none',
};

/**
 * Adds and updates the catalogue from a CSV or XLSX list, by code: all rows or none. Each column
 * is read or listed as ignored; levels may be several ("Cấp tỉnh, Cấp xã").
 */
export async function importCatalogue(deps: AppDeps, actor: Actor, table: Table, dryRun: boolean): Promise<CatalogueOutcome> {
  const keys = table.headers.map(wordKey);
  const column: Partial<Record<Column, number>> = {};
  for (const field of Object.keys(HEADINGS) as Column[]) {
    const index = keys.findIndex((k, i) => HEADINGS[field].includes(k) && !Object.values(column).includes(i));
    if (index >= 0) column[field] = index;
  }
  const fieldAt = new Map(Object.entries(column).map(([f, i]) => [i, f]));
  const columns = table.headers.map((heading, i) => ({ heading, field: fieldAt.get(i) ?? null }));
  const missing = (['code', 'name', 'field'] as const).filter((f) => column[f] === undefined);
  if (missing.length)
    throw importRejected(
      missing.map((f) => ({
        line: 1,
        field: f,
        message: {
          vi: `Thiếu cột "${HEADINGS[f][0]}" (các cột có: ${table.headers.join(', ')})`,
          en: `Missing column "${HEADINGS[f].find((h) => /^[ -~]+$/.test(h))}" (the file has: ${table.headers.join(', ')})`,
        },
      })),
    );

  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const rows: { line: number; input: ProcedureInput }[] = [];
  for (const { line, cells } of table.rows) {
    const cell = (f: Column) => (column[f] === undefined ? '' : (cells[column[f] as number] ?? ''));
    const before = errors.length;
    const levels = cell('levels')
      .split(/[,;/]| và /)
      .map((w) => wordKey(w))
      .filter(Boolean);
    const unknownLevel = levels.find((w) => !LEVEL_WORDS[w]);
    if (unknownLevel)
      errors.push({
        line,
        field: 'levels',
        message: {
          vi: `Cấp thực hiện "${unknownLevel}" không rõ (Cấp trung ương, Cấp tỉnh, Cấp xã)`,
          en: `Unknown level "${unknownLevel}" (central, province, commune)`,
        },
      });
    const onlineWord = wordKey(cell('onlineLevel'));
    const onlineLevel = onlineWord ? ONLINE_WORDS[onlineWord] : null;
    if (onlineLevel === undefined)
      errors.push({
        line,
        field: 'onlineLevel',
        message: {
          vi: `Mức độ trực tuyến "${cell('onlineLevel')}" không rõ (Toàn trình, Một phần, Không)`,
          en: `Unknown online level "${cell('onlineLevel')}" (full, partial, none)`,
        },
      });
    const parsed = ProcedureInput.safeParse({
      code: cell('code'),
      name: cell('name'),
      field: cell('field'),
      levels: [...new Set(levels.map((w) => LEVEL_WORDS[w]).filter((l) => l !== undefined))].sort(
        (a, b) => PROCEDURE_LEVELS.indexOf(a) - PROCEDURE_LEVELS.indexOf(b),
      ),
      onlineLevel: onlineLevel ?? null,
    });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        errors.push({
          line,
          field: String(issue.path[0] ?? '(row)'),
          message: { vi: `Giá trị không hợp lệ: ${issue.message}`, en: `Invalid value: ${issue.message}` },
        });
    const code = cell('code');
    const first = seen.get(code);
    if (first !== undefined)
      errors.push({
        line,
        field: 'code',
        rule: 'procedure_code_once',
        message: {
          vi: `Mã "${code}" trùng với dòng ${first}. Quy tắc: mỗi mã thủ tục một dòng`,
          en: `Code "${code}" repeats line ${first}. Rule: one line per procedure code`,
        },
      });
    else seen.set(code, line);
    if (errors.length === before && parsed.success) rows.push({ line, input: parsed.data });
  }
  if (errors.length && !dryRun) throw importRejected(errors);

  const existing = new Map((await listProcedures(deps)).map((p) => [p.code, p]));
  const same = (a: ProcedureInput, b: typeof procedures.$inferSelect) =>
    a.name === b.name && a.field === b.field && a.onlineLevel === b.onlineLevel && JSON.stringify(a.levels) === JSON.stringify(b.levels);
  const inserts = rows.filter((r) => !existing.has(r.input.code));
  const updates = rows.filter((r) => {
    const before = existing.get(r.input.code);
    return before !== undefined && !same(r.input, before);
  });
  const outcome = {
    dryRun,
    rows: table.rows.length,
    inserted: inserts.length,
    updated: updates.length,
    unchanged: rows.length - inserts.length - updates.length,
    columns,
    errors: errors.slice(0, LINES_SHOWN),
    errorCount: errors.length,
  };
  if (dryRun) return outcome;
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    for (const { input } of inserts) await tx.insert(procedures).values(input).run();
    for (const { input } of updates) await tx.update(procedures).set(input).where(eq(procedures.code, input.code)).run();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'import.procedures',
      entity: 'procedure',
      entityId: 'catalogue',
      after: {
        rows: outcome.rows,
        inserted: outcome.inserted,
        updated: outcome.updated,
        ignored: columns.filter((c) => !c.field).map((c) => c.heading),
      },
    });
  });
  return outcome;
}
