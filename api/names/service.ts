import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { nameAliases, procedures, units } from '../platform/db/schema.js';
import { type Bilingual, HttpError } from '../platform/errors.js';
import { dayMonthYear } from '../platform/time.js';
import { closest, wordKey } from '../platform/words.js';
import { canAccess } from '../units/access.js';
import type { NameAliasInput, NameKind } from './schemas.js';

/** A unit or procedure as a name resolves to it: its id, code and name (a unit with its parent's). */
export interface Named {
  id: number;
  code: string;
  name: string;
}
interface UnitEntry extends Named {
  validFrom: string;
  validTo: string | null;
  mergedIntoId: number | null;
  parentId: number | null;
}
export type Via = 'code' | 'name' | 'alias';
export type Resolution = { found: Named; via: Via } | { found: null; problem: Bilingual; candidates: Named[] };

const validOn = (u: UnitEntry, day: string) => u.validFrom <= day && (u.validTo === null || day < u.validTo);
const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);

/**
 * Every unit and procedure with the names they go by (their own, compared by wordKey, and the
 * aliases staff confirmed), loaded once per import so a million rows resolve without a query each.
 */
export class NameBook {
  private readonly unitsByCode = new Map<string, UnitEntry[]>();
  private readonly unitsByName = new Map<string, UnitEntry[]>();
  private readonly unitsById = new Map<number, UnitEntry>();
  private readonly proceduresByCode = new Map<string, Named>();
  private readonly proceduresByName = new Map<string, Named[]>();
  private readonly proceduresById = new Map<number, Named>();
  private readonly aliases = new Map<string, number>();
  private readonly nearby = new Map<string, Named[]>();
  /** Every unit, the closest to a written name first: ranked once per name, however many days it is written on. */
  private readonly ranked = new Map<string, UnitEntry[]>();

  private constructor(
    unitRows: UnitEntry[],
    procedureRows: Named[],
    aliasRows: { kind: NameKind; key: string; targetId: number }[],
    private readonly scope: AccessScope,
  ) {
    for (const u of unitRows) {
      this.unitsById.set(u.id, u);
      push(this.unitsByCode, u.code, u);
      push(this.unitsByName, wordKey(u.name), u);
    }
    for (const p of procedureRows) {
      this.proceduresById.set(p.id, p);
      this.proceduresByCode.set(p.code, p);
      push(this.proceduresByName, wordKey(p.name), p);
    }
    for (const a of aliasRows) this.aliases.set(`${a.kind}:${a.key}`, a.targetId);
  }

  static async load(deps: AppDeps, scope: AccessScope): Promise<NameBook> {
    const db = deps.store.db;
    return new NameBook(
      await db
        .select({
          id: units.id,
          code: units.code,
          name: units.name,
          validFrom: units.validFrom,
          validTo: units.validTo,
          mergedIntoId: units.mergedIntoId,
          parentId: units.parentId,
        })
        .from(units)
        .orderBy(asc(units.id))
        .all(),
      await db
        .select({ id: procedures.id, code: procedures.code, name: procedures.name })
        .from(procedures)
        .orderBy(asc(procedures.id))
        .all(),
      await db.select({ kind: nameAliases.kind, key: nameAliases.key, targetId: nameAliases.targetId }).from(nameAliases).all(),
      scope,
    );
  }

  /** A unit as the caller knows it: its name and code, with its parent's name where names repeat. */
  private shown(u: UnitEntry): Named {
    const parent = u.parentId === null ? undefined : this.unitsById.get(u.parentId);
    return { id: u.id, code: u.code, name: parent ? `${u.name} – ${parent.name}` : u.name };
  }

  /** Units valid on a day, the caller's first, closest to a written name. */
  private unitsNear(written: string, day: string): Named[] {
    const key = `unit:${wordKey(written)}:${day}`;
    const cached = this.nearby.get(key);
    if (cached) return cached;
    const name = wordKey(written);
    const order = this.ranked.get(name) ?? closest(written, [...this.unitsById.values()], Number.POSITIVE_INFINITY);
    this.ranked.set(name, order);
    const valid = order.filter((u) => validOn(u, day));
    const mine = valid.filter((u) => canAccess(this.scope, u.id));
    const found = (mine.length ? mine : valid).slice(0, 3).map((u) => this.shown(u));
    this.nearby.set(key, found);
    return found;
  }

  /** The unit a row names on the day it was received: by code, else by its name then, else by an alias. */
  unit(ref: { code?: string | undefined; name?: string | undefined }, day: string): Resolution {
    if (ref.code) {
      const all = this.unitsByCode.get(ref.code) ?? [];
      const unit = all.find((u) => validOn(u, day));
      if (unit) return { found: this.shown(unit), via: 'code' };
      return {
        found: null,
        problem: {
          vi: `Không có đơn vị mã "${ref.code}" còn hiệu lực ngày ${dayMonthYear(day)}${this.history(all, 'vi')}`,
          en: `No unit with code "${ref.code}" valid on ${dayMonthYear(day)}${this.history(all, 'en')}`,
        },
        candidates: this.successors(all),
      };
    }
    const written = ref.name ?? '';
    const key = wordKey(written);
    const named = this.unitsByName.get(key) ?? [];
    const valid = named.filter((u) => validOn(u, day));
    const mine = valid.filter((u) => canAccess(this.scope, u.id));
    const choice = mine.length ? mine : valid;
    if (choice.length === 1) return { found: this.shown(choice[0] as UnitEntry), via: 'name' };
    if (choice.length > 1)
      return {
        found: null,
        problem: {
          vi: `Có ${choice.length} đơn vị tên "${written}" ngày ${dayMonthYear(day)}: hãy dùng mã đơn vị`,
          en: `${choice.length} units are named "${written}" on ${dayMonthYear(day)}: use the unit code`,
        },
        candidates: choice.map((u) => this.shown(u)),
      };
    const aliased = this.aliases.get(`unit:${key}`);
    const target = aliased === undefined ? undefined : this.unitsById.get(aliased);
    if (target && validOn(target, day)) return { found: this.shown(target), via: 'alias' };
    if (named.length || target)
      return {
        found: null,
        problem: {
          vi: `Đơn vị "${written}" không còn hiệu lực ngày ${dayMonthYear(day)}${this.history(named.length ? named : [target as UnitEntry], 'vi')}`,
          en: `Unit "${written}" is not valid on ${dayMonthYear(day)}${this.history(named.length ? named : [target as UnitEntry], 'en')}`,
        },
        candidates: [...this.successors(named.length ? named : [target as UnitEntry]), ...this.unitsNear(written, day)].slice(0, 3),
      };
    return {
      found: null,
      problem: {
        vi: `Không có đơn vị tên "${written}" ngày ${dayMonthYear(day)}`,
        en: `No unit named "${written}" on ${dayMonthYear(day)}`,
      },
      candidates: this.unitsNear(written, day),
    };
  }

  /** When the units of a code or name were valid, and what they were merged into. */
  private history(list: UnitEntry[], lang: 'vi' | 'en'): string {
    if (!list.length) return '';
    const spans = list.map((u) => {
      const merged = u.mergedIntoId === null ? undefined : this.unitsById.get(u.mergedIntoId);
      const span =
        lang === 'vi'
          ? `${dayMonthYear(u.validFrom)} – ${u.validTo ? dayMonthYear(u.validTo) : 'nay'}`
          : `${dayMonthYear(u.validFrom)} to ${u.validTo ? dayMonthYear(u.validTo) : 'now'}`;
      const into = merged ? (lang === 'vi' ? `, nhập vào ${merged.name}` : `, merged into ${merged.name}`) : '';
      return `${span}${into}`;
    });
    return lang === 'vi' ? ` (hiệu lực ${spans.join('; ')})` : ` (valid ${spans.join('; ')})`;
  }

  /** The units these were merged into. */
  private successors(list: UnitEntry[]): Named[] {
    return list.flatMap((u) => {
      const next = u.mergedIntoId === null ? undefined : this.unitsById.get(u.mergedIntoId);
      return next ? [this.shown(next)] : [];
    });
  }

  /** The procedure a row names: by its code (mã TTHC), else its name, else an alias. */
  procedure(ref: { code?: string | undefined; name?: string | undefined }): Resolution {
    if (ref.code) {
      const found = this.proceduresByCode.get(ref.code);
      if (found) return { found, via: 'code' };
      return {
        found: null,
        problem: { vi: `Không có thủ tục mã "${ref.code}"`, en: `No procedure with code "${ref.code}"` },
        candidates: [],
      };
    }
    const written = ref.name ?? '';
    const key = wordKey(written);
    const named = this.proceduresByName.get(key) ?? [];
    if (named.length === 1) return { found: named[0] as Named, via: 'name' };
    if (named.length > 1)
      return {
        found: null,
        problem: {
          vi: `Có ${named.length} thủ tục tên "${written}": hãy dùng mã thủ tục`,
          en: `${named.length} procedures are named "${written}": use the procedure code`,
        },
        candidates: named,
      };
    const aliased = this.aliases.get(`procedure:${key}`);
    const target = aliased === undefined ? undefined : this.proceduresById.get(aliased);
    if (target) return { found: target, via: 'alias' };
    const cacheKey = `procedure:${key}`;
    const candidates = this.nearby.get(cacheKey) ?? closest(written, [...this.proceduresById.values()]);
    this.nearby.set(cacheKey, candidates);
    return {
      found: null,
      problem: { vi: `Không có thủ tục tên "${written}"`, en: `No procedure named "${written}"` },
      candidates,
    };
  }
}

const refused = (field: string, vi: string, en: string) =>
  new HttpError(422, 'validation_failed', { vi: 'Không lưu được tên gọi khác', en: 'The alias was not saved' }, [
    { field, code: 'invalid', message: { vi, en } },
  ]);

/** Names confirmed for units and procedures, newest first, with what each resolves to. */
export async function listAliases(deps: AppDeps, scope: AccessScope) {
  const db = deps.store.db;
  const rows = await db.select().from(nameAliases).orderBy(asc(nameAliases.id)).all();
  const unitNames = new Map(
    (await db.select({ id: units.id, code: units.code, name: units.name }).from(units).all()).map((u) => [u.id, u]),
  );
  const procedureNames = new Map(
    (await db.select({ id: procedures.id, code: procedures.code, name: procedures.name }).from(procedures).all()).map((p) => [p.id, p]),
  );
  return rows
    .filter((a) => a.kind === 'procedure' || canAccess(scope, a.targetId))
    .reverse()
    .map((a) => {
      const target = (a.kind === 'unit' ? unitNames : procedureNames).get(a.targetId);
      return {
        id: a.id,
        kind: a.kind,
        name: a.name,
        target: { id: a.targetId, code: target?.code ?? '', name: target?.name ?? '' },
        createdAt: a.createdAt.toISOString(),
      };
    });
}

/**
 * Remembers that a written name means this unit or procedure in every later import. A name that
 * is already a unit's or procedure's own is refused: an alias must not outrank or hide a real name.
 */
export async function addAlias(deps: AppDeps, actor: { userId: number; scope: AccessScope }, input: NameAliasInput) {
  const db = deps.store.db;
  const key = wordKey(input.name);
  if (!key) throw refused('name', 'Tên gọi khác không được để trống', 'The alias must not be empty');
  const table = input.kind === 'unit' ? units : procedures;
  const target = await db.select({ id: table.id, name: table.name }).from(table).where(eq(table.id, input.targetId)).get();
  if (!target) throw refused('targetId', 'Không có đơn vị hoặc thủ tục này', 'No such unit or procedure');
  if (input.kind === 'unit' && !canAccess(actor.scope, target.id))
    throw refused('targetId', 'Đơn vị nằm ngoài phạm vi của bạn', 'The unit is outside your scope');
  const owners = (await db.select({ name: table.name }).from(table).all()).filter((t) => wordKey(t.name) === key);
  if (owners.length)
    throw refused(
      'name',
      `"${input.name}" đã là tên của "${owners[0]?.name}"`,
      `"${input.name}" is already the name of "${owners[0]?.name}"`,
    );
  const taken = await db
    .select({ id: nameAliases.id, targetId: nameAliases.targetId })
    .from(nameAliases)
    .where(and(eq(nameAliases.kind, input.kind), eq(nameAliases.key, key)))
    .get();
  if (taken && taken.targetId !== input.targetId)
    throw new HttpError(409, 'alias_taken', {
      vi: `Tên "${input.name}" đã được ghép với một ${input.kind === 'unit' ? 'đơn vị' : 'thủ tục'} khác; hãy xoá ghép cũ trước`,
      en: `"${input.name}" is already an alias of another ${input.kind}; delete that one first`,
    });
  if (taken) return taken.id;
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const { id } = await tx
      .insert(nameAliases)
      .values({ kind: input.kind, key, name: input.name, targetId: input.targetId, userId: actor.userId, createdAt: new Date(now) })
      .returning({ id: nameAliases.id })
      .get();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'alias.create',
      entity: 'name_alias',
      entityId: id,
      after: { ...input, key },
    });
    return id;
  });
}

/** Forgets an alias (later imports no longer resolve it); a unit's alias only within the caller's scope. */
export async function deleteAlias(deps: AppDeps, actor: { userId: number; scope: AccessScope }, id: number) {
  const alias = await deps.store.db.select().from(nameAliases).where(eq(nameAliases.id, id)).get();
  if (!alias || (alias.kind === 'unit' && !canAccess(actor.scope, alias.targetId)))
    throw new HttpError(404, 'not_found', { vi: 'Không có tên gọi khác này', en: 'No such alias' });
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx.delete(nameAliases).where(eq(nameAliases.id, id)).run();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'alias.delete',
      entity: 'name_alias',
      entityId: id,
      before: { kind: alias.kind, name: alias.name, targetId: alias.targetId },
    });
  });
}
