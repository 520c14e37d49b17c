import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import {
  type Computation,
  compute,
  computeDesign,
  type Definition,
  getDefinition,
  type Inputs,
  type NodeResult,
  officialRanks,
  statisticalTiers,
} from '../../engine/index.js';
import { recordAudit } from '../audit/service.js';
import { unconfirmedRules } from '../methods/service.js';
import { sha256 } from '../platform/auth/secrets.js';
import type { AccessScope, AppDeps, SessionUser } from '../platform/context.js';
import { parAssessments, parItems, units } from '../platform/db/schema.js';
import { HttpError, invalidField } from '../platform/errors.js';
import type { PAR_STATES } from '../platform/vocabulary.js';
import { surveyInputs } from '../surveys/service.js';
import { canAccess } from '../units/access.js';
import { enqueue } from '../webhooks/service.js';
import { Item as ItemSchema, PAR_APPRAISERS } from './schemas.js';

/** The SIPAS whose result is folded into a PAR Index (methodology README: QĐ 1001 from 2023). */
const SIPAS_FOR_PAR = 'sipas-qd1001-2023';

type Assessment = typeof parAssessments.$inferSelect;
type Item = typeof parItems.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;
/** An assessment as JSON answers carry it. */
export const assessmentJson = (a: Assessment) => ({
  ...a,
  createdAt: a.createdAt.toISOString(),
  submittedAt: iso(a.submittedAt),
  appraisedAt: iso(a.appraisedAt),
  publishedAt: iso(a.publishedAt),
});
/** An item as JSON answers carry it; its JSON columns read back through their schemas. */
export const itemJson = (i: Item) => ({
  ...i,
  evidence: ItemSchema.shape.evidence.parse(i.evidence),
  surveyCounts: ItemSchema.shape.surveyCounts.parse(i.surveyCounts),
});
type State = (typeof PAR_STATES)[number];
export interface Actor {
  user: SessionUser;
  scope: AccessScope;
}

const homeAffairs = (user: SessionUser) => (PAR_APPRAISERS as readonly string[]).includes(user.role);
const forbidden = (vi: string, en: string) => new HttpError(403, 'forbidden_role', { vi, en });
const wrongState = (state: State, wanted: string) =>
  new HttpError(409, 'wrong_state', {
    vi: `Bản đánh giá đang ở trạng thái "${state}", cần "${wanted}"`,
    en: `The assessment is "${state}"; this needs "${wanted}"`,
  });

function leaves(definition: Definition) {
  const out = new Map<string, Definition['root']>();
  const walk = (n: Definition['root']) => ('children' in n ? n.children.forEach(walk) : out.set(n.id, n));
  walk(definition.root);
  return out;
}

function parDefinition(id: string): Definition {
  const definition = getDefinition(id);
  if (!definition || !id.startsWith('par-'))
    throw invalidField('definitionId', 'Cần một phương pháp Chỉ số CCHC (PAR)', 'A PAR Index method is required');
  return definition;
}

export async function loadAssessment(
  deps: AppDeps,
  actor: Actor,
  id: number,
): Promise<{ assessment: Assessment; definition: Definition; items: Item[] }> {
  const assessment = await deps.store.db.select().from(parAssessments).where(eq(parAssessments.id, id)).get();
  if (!assessment || !canAccess(actor.scope, assessment.unitId)) {
    throw new HttpError(404, 'assessment_not_found', {
      vi: 'Không có bản đánh giá này trong phạm vi của bạn',
      en: 'No such assessment in your scope',
    });
  }
  const items = await deps.store.db.select().from(parItems).where(eq(parItems.assessmentId, id)).all();
  return { assessment, definition: parDefinition(assessment.definitionId), items };
}

/** A new draft, or, after publication, a correction: the next version with a reason, items carried over. */
export async function createAssessment(
  deps: AppDeps,
  actor: Actor,
  input: { unitId: number; year: number; definitionId: string; correctionReason?: string | undefined },
) {
  const definition = parDefinition(input.definitionId);
  if (!canAccess(actor.scope, input.unitId))
    throw new HttpError(403, 'out_of_scope', { vi: 'Đơn vị nằm ngoài phạm vi của bạn', en: 'The unit is outside your scope' });
  if (actor.user.role === 'leader') throw forbidden('Lãnh đạo chỉ xem, không nhập', 'Leaders read; they do not enter');
  const latest = await deps.store.db
    .select()
    .from(parAssessments)
    .where(
      and(eq(parAssessments.unitId, input.unitId), eq(parAssessments.year, input.year), eq(parAssessments.definitionId, definition.id)),
    )
    .orderBy(desc(parAssessments.version))
    .get();
  if (latest && latest.state !== 'published') {
    throw new HttpError(409, 'assessment_open', {
      vi: `Đơn vị đã có bản đánh giá phiên bản ${latest.version} đang ở trạng thái "${latest.state}"`,
      en: `Version ${latest.version} of this assessment is still "${latest.state}"`,
    });
  }
  if (latest && (!homeAffairs(actor.user) || !input.correctionReason || input.correctionReason.trim().length < 10)) {
    throw invalidField(
      'correctionReason',
      'Đã công bố: cán bộ Nội vụ tạo phiên bản sửa đổi và ghi rõ lý do (ít nhất 10 ký tự)',
      'Published: Home Affairs makes a corrected version with a reason (10 characters or more)',
    );
  }
  const now = deps.now();
  return deps.store.transaction(async (tx) => {
    const created = await tx
      .insert(parAssessments)
      .values({
        unitId: input.unitId,
        year: input.year,
        definitionId: definition.id,
        version: (latest?.version ?? 0) + 1,
        state: 'draft',
        correctionReason: latest ? input.correctionReason?.trim().normalize('NFC') : null,
        createdBy: actor.user.id,
        createdAt: new Date(now),
      })
      .returning()
      .get();
    if (latest) {
      const previous = await tx.select().from(parItems).where(eq(parItems.assessmentId, latest.id)).all();
      if (previous.length)
        await tx
          .insert(parItems)
          .values(previous.map((item) => ({ ...item, assessmentId: created.id })))
          .run();
    }
    await recordAudit(tx, now, {
      userId: actor.user.id,
      action: latest ? 'par.correct' : 'par.create',
      entity: 'par_assessment',
      entityId: created.id,
      after: created,
    });
    return assessmentJson(created);
  });
}

async function saveItem(deps: AppDeps, actor: Actor, assessment: Assessment, nodeId: string, patch: Partial<Item>, action: string) {
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    const before = await tx
      .select()
      .from(parItems)
      .where(and(eq(parItems.assessmentId, assessment.id), eq(parItems.nodeId, nodeId)))
      .get();
    const after = { assessmentId: assessment.id, nodeId, ...(before ?? {}), ...patch };
    if (before)
      await tx
        .update(parItems)
        .set(patch)
        .where(and(eq(parItems.assessmentId, assessment.id), eq(parItems.nodeId, nodeId)))
        .run();
    else await tx.insert(parItems).values(after).run();
    await recordAudit(tx, now, {
      userId: actor.user.id,
      action,
      entity: 'par_item',
      entityId: `${assessment.id}/${nodeId}`,
      before: before ?? null,
      after,
    });
  });
}

/** The unit's own score of an appraised sub-criterion, with its evidence; only while the draft is open. */
export async function selfAssess(
  deps: AppDeps,
  actor: Actor,
  id: number,
  nodeId: string,
  input: { points?: number | undefined; notApplicable: boolean; evidence?: unknown; note?: string | undefined },
) {
  const { assessment, definition, items } = await loadAssessment(deps, actor, id);
  if (actor.user.role === 'leader') throw forbidden('Lãnh đạo chỉ xem, không nhập', 'Leaders read; they do not enter');
  if (assessment.state !== 'draft') throw wrongState(assessment.state, 'draft');
  const leaf = leaves(definition).get(nodeId);
  if (leaf?.rule !== 'points') throw invalidField('nodeId', 'Mục này không do đơn vị tự chấm', 'This item is not self-assessed');
  // A file uploaded for the item stays with it whatever the form sends: only another upload replaces it.
  const stored = items.find((i) => i.nodeId === nodeId)?.evidence as { file?: string; fileId?: string } | null | undefined;
  const uploaded = stored?.fileId ? { file: stored.file, fileId: stored.fileId } : {};
  const evidence = input.evidence || uploaded.fileId ? { ...(input.evidence as object | undefined), ...uploaded } : null;
  if (!input.notApplicable && (input.points === undefined || input.points < 0 || input.points > leaf.max)) {
    throw invalidField('points', `Điểm phải từ 0 đến ${leaf.max}`, `Points must be between 0 and ${leaf.max}`);
  }
  await saveItem(
    deps,
    actor,
    assessment,
    nodeId,
    {
      selfPoints: input.notApplicable ? null : (input.points as number),
      notApplicable: input.notApplicable,
      evidence,
      note: input.note?.normalize('NFC') ?? null,
    },
    'par.self_assess',
  );
}

/** Lettered answers of the sociological survey for a survey-scored item (Home Affairs). */
export async function enterSurvey(deps: AppDeps, actor: Actor, id: number, nodeId: string, counts: Record<string, number>) {
  const { assessment, definition } = await loadAssessment(deps, actor, id);
  if (!homeAffairs(actor.user)) throw forbidden('Kết quả điều tra xã hội học do cán bộ Nội vụ nhập', 'Home Affairs enters survey results');
  if (assessment.state === 'published') throw wrongState(assessment.state, 'draft, submitted or appraised');
  const leaf = leaves(definition).get(nodeId);
  if (leaf?.rule !== 'points_table') throw invalidField('nodeId', 'Mục này không chấm bằng điều tra', 'This item is not survey-scored');
  for (const code of Object.keys(counts))
    if (!(code in leaf.table)) throw invalidField(`counts.${code}`, `Không có phương án "${code}"`, `No answer "${code}"`);
  await saveItem(deps, actor, assessment, nodeId, { surveyCounts: counts }, 'par.survey');
}

/** Home Affairs accepts the unit's score or changes it, with a reason; bonus/penalty is set here too. */
export async function appraise(
  deps: AppDeps,
  actor: Actor,
  id: number,
  nodeId: string,
  input: { decision: 'accept' | 'change'; points?: number | undefined; reason?: string | undefined },
) {
  const { assessment, definition, items } = await loadAssessment(deps, actor, id);
  if (!homeAffairs(actor.user)) throw forbidden('Chỉ cán bộ Nội vụ thẩm định', 'Only Home Affairs appraises');
  if (assessment.state !== 'submitted') throw wrongState(assessment.state, 'submitted');
  const leaf = leaves(definition).get(nodeId);
  if (!leaf || (leaf.rule !== 'points' && leaf.rule !== 'adjustment'))
    throw invalidField('nodeId', 'Mục này không thẩm định', 'This item is not appraised');
  const item = items.find((i) => i.nodeId === nodeId);
  if (input.decision === 'accept') {
    if (leaf.rule === 'adjustment' || !item || (item.selfPoints === null && !item.notApplicable)) {
      throw invalidField('decision', 'Không có điểm tự chấm để chấp nhận', 'There is no self-assessed score to accept');
    }
    await saveItem(
      deps,
      actor,
      assessment,
      nodeId,
      { appraisedPoints: item.selfPoints, appraisalReason: null, appraisedBy: actor.user.id },
      'par.appraise',
    );
    return;
  }
  const lower = leaf.rule === 'adjustment' ? leaf.min : 0;
  if (input.points === undefined || input.points < lower || input.points > leaf.max) {
    throw invalidField('points', `Điểm phải từ ${lower} đến ${leaf.max}`, `Points must be between ${lower} and ${leaf.max}`);
  }
  if (!input.reason || input.reason.trim().length < 5)
    throw invalidField('reason', 'Thay đổi điểm phải ghi lý do', 'A changed score needs a reason');
  await saveItem(
    deps,
    actor,
    assessment,
    nodeId,
    { appraisedPoints: input.points, appraisalReason: input.reason.trim().normalize('NFC'), appraisedBy: actor.user.id },
    'par.appraise',
  );
}

const NEXT: Record<Exclude<State, 'draft'>, { from: State; homeAffairsOnly: boolean }> = {
  submitted: { from: 'draft', homeAffairsOnly: false },
  appraised: { from: 'submitted', homeAffairsOnly: true },
  published: { from: 'appraised', homeAffairsOnly: true },
};

/**
 * The survey leaves of an appraised assessment with no answer: under missing = 'zero' they score
 * 0, so an index published without them reads as a fall it is not.
 */
async function unansweredSurvey(deps: AppDeps, assessment: Assessment, definition: Definition, items: Item[]) {
  const result = await scoreAssessment(deps, assessment, definition, items, 'appraised');
  const surveyed = leaves(definition);
  const out: string[] = [];
  const walk = (n: NodeResult) => {
    const node = surveyed.get(n.id);
    if (node && (node.rule === 'points_table' || node.rule === 'from_index') && (n.imputed || n.status === 'missing')) out.push(n.id);
    for (const child of n.children ?? []) walk(child);
  };
  walk(result.root);
  return out;
}

/**
 * Moves an assessment on: draft → submitted (the unit) → appraised → published (Home Affairs).
 * Publishing with survey items unanswered is refused unless Home Affairs gives a reason.
 */
export async function transition(deps: AppDeps, actor: Actor, id: number, to: Exclude<State, 'draft'>, override?: string) {
  const { assessment, definition, items } = await loadAssessment(deps, actor, id);
  const rule = NEXT[to];
  if (actor.user.role === 'leader' || (rule.homeAffairsOnly && !homeAffairs(actor.user))) {
    throw forbidden(
      rule.homeAffairsOnly ? 'Chỉ cán bộ Nội vụ thẩm định và công bố' : 'Lãnh đạo chỉ xem',
      rule.homeAffairsOnly ? 'Only Home Affairs appraises and publishes' : 'Leaders read only',
    );
  }
  if (assessment.state !== rule.from) throw wrongState(assessment.state, rule.from);
  const scored = [...leaves(definition).values()].filter((l) => l.rule === 'points').map((l) => l.id);
  const byNode = new Map(items.map((i) => [i.nodeId, i]));
  const missing =
    to === 'submitted'
      ? scored.filter((n) => byNode.get(n)?.selfPoints == null && !byNode.get(n)?.notApplicable)
      : to === 'appraised'
        ? scored.filter((n) => !byNode.get(n)?.notApplicable && byNode.get(n)?.appraisedPoints == null)
        : [];
  if (missing.length) {
    throw new HttpError(
      422,
      'incomplete_assessment',
      { vi: `Còn ${missing.length} mục chưa chấm`, en: `${missing.length} items are not scored yet` },
      missing.map((n) => ({ field: n, code: 'missing', message: { vi: 'Chưa chấm', en: 'Not scored' } })),
    );
  }
  if (override !== undefined && to !== 'published') throw invalidField('override', 'Chỉ dùng khi công bố', 'Only when publishing');
  const unanswered = to === 'published' ? await unansweredSurvey(deps, assessment, definition, items) : [];
  if (unanswered.length && override === undefined) {
    throw new HttpError(
      422,
      'survey_missing',
      {
        vi: `Còn ${unanswered.length} mục điều tra chưa có kết quả: chỉ số sẽ bị tính 0 điểm cho các mục này. Nhập kết quả điều tra, hoặc ghi lý do để vẫn công bố.`,
        en: `${unanswered.length} survey items have no results: the index would score them 0. Enter the survey results, or give a reason to publish anyway.`,
      },
      unanswered.map((n) => ({ field: n, code: 'survey_missing', message: { vi: 'Chưa có kết quả điều tra', en: 'No survey results' } })),
    );
  }
  const now = deps.now();
  const stamp = {
    submitted: { submittedBy: actor.user.id, submittedAt: new Date(now) },
    appraised: { appraisedBy: actor.user.id, appraisedAt: new Date(now) },
    published: { publishedBy: actor.user.id, publishedAt: new Date(now), publishOverride: unanswered.length ? (override as string) : null },
  }[to];
  return deps.store.transaction(async (tx) => {
    const after = await tx
      .update(parAssessments)
      .set({ state: to, ...stamp })
      .where(eq(parAssessments.id, id))
      .returning()
      .get();
    await recordAudit(tx, now, {
      userId: actor.user.id,
      action: `par.${to}`,
      entity: 'par_assessment',
      entityId: id,
      before: { state: assessment.state },
      after: { state: to, ...(unanswered.length ? { override, unanswered } : {}) },
    });
    if (to === 'published') {
      await enqueue(tx, now, 'index.published', {
        assessmentId: id,
        unitId: after.unitId,
        year: after.year,
        definitionId: after.definitionId,
        version: after.version,
      });
    }
    return assessmentJson(after);
  });
}

/**
 * The assessments of the caller's units, every version, newest year first, units in Vietnamese
 * order: each with the index as self-assessed and (once submitted) as appraised.
 */
export async function listAssessments(deps: AppDeps, scope: AccessScope, q: { year?: number; state?: State; unit?: number }) {
  const rows = (
    await deps.store.db
      .select({ assessment: parAssessments, unit: units })
      .from(parAssessments)
      .innerJoin(units, eq(units.id, parAssessments.unitId))
      .where(
        and(
          q.year === undefined ? undefined : eq(parAssessments.year, q.year),
          q.state === undefined ? undefined : eq(parAssessments.state, q.state),
          q.unit === undefined ? undefined : eq(parAssessments.unitId, q.unit),
        ),
      )
      .all()
  ).filter((r) => canAccess(scope, r.unit.id));
  const collator = new Intl.Collator('vi');
  rows.sort(
    (a, b) =>
      b.assessment.year - a.assessment.year ||
      collator.compare(a.unit.name, b.unit.name) ||
      a.assessment.definitionId.localeCompare(b.assessment.definitionId) ||
      b.assessment.version - a.assessment.version,
  );
  return Promise.all(
    rows.map(async ({ assessment, unit }) => {
      const definition = parDefinition(assessment.definitionId);
      const items = await deps.store.db.select().from(parItems).where(eq(parItems.assessmentId, assessment.id)).all();
      const self = await scoreAssessment(deps, assessment, definition, items, 'self');
      const finished = assessment.state === 'appraised' || assessment.state === 'published';
      const appraised = finished ? await scoreAssessment(deps, assessment, definition, items, 'appraised') : null;
      return {
        ...assessmentJson(assessment),
        unit: { id: unit.id, code: unit.code, name: unit.name },
        selfIndex: self.headline.published,
        appraisedIndex: appraised?.headline.published ?? null,
      };
    }),
  );
}

/** An assessment with its items and the index as self-assessed and (once submitted onwards) as appraised. */
export async function assessmentView(deps: AppDeps, actor: Actor, id: number) {
  const { assessment, definition, items } = await loadAssessment(deps, actor, id);
  const self = await scoreAssessment(deps, assessment, definition, items, 'self');
  const appraised = assessment.state === 'draft' ? null : await scoreAssessment(deps, assessment, definition, items, 'appraised');
  return { assessment: assessmentJson(assessment), items: items.map(itemJson), self, appraised, unconfirmed: unconfirmedRules(definition) };
}

/**
 * The assessment through the engine: as the unit scored itself and as appraised, with the unit's
 * SIPAS of the year folded in. Appraisal and survey points stay apart in the display cards.
 */
export async function scoreAssessment(
  deps: AppDeps,
  assessment: Assessment,
  definition: Definition,
  items: Item[],
  mode: 'self' | 'appraised',
): Promise<Computation> {
  const inputs: Inputs = {};
  const year = { from: `${assessment.year}-01-01`, to: `${assessment.year}-12-31` };
  let stored: Inputs | undefined;
  const surveyed = async () =>
    (stored ??= (await surveyInputs(deps, definition, [assessment.unitId], year.from, year.to)).get(assessment.unitId)?.inputs ?? {});
  for (const [id, leaf] of leaves(definition)) {
    const item = items.find((i) => i.nodeId === id);
    if (leaf.rule === 'points' && item) {
      const points = mode === 'self' ? item.selfPoints : item.appraisedPoints;
      if (item.notApplicable) inputs[id] = { notApplicable: true };
      else if (points !== null) inputs[id] = { points };
    } else if (leaf.rule === 'adjustment' && mode === 'appraised' && item?.appraisedPoints != null) {
      inputs[id] = { points: item.appraisedPoints };
    } else if (leaf.rule === 'points_table') {
      // Counts Home Affairs entered by hand win; otherwise the year's survey waves of this method answer.
      const entered = item?.surveyCounts as Record<string, number> | null | undefined;
      const input = entered ? { counts: entered } : (await surveyed())[id];
      if (input) inputs[id] = input;
    } else if (leaf.rule === 'from_index') {
      const sipas = getDefinition(SIPAS_FOR_PAR) as Definition;
      const answers = (await surveyInputs(deps, sipas, [assessment.unitId], `${assessment.year}-01-01`, `${assessment.year}-12-31`)).get(
        assessment.unitId,
      );
      const result = answers ? computeDesign(sipas, answers.design, { hash: sha256 }) : null;
      if (result?.headline.value != null) {
        const { value, se, n } = result.headline;
        inputs[id] = { value, ...(se != null ? { se } : {}), ...(n != null ? { n } : {}) };
      }
    }
  }
  return compute(definition, inputs, { hash: sha256 });
}

/**
 * Published results of a year and method: each unit's latest published version, its appraised
 * index and group, the official rank and the statistical tier within its block (units of one kind).
 */
export async function results(deps: AppDeps, scope: AccessScope, year: number, definitionId: string) {
  const definition = parDefinition(definitionId);
  const published = (
    await deps.store.db
      .select({ assessment: parAssessments, unit: units })
      .from(parAssessments)
      .innerJoin(units, eq(units.id, parAssessments.unitId))
      .where(and(eq(parAssessments.year, year), eq(parAssessments.definitionId, definitionId), eq(parAssessments.state, 'published')))
      .orderBy(desc(parAssessments.version))
      .all()
  ).filter((r) => canAccess(scope, r.unit.id));
  const latest = new Map<number, (typeof published)[number]>();
  for (const row of published) if (!latest.has(row.unit.id)) latest.set(row.unit.id, row);
  const scored = await Promise.all(
    [...latest.values()].map(async ({ assessment, unit }) => {
      const items = await deps.store.db.select().from(parItems).where(eq(parItems.assessmentId, assessment.id)).all();
      const result = await scoreAssessment(deps, assessment, definition, items, 'appraised');
      const card = (cardId: string) => result.display.find((c) => c.id === cardId) ?? null;
      return {
        unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
        assessmentId: assessment.id,
        version: assessment.version,
        publishOverride: assessment.publishOverride,
        result,
        appraisal: card('appraisal'),
        survey: card('survey'),
      };
    }),
  );
  const blocks = new Map<(typeof scored)[number]['unit']['kind'], typeof scored>();
  for (const row of scored) blocks.set(row.unit.kind, [...(blocks.get(row.unit.kind) ?? []), row]);
  return [...blocks].map(([kind, rows]) => {
    const items = rows.map((r) => ({ key: String(r.unit.id), value: r.result.headline.value, se: null, name: r.unit.name }));
    const ranks = officialRanks(items, definition.options.tieBreak);
    const { comparisons, tiers } = statisticalTiers(items, 0.05, definition.options.multiplicity);
    return {
      block: kind,
      comparisons,
      tieBreak: definition.options.tieBreak,
      unconfirmed: unconfirmedRules(definition),
      units: rows
        .map((r) => ({
          unit: r.unit,
          assessmentId: r.assessmentId,
          version: r.version,
          publishOverride: r.publishOverride,
          index: r.result.headline.value,
          published: r.result.headline.published,
          group: r.result.headline.band,
          appraisalPoints: r.appraisal,
          surveyPoints: r.survey,
          rank: ranks.get(String(r.unit.id)) ?? null,
          tier: tiers.get(String(r.unit.id)) ?? null,
          provenance: r.result.provenance,
        }))
        .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity)),
    };
  });
}

const EVIDENCE_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/**
 * Keeps an evidence file of a draft's sub-criterion under the SHA-256 of its content (the same file
 * twice is stored once) and records it in the item's evidence; returns the reference.
 */
export async function attachEvidence(
  deps: AppDeps,
  actor: Actor,
  id: number,
  nodeId: string,
  file: { name: string; type: string; bytes: Uint8Array },
) {
  const { assessment, definition, items } = await loadAssessment(deps, actor, id);
  if (actor.user.role === 'leader') throw forbidden('Lãnh đạo chỉ xem, không nhập', 'Leaders read; they do not enter');
  if (assessment.state !== 'draft') throw wrongState(assessment.state, 'draft');
  const leaf = leaves(definition).get(nodeId);
  if (leaf?.rule !== 'points') throw invalidField('nodeId', 'Mục này không do đơn vị tự chấm', 'This item is not self-assessed');
  const extension = EVIDENCE_TYPES[file.type];
  if (!extension)
    throw invalidField(
      'file',
      'Minh chứng là tệp PDF, ảnh JPG/PNG, Word hoặc Excel',
      'Evidence is a PDF, JPG/PNG image, Word or Excel file',
    );
  const digest = sha256(file.bytes);
  const stored = `${digest}.${extension}`;
  mkdirSync(deps.env.EVIDENCE_DIR, { recursive: true });
  const path = join(deps.env.EVIDENCE_DIR, stored);
  if (!existsSync(path)) writeFileSync(path, file.bytes);
  const evidence = {
    ...((items.find((i) => i.nodeId === nodeId)?.evidence as object | null) ?? {}),
    file: file.name.normalize('NFC'),
    fileId: stored,
  };
  await saveItem(deps, actor, assessment, nodeId, { evidence }, 'par.evidence');
  return evidence;
}

/** An evidence file, for whoever may read the assessment that cites it. */
export async function readEvidence(deps: AppDeps, actor: Actor, id: number, fileId: string): Promise<{ bytes: Uint8Array; type: string }> {
  const { items } = await loadAssessment(deps, actor, id);
  const cited =
    /^[0-9a-f]{64}\.(pdf|jpg|png|docx|xlsx)$/.test(fileId) &&
    items.some((i) => (i.evidence as { fileId?: string } | null)?.fileId === fileId);
  if (!cited) throw new HttpError(404, 'evidence_not_found', { vi: 'Không có tệp minh chứng này', en: 'No such evidence file' });
  const type = Object.entries(EVIDENCE_TYPES).find(([, ext]) => fileId.endsWith(`.${ext}`))?.[0] as string;
  return { bytes: new Uint8Array(readFileSync(join(deps.env.EVIDENCE_DIR, fileId))), type };
}
