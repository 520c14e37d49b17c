import { and, count, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import {
  type Definition,
  getDefinition,
  type Inputs,
  type ReportedInputs,
  type Respondent,
  type SurveyDesign,
  sampleSize,
  seededShuffle,
} from '../../engine/index.js';
import { recordAudit } from '../audit/service.js';
import { importRejected, type Table } from '../imports/table.js';
import { newSecret, sha256 } from '../platform/auth/secrets.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import {
  imports,
  surveyAnswers,
  surveyEntries,
  surveyRespondents,
  surveyWaves,
  surveyWaveUnits,
  transactions,
  units,
} from '../platform/db/schema.js';
import type { Db } from '../platform/db/store.js';
import { HttpError, invalidField, type LineError } from '../platform/errors.js';
import { type Period, vnDayEnd, vnDayStart } from '../platform/time.js';
import { wordKey } from '../platform/words.js';
import { assertCanAccess, canAccess } from '../units/access.js';
import { renderSurveyForms } from './form-pdf.js';
import { questionnaireOrder, surveyable } from './questionnaire.js';
import type { Answers, FormDesign, WaveInput } from './schemas.js';

/** Headings of a responses file's optional design columns (compared by wordKey). */
const STRATUM_HEADINGS = new Set(['tầng', 'tầng mẫu', 'stratum'].map(wordKey));
const CLUSTER_HEADINGS = new Set(['cụm', 'cụm mẫu', 'thôn', 'thôn, tổ dân phố', 'cluster'].map(wordKey));

const NO_FORM_STORED = { vi: 'Không có phiếu nào được lưu.', en: 'No form was stored.' };

/** A wave row as JSON answers carry it. */
const waveJson = (wave: typeof surveyWaves.$inferSelect) => ({ ...wave, createdAt: wave.createdAt.toISOString() });

export const WAVE_NOT_FOUND = new HttpError(404, 'wave_not_found', { vi: 'Không có đợt khảo sát này', en: 'No such survey wave' });

/**
 * A wave with, per unit in the scope, its plan, completed forms, response rate (main sample
 * completed ÷ planned) and coverage (all completed, reserve included, ÷ planned). 404 for a wave
 * with no unit in the scope.
 */
export async function waveStatus(deps: AppDeps, scope: AccessScope, waveId: number) {
  const wave = await deps.store.db.select().from(surveyWaves).where(eq(surveyWaves.id, waveId)).get();
  if (!wave) throw WAVE_NOT_FOUND;
  const counts = await deps.store.db
    .select({
      unitId: surveyRespondents.unitId,
      completed: sql<number>`sum(case when ${surveyRespondents.status} = 'completed' then 1 else 0 end)`,
      completedMain: sql<number>`sum(case when ${surveyRespondents.status} = 'completed' and not ${surveyRespondents.reserve} then 1 else 0 end)`,
    })
    .from(surveyRespondents)
    .where(eq(surveyRespondents.waveId, waveId))
    .groupBy(surveyRespondents.unitId)
    .all();
  const planned = (
    await deps.store.db
      .select({ plan: surveyWaveUnits, unitName: units.name })
      .from(surveyWaveUnits)
      .innerJoin(units, eq(units.id, surveyWaveUnits.unitId))
      .where(eq(surveyWaveUnits.waveId, waveId))
      .all()
  ).filter((u) => canAccess(scope, u.plan.unitId));
  const perUnit = planned.map(({ plan, unitName }) => {
    const done = counts.find((k) => k.unitId === plan.unitId);
    const completed = Number(done?.completed ?? 0);
    return {
      ...plan,
      unitName,
      completed,
      responseRate: plan.planned ? Number(done?.completedMain ?? 0) / plan.planned : null,
      coverage: plan.planned ? completed / plan.planned : null,
    };
  });
  if (perUnit.length === 0 && !scope.all) throw WAVE_NOT_FOUND;
  return { wave: waveJson(wave), units: perUnit };
}

/** Every wave with a unit in the scope, newest first, as waveStatus gives each. */
export async function waveStatuses(deps: AppDeps, scope: AccessScope) {
  const waves = await deps.store.db.select({ id: surveyWaves.id }).from(surveyWaves).orderBy(sql`${surveyWaves.id} desc`).all();
  const statuses = await Promise.all(
    waves.map((w) => waveStatus(deps, scope, w.id).catch((e) => (e === WAVE_NOT_FOUND ? null : Promise.reject(e)))),
  );
  return statuses.filter((s): s is NonNullable<typeof s> => s !== null && s.units.length > 0);
}

/**
 * Creates a wave: per unit the sample size for the target margin (with the finite-population
 * correction from the unit's completed dossiers, or a given household count), then a seeded draw
 * of that many completed dossiers plus a reserve list. The same seed draws the same respondents.
 */
export async function createWave(deps: AppDeps, actor: { userId: number; scope: AccessScope }, input: WaveInput) {
  const definition = getDefinition(input.definitionId);
  if (!definition || !surveyable(definition)) {
    throw invalidField(
      'definitionId',
      'Đợt khảo sát cần một phương pháp có phiếu hỏi (SIPAS, Chỉ số CCHC)',
      'A survey wave needs a method with a questionnaire (SIPAS, PAR Index)',
    );
  }
  if (input.to < input.from) throw invalidField('to', 'Ngày kết thúc phải sau ngày bắt đầu', 'to must not be before from');
  const found = await deps.store.db.select({ id: units.id }).from(units).where(inArray(units.id, input.unitIds)).all();
  if (found.length !== new Set(input.unitIds).size) throw invalidField('unitIds', 'Có đơn vị không tồn tại', 'A unit does not exist');
  for (const id of input.unitIds) {
    if (!canAccess(actor.scope, id))
      throw invalidField('unitIds', `Đơn vị ${id} nằm ngoài phạm vi của bạn`, `Unit ${id} is outside your scope`);
  }
  const seed = input.seed ?? Math.floor(deps.now() % 2_147_483_647);
  const period: Period = { from: vnDayStart(input.from), to: vnDayEnd(input.to) };
  const now = deps.now();

  return deps.store.transaction(async (tx) => {
    const wave = await tx
      .insert(surveyWaves)
      .values({
        name: input.name,
        definitionId: definition.id,
        periodFrom: input.from,
        periodTo: input.to,
        marginOfError: input.marginOfError,
        confidence: input.confidence,
        expectedShare: input.expectedShare,
        reserveRate: input.reserveRate,
        designEffect: input.designEffect,
        seed,
        doubleEntry: input.doubleEntry,
        status: 'fieldwork',
        createdBy: actor.userId,
        createdAt: new Date(now),
      })
      .returning()
      .get();
    const plan = [];
    for (const unitId of [...new Set(input.unitIds)].sort((a, b) => a - b)) {
      const frame = (
        await tx
          .select({ id: transactions.id })
          .from(transactions)
          .where(
            and(
              eq(transactions.unitId, unitId),
              isNotNull(transactions.resolvedAt),
              gte(transactions.resolvedAt, new Date(period.from)),
              lt(transactions.resolvedAt, new Date(period.to)),
            ),
          )
          .orderBy(transactions.id)
          .all()
      ).map((t) => t.id);
      const given = input.populations?.[String(unitId)];
      const population = given ?? frame.length;
      const planned = sampleSize({
        margin: input.marginOfError,
        confidence: input.confidence,
        expectedShare: input.expectedShare,
        population,
        designEffect: input.designEffect,
      });
      const reserve = Math.min(Math.max(0, population - planned), Math.ceil(planned * input.reserveRate));
      // Each unit's draw has its own stream, so adding a unit to a wave leaves the others' draws alone.
      const drawn = given === undefined ? seededShuffle(frame, seed + unitId).slice(0, planned + reserve) : [];
      await tx.insert(surveyWaveUnits).values({ waveId: wave.id, unitId, population, planned, reserve }).run();
      const rows = Array.from({ length: planned + reserve }, (_, i) => ({
        waveId: wave.id,
        unitId,
        code: `S${wave.id}-${unitId}-${String(i + 1).padStart(4, '0')}`,
        transactionId: drawn[i] ?? null,
        reserve: i >= planned,
        status: 'drawn' as const,
      }));
      for (let i = 0; i < rows.length; i += 500)
        await tx
          .insert(surveyRespondents)
          .values(rows.slice(i, i + 500))
          .run();
      plan.push({ unitId, population, planned, reserve });
    }
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'survey_wave.create',
      entity: 'survey_wave',
      entityId: wave.id,
      after: { ...input, seed, plan },
    });
    return { wave: waveJson(wave), plan };
  });
}

/** Checks answers against the method: levels 1–5 or the question's option codes (0 or null: no answer). */
function normaliseAnswers(definition: Definition, answers: Answers): Record<string, string> {
  const questions = new Map(questionnaireOrder(definition).map((q) => [q.id, q]));
  const out: Record<string, string> = {};
  for (const [item, value] of Object.entries(answers)) {
    if (value === null || value === 0 || value === '' || value === '0') continue;
    const question = questions.get(item);
    if (!question) throw invalidField(`answers.${item}`, 'Không có câu hỏi này trong phiếu', 'No such question on this questionnaire');
    if (question.kind === 'level') {
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5)) {
        throw invalidField(`answers.${item}`, 'Câu trả lời phải là 1–5 (0: không trả lời)', 'An answer is 1–5 (0: no answer)');
      }
      out[item] = String(value);
      continue;
    }
    const codes = Array.isArray(value) ? value : [String(value)];
    if (question.kind === 'option' && codes.length > 1)
      throw invalidField(`answers.${item}`, 'Câu hỏi này chỉ chọn một', 'This question takes one option');
    for (const code of codes) {
      if (!question.options?.some((o) => o.code === code))
        throw invalidField(`answers.${item}`, `Không có lựa chọn "${code}"`, `No option "${code}"`);
      // A single choice stores its code; a multiple-choice question stores one row per option chosen.
      if (question.kind === 'options') out[`${item}:${code}`] = '1';
      else out[item] = code;
    }
  }
  return out;
}

const sameAnswers = (a: Record<string, string>, b: Record<string, string>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();

/**
 * Keys one paper form (or a tablet submission). Without double entry the answers are final at
 * once. With it, the first entry waits for a second by another person; the form is completed only
 * when both agree, else 409 lists the items that differ (a reconciling entry then decides).
 */
/** Ends a wave's fieldwork (Home Affairs over every unit of the wave): no more forms are entered; audited. */
export async function closeWave(deps: AppDeps, actor: { userId: number; scope: AccessScope }, waveId: number) {
  const { wave, units: plans } = await waveStatus(deps, actor.scope, waveId);
  if (plans.length === 0 || !(await everyUnitOfWave(deps, waveId)).every((id) => canAccess(actor.scope, id)))
    throw new HttpError(403, 'out_of_scope', {
      vi: 'Đợt khảo sát có đơn vị ngoài phạm vi của bạn',
      en: 'The wave has units outside your scope',
    });
  if (wave.status === 'closed')
    throw new HttpError(409, 'wave_closed', { vi: 'Đợt khảo sát đã kết thúc', en: 'The survey wave is closed' });
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx.update(surveyWaves).set({ status: 'closed' }).where(eq(surveyWaves.id, waveId)).run();
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'survey_wave.close',
      entity: 'survey_wave',
      entityId: waveId,
      before: { status: wave.status },
      after: { status: 'closed' },
    });
  });
  return { ...wave, status: 'closed' as const };
}

const everyUnitOfWave = async (deps: AppDeps, waveId: number) =>
  (await deps.store.db.select({ id: surveyWaveUnits.unitId }).from(surveyWaveUnits).where(eq(surveyWaveUnits.waveId, waveId)).all()).map(
    (u) => u.id,
  );

/**
 * The form a code names, when it can be entered now: in the caller's scope, its wave in the field,
 * not complete. Checked before anyone keys or answers a single question.
 */
export async function formToEnter(deps: AppDeps, scope: AccessScope, waveId: number, code: string) {
  const wave = await deps.store.db.select().from(surveyWaves).where(eq(surveyWaves.id, waveId)).get();
  if (!wave) throw new HttpError(404, 'wave_not_found', { vi: 'Không có đợt khảo sát này', en: 'No such survey wave' });
  const respondent = await deps.store.db
    .select()
    .from(surveyRespondents)
    .where(and(eq(surveyRespondents.waveId, waveId), eq(surveyRespondents.code, code)))
    .get();
  if (!respondent) throw invalidField('code', `Không có phiếu mã "${code}" trong đợt này`, `No form "${code}" in this wave`);
  if (!canAccess(scope, respondent.unitId)) {
    throw new HttpError(403, 'out_of_scope', {
      vi: 'Phiếu này thuộc đơn vị ngoài phạm vi của bạn',
      en: 'This form belongs to a unit outside your scope',
    });
  }
  if (wave.status !== 'fieldwork')
    throw new HttpError(409, 'wave_closed', { vi: 'Đợt khảo sát đã kết thúc', en: 'The survey wave is closed' });
  if (respondent.status === 'completed') {
    throw new HttpError(409, 'form_completed', { vi: `Phiếu ${code} đã được nhập xong`, en: `Form ${code} is already complete` });
  }
  const entered = await deps.store.db.select({ n: count() }).from(surveyEntries).where(eq(surveyEntries.respondentId, respondent.id)).get();
  return { wave, respondent, entries: entered?.n ?? 0 };
}

export async function enterResponse(
  deps: AppDeps,
  actor: { userId: number; scope: AccessScope; canReconcile: boolean },
  waveId: number,
  code: string,
  answers: Answers,
  reconcile: boolean,
  design: FormDesign = {},
) {
  const { wave, respondent } = await formToEnter(deps, actor.scope, waveId, code);
  const definition = getDefinition(wave.definitionId) as Definition;
  const normalised = normaliseAnswers(definition, answers);
  const now = deps.now();

  return deps.store.transaction(async (tx) => {
    const entries = await tx
      .select()
      .from(surveyEntries)
      .where(eq(surveyEntries.respondentId, respondent.id))
      .orderBy(surveyEntries.entryNo)
      .all();
    const entryNo = entries.length + 1;
    const complete = (final: Record<string, string>) => completeForm(tx, respondent, final, now, actor.userId, design);
    if (reconcile) {
      if (!actor.canReconcile)
        throw new HttpError(403, 'forbidden_role', {
          vi: 'Chỉ cán bộ Nội vụ đối chiếu phiếu',
          en: 'Only Home Affairs staff reconcile forms',
        });
      if (entries.length < 2)
        throw new HttpError(409, 'nothing_to_reconcile', { vi: 'Phiếu chưa có hai lần nhập', en: 'The form has not been entered twice' });
    } else if (wave.doubleEntry && entries.some((e) => e.userId === actor.userId)) {
      throw new HttpError(409, 'same_person', {
        vi: 'Lần nhập thứ hai phải do người khác thực hiện',
        en: 'The second entry must be made by someone else',
      });
    }
    await tx
      .insert(surveyEntries)
      .values({ respondentId: respondent.id, entryNo, userId: actor.userId, answers: normalised, createdAt: new Date(now) })
      .run();
    if (!wave.doubleEntry || reconcile) {
      await complete(normalised);
      return { code, status: 'completed' as const, entry: entryNo };
    }
    if (entryNo === 1) return { code, status: 'awaiting_second_entry' as const, entry: entryNo };
    const differences = sameAnswers(entries[entryNo - 2]?.answers as Record<string, string>, normalised);
    if (differences.length === 0) {
      await complete(normalised);
      return { code, status: 'completed' as const, entry: entryNo };
    }
    return { code, status: 'entries_differ' as const, entry: entryNo, differences };
  });
}

/** Stores a form's final answers and marks it completed, with an audit entry (userId null: the household itself). */
async function completeForm(
  tx: Db,
  respondent: { id: number; code: string },
  answers: Record<string, string>,
  now: number,
  userId: number | null,
  design: FormDesign = {},
) {
  const rows = Object.entries(answers).map(([item, answer]) => ({ respondentId: respondent.id, item, answer }));
  if (rows.length) await tx.insert(surveyAnswers).values(rows).run();
  await tx
    .update(surveyRespondents)
    .set({ status: 'completed', completedAt: new Date(now), ...design })
    .where(eq(surveyRespondents.id, respondent.id))
    .run();
  await recordAudit(tx, now, {
    userId,
    action: 'survey_response.complete',
    entity: 'survey_respondent',
    entityId: respondent.id,
    // How many items were answered, never the answers: with the form's code they would name a household's views.
    after: { code: respondent.code, items: rows.length },
  });
}

/**
 * Secret links (128 random bits; only the SHA-256 is kept) for a unit's forms not yet completed, so
 * households answer on their own phones. Issuing again replaces the earlier links. Shown once.
 */
export async function issueLinks(
  deps: AppDeps,
  actor: { userId: number; scope: AccessScope },
  waveId: number,
  unitId: number,
  base: string,
) {
  if (!canAccess(actor.scope, unitId))
    throw new HttpError(403, 'out_of_scope', { vi: 'Đơn vị nằm ngoài phạm vi của bạn', en: 'The unit is outside your scope' });
  const forms = await deps.store.db
    .select({ id: surveyRespondents.id, code: surveyRespondents.code })
    .from(surveyRespondents)
    .where(and(eq(surveyRespondents.waveId, waveId), eq(surveyRespondents.unitId, unitId), eq(surveyRespondents.status, 'drawn')))
    .orderBy(surveyRespondents.id)
    .all();
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const links: { code: string; url: string }[] = [];
    for (const form of forms) {
      const token = newSecret(16);
      await tx
        .update(surveyRespondents)
        .set({ linkHash: sha256(token) })
        .where(eq(surveyRespondents.id, form.id))
        .run();
      links.push({ code: form.code, url: new URL(`/s/${token}`, base).toString() });
    }
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'survey_links.issue',
      entity: 'survey_wave',
      entityId: waveId,
      after: { unitId, forms: links.length },
    });
    return links;
  });
}

/** The form a secret link opens, with its wave; undefined for an unknown link. */
export function formByLink(deps: AppDeps, token: string) {
  return deps.store.db
    .select({ respondent: surveyRespondents, wave: surveyWaves })
    .from(surveyRespondents)
    .innerJoin(surveyWaves, eq(surveyWaves.id, surveyRespondents.waveId))
    .where(eq(surveyRespondents.linkHash, sha256(token)))
    .get();
}

/** A household completes its form through its link: checked like any entry, final at once. */
export async function selfComplete(deps: AppDeps, token: string, answers: Answers) {
  const found = await formByLink(deps, token);
  if (!found)
    throw new HttpError(404, 'link_not_found', { vi: 'Đường dẫn phiếu khảo sát không đúng', en: 'This survey link is not valid' });
  if (found.wave.status !== 'fieldwork')
    throw new HttpError(409, 'wave_closed', { vi: 'Đợt khảo sát đã kết thúc', en: 'The survey wave is closed' });
  if (found.respondent.status === 'completed') {
    throw new HttpError(409, 'form_completed', {
      vi: 'Phiếu này đã được trả lời. Cảm ơn Ông/Bà!',
      en: 'This form has already been answered. Thank you!',
    });
  }
  const normalised = normaliseAnswers(getDefinition(found.wave.definitionId) as Definition, answers);
  const now = deps.now();
  await deps.store.transaction((tx) => completeForm(tx, found.respondent, normalised, now, null));
  return { code: found.respondent.code, status: 'completed' as const };
}

export interface UnitSurvey {
  inputs: Inputs;
  reported: ReportedInputs;
  /** The completed forms with their stratum and cluster: what intervals by the design are computed from. */
  design: SurveyDesign;
  planned: number;
  completed: number;
}

/**
 * Survey answers per unit over the completed forms of matching waves: the counts the engine reads,
 * the reported items' option counts, and each form with its stratum (the wave's unit unless the
 * form names one) and cluster. A stratum whose forms were drawn alone from a known population
 * carries it, for the finite-population correction.
 */
export async function surveyInputs(deps: AppDeps, definition: Definition, unitIds: number[], from: string, to: string) {
  const statements = new Set(
    questionnaireOrder(definition)
      .filter((q) => q.statement)
      .map((q) => q.id),
  );
  const matching = and(
    eq(surveyWaves.definitionId, definition.id),
    gte(surveyWaves.periodFrom, from),
    sql`${surveyWaves.periodTo} <= ${to}`,
    inArray(surveyRespondents.unitId, unitIds),
  );
  const rows = await deps.store.db
    .select({
      respondentId: surveyRespondents.id,
      unitId: surveyRespondents.unitId,
      waveId: surveyRespondents.waveId,
      stratum: surveyRespondents.stratum,
      cluster: surveyRespondents.cluster,
      item: surveyAnswers.item,
      answer: surveyAnswers.answer,
    })
    .from(surveyAnswers)
    .innerJoin(surveyRespondents, eq(surveyRespondents.id, surveyAnswers.respondentId))
    .innerJoin(surveyWaves, eq(surveyWaves.id, surveyRespondents.waveId))
    .where(matching)
    .orderBy(surveyAnswers.respondentId)
    .all();
  const coverage = await deps.store.db
    .select({
      unitId: surveyRespondents.unitId,
      waveId: surveyRespondents.waveId,
      population: surveyWaveUnits.population,
      planned: sql<number>`sum(case when ${surveyRespondents.reserve} then 0 else 1 end)`,
      completed: sql<number>`sum(case when ${surveyRespondents.status} = 'completed' then 1 else 0 end)`,
    })
    .from(surveyRespondents)
    .innerJoin(surveyWaves, eq(surveyWaves.id, surveyRespondents.waveId))
    .innerJoin(
      surveyWaveUnits,
      and(eq(surveyWaveUnits.waveId, surveyRespondents.waveId), eq(surveyWaveUnits.unitId, surveyRespondents.unitId)),
    )
    .where(matching)
    .groupBy(surveyRespondents.unitId, surveyRespondents.waveId, surveyWaveUnits.population)
    .all();
  const byUnit = new Map<number, UnitSurvey>(
    unitIds.map((id) => [id, { inputs: {}, reported: {}, design: { respondents: [], populations: {} }, planned: 0, completed: 0 }]),
  );
  const stratumOf = (waveId: number, unitId: number, named: string | null) => named ?? `wave-${waveId}-unit-${unitId}`;
  const populations = new Map<string, number>();
  for (const c of coverage) {
    const unit = byUnit.get(c.unitId) as UnitSurvey;
    unit.planned += Number(c.planned);
    unit.completed += Number(c.completed);
    populations.set(stratumOf(c.waveId, c.unitId, null), c.population);
  }
  let form: Respondent | undefined;
  let formId: number | undefined;
  for (const r of rows) {
    const unit = byUnit.get(r.unitId) as UnitSurvey;
    if (r.respondentId !== formId) {
      formId = r.respondentId;
      form = { stratum: stratumOf(r.waveId, r.unitId, r.stratum), cluster: r.cluster, answers: {} };
      unit.design.respondents.push(form);
    }
    const [item, option] = r.item.includes(':') ? (r.item.split(':') as [string, string]) : [r.item, r.answer];
    if (statements.has(item)) {
      (form as Respondent).answers[item] = option;
      const input = (unit.inputs[item] ?? { counts: {} }) as { counts: Record<string, number> };
      unit.inputs[item] = input;
      input.counts[option] = (input.counts[option] ?? 0) + 1;
    } else {
      const entry = unit.reported[item] ?? { counts: {}, respondents: unit.completed };
      unit.reported[item] = entry;
      entry.counts[option] = (entry.counts[option] ?? 0) + 1;
    }
  }
  // The correction applies where forms were drawn one by one from the stated population, not by cluster.
  for (const unit of byUnit.values()) {
    const clustered = new Set(unit.design.respondents.filter((f) => f.cluster).map((f) => f.stratum));
    const strata = new Set(unit.design.respondents.map((f) => f.stratum));
    for (const stratum of strata) {
      const population = populations.get(stratum);
      if (population !== undefined && !clustered.has(stratum)) (unit.design.populations as Record<string, number>)[stratum] = population;
    }
  }
  return byUnit;
}

/**
 * Completes forms from a file: a code column ("Mã phiếu") and one column per question, headed by
 * its number on the paper form (1, "Câu 1") or its id. Cells hold what the paper shows: 1–5 for a
 * statement (0 or empty: no answer), option numbers for the other questions. All rows or none.
 */
export async function importResponses(
  deps: AppDeps,
  actor: { userId: number; scope: AccessScope },
  waveId: number,
  table: Table,
  source: { filename: string; contentHash: string },
  dryRun: boolean,
) {
  const wave = await deps.store.db.select().from(surveyWaves).where(eq(surveyWaves.id, waveId)).get();
  if (!wave) throw new HttpError(404, 'wave_not_found', { vi: 'Không có đợt khảo sát này', en: 'No such survey wave' });
  const previous = await deps.store.db
    .select()
    .from(imports)
    .where(and(eq(imports.kind, 'survey_responses'), eq(imports.contentHash, source.contentHash)))
    .get();
  if (previous) return { importId: previous.id, duplicate: true, dryRun, rows: previous.rows, completed: 0 };
  const definition = getDefinition(wave.definitionId) as Definition;
  const order = questionnaireOrder(definition);
  const headers = table.headers.map((h) => h.toLowerCase());
  const codeColumn = headers.findIndex((h) => h === 'mã phiếu' || h === 'code' || h === 'form code');
  const designColumns = {
    stratum: table.headers.findIndex((h) => STRATUM_HEADINGS.has(wordKey(h))),
    cluster: table.headers.findIndex((h) => CLUSTER_HEADINGS.has(wordKey(h))),
  };
  const lines: LineError[] = [];
  if (codeColumn < 0)
    lines.push({ line: 1, field: 'code', message: { vi: 'Thiếu cột "Mã phiếu"', en: 'Missing column "Mã phiếu" (code)' } });
  const columns: { index: number; question: (typeof order)[number] }[] = [];
  table.headers.forEach((header, index) => {
    if (index === codeColumn || index === designColumns.stratum || index === designColumns.cluster) return;
    const number = /^(?:câu\s*|c\s*)?(\d+)$/i.exec(header)?.[1];
    const question = number ? order[Number(number) - 1] : order.find((q) => q.id === header);
    if (question) columns.push({ index, question });
    else
      lines.push({
        line: 1,
        field: header,
        message: { vi: `Cột "${header}" không ứng với câu hỏi nào`, en: `Column "${header}" matches no question` },
      });
  });
  if (lines.length) throw importRejected(lines, lines.length, NO_FORM_STORED);

  const respondents = new Map(
    (await deps.store.db.select().from(surveyRespondents).where(eq(surveyRespondents.waveId, waveId)).all()).map((r) => [r.code, r]),
  );
  const seen = new Map<string, number>();
  const valid: { respondentId: number; answers: Record<string, string>; design: FormDesign }[] = [];
  for (const { line, cells } of table.rows) {
    const code = cells[codeColumn] ?? '';
    const respondent = respondents.get(code);
    const fail = (field: string, vi: string, en: string) => lines.push({ line, field, message: { vi, en } });
    if (!respondent) fail('code', `Không có phiếu mã "${code}" trong đợt này`, `No form "${code}" in this wave`);
    else if (!canAccess(actor.scope, respondent.unitId))
      fail('code', `Phiếu "${code}" thuộc đơn vị ngoài phạm vi của bạn`, `Form "${code}" is outside your scope`);
    else if (respondent.status === 'completed')
      fail('code', `Phiếu "${code}" đã nhập xong trước đây`, `Form "${code}" was completed before`);
    else if (seen.has(code))
      fail('code', `Phiếu "${code}" trùng với dòng ${seen.get(code)}`, `Form "${code}" repeats line ${seen.get(code)}`);
    if (respondent) seen.set(code, seen.get(code) ?? line);
    const design: FormDesign = {};
    for (const field of ['stratum', 'cluster'] as const) {
      const cell = (cells[designColumns[field]] ?? '').normalize('NFC').trim();
      if (cell.length > 64)
        fail(field, `Ô "${field === 'stratum' ? 'Tầng' : 'Cụm'}" dài quá 64 ký tự`, `The ${field} is over 64 characters`);
      else if (cell) design[field] = cell;
    }
    const answers: Answers = {};
    for (const { index, question } of columns) {
      const cell = (cells[index] ?? '').trim();
      if (cell === '' || cell === '0') continue;
      if (question.kind === 'level') {
        answers[question.id] = /^\d$/.test(cell) ? Number(cell) : cell;
        continue;
      }
      const codes = question.options?.map((o) => o.code) ?? [];
      const picks = cell.split(/[\s,;]+/).map((n) => (/^\d+$/.test(n) ? codes[Number(n) - 1] : undefined));
      if (picks.some((p) => p === undefined)) {
        fail(
          question.id,
          `Câu ${question.number}: "${cell}" không phải số thứ tự phương án (1–${codes.length})`,
          `Question ${question.number}: "${cell}" is not an option number (1–${codes.length})`,
        );
        continue;
      }
      answers[question.id] = question.kind === 'options' ? (picks as string[]) : (picks[0] as string);
    }
    try {
      const normalised = normaliseAnswers(definition, answers);
      if (respondent && !lines.some((l) => l.line === line)) valid.push({ respondentId: respondent.id, answers: normalised, design });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const field = error.fields?.[0];
      lines.push({ line, field: field?.field ?? '(row)', message: field?.message ?? error.bilingual });
    }
  }
  if (lines.length) throw importRejected(lines, lines.length, NO_FORM_STORED);
  if (dryRun) return { importId: null, duplicate: false, dryRun, rows: table.rows.length, completed: valid.length };

  const now = deps.now();
  const importId = await deps.store.transaction(async (tx) => {
    const id = (
      await tx
        .insert(imports)
        .values({
          kind: 'survey_responses',
          contentHash: source.contentHash,
          filename: source.filename,
          rows: table.rows.length,
          inserted: valid.length,
          updated: 0,
          userId: actor.userId,
          at: new Date(now),
        })
        .returning({ id: imports.id })
        .get()
    ).id;
    for (const { respondentId, answers, design } of valid) {
      const rows = Object.entries(answers).map(([item, answer]) => ({ respondentId, item, answer }));
      if (rows.length) await tx.insert(surveyAnswers).values(rows).run();
      await tx
        .update(surveyRespondents)
        .set({ status: 'completed', completedAt: new Date(now), ...design })
        .where(eq(surveyRespondents.id, respondentId))
        .run();
    }
    await recordAudit(tx, now, {
      userId: actor.userId,
      action: 'import.survey_responses',
      entity: 'import',
      entityId: id,
      after: { waveId, filename: source.filename, contentHash: source.contentHash, completed: valid.length },
    });
    return id;
  });
  return { importId, duplicate: false, dryRun, rows: table.rows.length, completed: valid.length };
}

/** The drawn forms of a unit of a wave in the scope: codes to print, the sampled dossier, reserve or not, status. */
export async function respondentsOf(deps: AppDeps, scope: AccessScope, waveId: number, unitId: number) {
  assertCanAccess(scope, unitId);
  return deps.store.db
    .select({
      code: surveyRespondents.code,
      transactionId: surveyRespondents.transactionId,
      reserve: surveyRespondents.reserve,
      status: surveyRespondents.status,
    })
    .from(surveyRespondents)
    .where(and(eq(surveyRespondents.waveId, waveId), eq(surveyRespondents.unitId, unitId)))
    .orderBy(surveyRespondents.id)
    .all();
}

/** The printable paper questionnaires of a unit: one form per drawn respondent, its code on every page. */
export async function formsPdf(deps: AppDeps, scope: AccessScope, waveId: number, unitId: number) {
  assertCanAccess(scope, unitId);
  const wave = await deps.store.db.select().from(surveyWaves).where(eq(surveyWaves.id, waveId)).get();
  if (!wave) throw WAVE_NOT_FOUND;
  const unitName = (await deps.store.db.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get())?.name ?? '';
  const codes = (await respondentsOf(deps, scope, waveId, unitId)).map((r) => r.code);
  return renderSurveyForms(getDefinition(wave.definitionId) as Definition, wave, unitName, codes);
}
