import { and, count, eq, gte, lt, ne, or } from 'drizzle-orm';
import { recordAudit, replaced } from '../audit/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { counters, ratings, transactions, units } from '../platform/db/schema.js';
import { type Bilingual, errors, HttpError } from '../platform/errors.js';
import { dayMonthYear, vnDayStart } from '../platform/time.js';
import { assertCanAccess, canAccess } from './access.js';
import { syncReach } from './reach.js';
import type { CounterInput, CounterPatch, MergeInput, UnitInput, UnitPatch } from './schemas.js';
import { unitsMakingUp } from './tree.js';

type Actor = { userId: number; scope: AccessScope };
type UnitRow = typeof units.$inferSelect;

const refused = (status: 409 | 422, field: string, message: Bilingual) =>
  new HttpError(status, status === 409 ? 'conflict' : 'validation_failed', message, [{ field, code: 'invalid', message }]);
const validOn = (u: { validFrom: string; validTo: string | null }, day: string) =>
  u.validFrom <= day && (u.validTo === null || day < u.validTo);

async function unitById(deps: AppDeps, scope: AccessScope, id: number, field: string): Promise<UnitRow> {
  const unit = await deps.store.db.select().from(units).where(eq(units.id, id)).get();
  if (!unit) throw errors.unitNotFound(field);
  assertCanAccess(scope, unit.id);
  return unit;
}

/**
 * What a unit's new shape must keep: an end after its start, a parent in scope that exists on its
 * first day and is not the unit or below it, a code no other unit holds at the same time, and
 * every dossier and rating already stored under it inside its days.
 */
async function checkShape(deps: AppDeps, scope: AccessScope, unit: Omit<UnitRow, 'id' | 'mergedIntoId'>, id: number | null) {
  const db = deps.store.db;
  if (unit.validTo !== null && unit.validTo <= unit.validFrom)
    throw refused(422, 'validTo', { vi: 'Ngày hết hiệu lực phải sau ngày bắt đầu', en: 'validTo must be after validFrom' });
  if (unit.parentId === null) {
    if (!scope.all)
      throw new HttpError(403, 'out_of_scope', {
        vi: 'Chỉ quản trị hệ thống tạo được đơn vị cấp cao nhất',
        en: 'Only an admin makes a top-level unit',
      });
  } else {
    const parent = await unitById(deps, scope, unit.parentId, 'parentId');
    if (!validOn(parent, unit.validFrom))
      throw refused(422, 'parentId', {
        vi: `Đơn vị cấp trên "${parent.name}" không có hiệu lực ngày ${dayMonthYear(unit.validFrom)}`,
        en: `The parent "${parent.name}" does not exist on ${dayMonthYear(unit.validFrom)}`,
      });
    if (id !== null && (await unitsMakingUp(deps, id, { subtree: true, currentBoundaries: false })).includes(parent.id))
      throw refused(422, 'parentId', {
        vi: 'Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới của nó',
        en: 'A unit cannot sit below itself',
      });
  }
  const sameCode = await db
    .select()
    .from(units)
    .where(and(eq(units.code, unit.code), id === null ? undefined : ne(units.id, id)))
    .all();
  const clash = sameCode.find((u) => u.validFrom < (unit.validTo ?? '9999-12-31') && unit.validFrom < (u.validTo ?? '9999-12-31'));
  if (clash)
    throw refused(409, 'code', {
      vi: `Mã "${unit.code}" đang là của "${clash.name}" trong cùng thời gian`,
      en: `Code "${unit.code}" belongs to "${clash.name}" over the same days`,
    });
  if (id === null) return;
  const start = new Date(vnDayStart(unit.validFrom));
  const outside = (at: typeof transactions.receivedAt | typeof ratings.ratedAt) =>
    unit.validTo === null ? lt(at, start) : or(lt(at, start), gte(at, new Date(vnDayStart(unit.validTo))));
  const [dossiers] = await db
    .select({ n: count() })
    .from(transactions)
    .where(and(eq(transactions.unitId, id), outside(transactions.receivedAt)))
    .all();
  const [taps] = await db
    .select({ n: count() })
    .from(ratings)
    .where(and(eq(ratings.unitId, id), outside(ratings.ratedAt)))
    .all();
  if ((dossiers?.n ?? 0) + (taps?.n ?? 0) > 0)
    throw refused(409, 'validFrom', {
      vi: `${dossiers?.n ?? 0} hồ sơ và ${taps?.n ?? 0} lượt đánh giá của đơn vị nằm ngoài khoảng hiệu lực mới`,
      en: `${dossiers?.n ?? 0} dossiers and ${taps?.n ?? 0} ratings of the unit fall outside the new dates`,
    });
}

export async function createUnit(deps: AppDeps, actor: Actor, input: UnitInput) {
  await checkShape(deps, actor.scope, input, null);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const created = await tx.insert(units).values(input).returning().get();
    await syncReach(tx, deps.store.dialect);
    await recordAudit(tx, now, { userId: actor.userId, action: 'unit.create', entity: 'unit', entityId: created.id, after: input });
    return created;
  });
}

/** Changes a unit in place (a correction). A renaming from a date is a new unit the old one is merged into. */
export async function updateUnit(deps: AppDeps, actor: Actor, id: number, patch: UnitPatch) {
  const before = await unitById(deps, actor.scope, id, 'id');
  await checkShape(deps, actor.scope, { ...before, ...patch }, id);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const after = await tx.update(units).set(patch).where(eq(units.id, id)).returning().get();
    await syncReach(tx, deps.store.dialect);
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'unit.update',
      entity: 'unit',
      entityId: id,
      before: replaced(before, patch),
      after: patch,
    });
    return after;
  });
}

/**
 * Merges a unit into another from a day (as on 2025-07-01): the unit ends the day before and its
 * records count toward the other on current boundaries. Units still below it then, or records
 * stored under it from that day, must move first.
 */
export async function mergeUnit(deps: AppDeps, actor: Actor, id: number, input: MergeInput) {
  const db = deps.store.db;
  const unit = await unitById(deps, actor.scope, id, 'id');
  const into = await unitById(deps, actor.scope, input.intoId, 'intoId');
  if (into.id === unit.id)
    throw refused(422, 'intoId', { vi: 'Không thể sáp nhập đơn vị vào chính nó', en: 'A unit cannot merge into itself' });
  if (unit.mergedIntoId !== null) throw refused(409, 'id', { vi: 'Đơn vị đã được sáp nhập', en: 'The unit is already merged' });
  if (!validOn(into, input.on))
    throw refused(422, 'intoId', {
      vi: `"${into.name}" không có hiệu lực ngày ${dayMonthYear(input.on)}`,
      en: `"${into.name}" does not exist on ${dayMonthYear(input.on)}`,
    });
  if (!(unit.validFrom < input.on && (unit.validTo === null || input.on <= unit.validTo)))
    throw refused(422, 'on', {
      vi: `Ngày sáp nhập phải sau ngày bắt đầu của đơn vị (${dayMonthYear(unit.validFrom)})`,
      en: `The merger must fall after the unit began (${dayMonthYear(unit.validFrom)})`,
    });
  if (into.mergedIntoId === unit.id)
    throw refused(422, 'intoId', { vi: 'Hai đơn vị không thể sáp nhập vào nhau', en: 'Two units cannot merge into each other' });
  const below = (await db.select().from(units).where(eq(units.parentId, unit.id)).all()).filter(
    (u) => u.validTo === null || u.validTo > input.on,
  );
  if (below.length)
    throw refused(409, 'id', {
      vi: `Còn ${below.length} đơn vị trực thuộc sau ngày sáp nhập (${below.map((u) => u.name).join(', ')}): chuyển hoặc kết thúc chúng trước`,
      en: `${below.length} units still sit below it after the merger (${below.map((u) => u.name).join(', ')}): move or end them first`,
    });
  await checkShape(deps, actor.scope, { ...unit, validTo: input.on }, id);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const after = await tx.update(units).set({ validTo: input.on, mergedIntoId: into.id }).where(eq(units.id, id)).returning().get();
    await syncReach(tx, deps.store.dialect);
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'unit.merge',
      entity: 'unit',
      entityId: id,
      before: { validTo: unit.validTo, mergedIntoId: null },
      after: { validTo: input.on, mergedIntoId: into.id },
    });
    return after;
  });
}

const counterTaken = (code: string) =>
  refused(409, 'code', { vi: `Đơn vị đã có quầy mã "${code}"`, en: `The unit has a counter "${code}" already` });

export async function createCounter(deps: AppDeps, actor: Actor, unitId: number, input: CounterInput) {
  await unitById(deps, actor.scope, unitId, 'id');
  const db = deps.store.db;
  if (
    await db
      .select()
      .from(counters)
      .where(and(eq(counters.unitId, unitId), eq(counters.code, input.code)))
      .get()
  )
    throw counterTaken(input.code);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const created = await tx
      .insert(counters)
      .values({ unitId, ...input })
      .returning()
      .get();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'counter.create',
      entity: 'counter',
      entityId: created.id,
      after: { unitId, ...input },
    });
    return created;
  });
}

export async function updateCounter(deps: AppDeps, actor: Actor, id: number, patch: CounterPatch) {
  const db = deps.store.db;
  const before = await db.select().from(counters).where(eq(counters.id, id)).get();
  if (!before || !canAccess(actor.scope, before.unitId))
    throw new HttpError(404, 'not_found', { vi: 'Không có quầy này trong phạm vi của bạn', en: 'No such counter in your scope' });
  if (
    patch.code &&
    patch.code !== before.code &&
    (await db
      .select()
      .from(counters)
      .where(and(eq(counters.unitId, before.unitId), eq(counters.code, patch.code)))
      .get())
  )
    throw counterTaken(patch.code);
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const after = await tx.update(counters).set(patch).where(eq(counters.id, id)).returning().get();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'counter.update',
      entity: 'counter',
      entityId: id,
      before: replaced(before, patch),
      after: patch,
    });
    return after;
  });
}
