import { eq } from 'drizzle-orm';
import type { Computation, Definition } from '../../engine/index.js';
import { unitDashboard } from '../dashboard/service.js';
import { computeFrom, storedInputs, storedMethod } from '../indices/service.js';
import { unconfirmedRules } from '../methods/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { dayMonthYear, vnDate } from '../platform/time.js';
import { type BelowKind, belowKindLabel, designWords, rankingRules } from '../platform/vocabulary.js';
import { rankChildren } from '../rankings/service.js';
import { accessibleUnit, figureUnits } from '../units/access.js';
import type { ReportBlock, ReportInput, ReportLang, ReportUnit } from './pdf.js';
import { renderReport } from './pdf.js';
import type { ReportQuery } from './schemas.js';

type Dates = { from: string; to: string };

/** A method made of shares alone reads in percent (SIPAS, the tap rating); points read in points. */
const allShares = (node: Definition['root']): boolean => ('children' in node ? node.children.every(allShares) : node.rule === 'share');
export const headlineSuffix = (definition: Definition, lang: ReportLang = 'vi') =>
  definition.options.headline === 'percent' || allShares(definition.root) ? '%' : lang === 'vi' ? ' điểm' : ' points';

/** The parts of a unit's index (the root's children), in the report's language. */
const partsOf = (result: Computation, lang: ReportLang): ReportUnit['parts'] =>
  (result.root.children ?? []).map((c) => ({ label: c.label[lang], value: c.value, interval: c.interval, n: c.n, lowN: c.lowN }));

/** A unit's figure on today's boundaries, as far as the scope reaches (see figureUnits). */
async function computeUnit(deps: AppDeps, scope: AccessScope, definition: Definition, unitId: number, dates: Dates) {
  const figure = await figureUnits(deps, scope, unitId);
  const inputs = await storedInputs(deps, definition, figure, dates);
  return { result: computeFrom(definition, inputs), survey: inputs.survey ?? null, figure };
}

/** The top of a unit's tree (its province), whose people's committee the Home Affairs department serves. */
async function provinceOf(deps: AppDeps, unitId: number): Promise<string> {
  let current = await deps.store.db.select({ name: units.name, parentId: units.parentId }).from(units).where(eq(units.id, unitId)).get();
  while (current?.parentId)
    current = await deps.store.db
      .select({ name: units.name, parentId: units.parentId })
      .from(units)
      .where(eq(units.id, current.parentId))
      .get();
  return current?.name ?? '';
}

/**
 * What every report shares: letterhead, method and its sample (the whole reported on: forms
 * planned and completed, the design), the trend and reasons of the tap rating, the annex of criteria.
 */
async function frame(
  deps: AppDeps,
  definition: Definition,
  top: { id: number; name: string },
  subject: string,
  dates: Dates,
  blocks: ReportBlock[],
  lang: ReportLang,
  whole: Awaited<ReturnType<typeof computeUnit>>,
): Promise<ReportInput> {
  const province = await provinceOf(deps, top.id);
  const annex: ReportInput['annex'] = [];
  const walk = (node: Definition['root'], depth: number) => {
    annex.push({ label: node.label[lang], depth });
    if ('children' in node) for (const child of node.children) walk(child, depth + 1);
  };
  walk(definition.root, 0);
  const { legalBasis } = definition;
  const tap = definition.id === 'tap-rating' ? await unitDashboard(deps, whole.figure, dates, 'month') : null;
  const { headline } = whole.result;
  return {
    lang,
    issuer: [`UBND ${province}`, 'Sở Nội vụ'],
    symbol: 'BC-SNV',
    place: province.replace(/^(Thành phố|Tỉnh)\s+/, ''),
    date: vnDate(deps.now()),
    title: definition.title[lang],
    subject,
    period: dates,
    method: {
      title: definition.title[lang],
      // A method without a decision behind it (the tap rating) names none.
      basis: legalBasis.date
        ? `${legalBasis.document} ${lang === 'vi' ? 'ngày' : 'of'} ${dayMonthYear(legalBasis.date)} ${lang === 'vi' ? 'của' : 'by'} ${legalBasis.issuer}`
        : null,
      note: definition.notSipas
        ? lang === 'vi'
          ? 'Tỷ lệ hài lòng từ đánh giá nhanh tại quầy và trực tuyến; không phải Chỉ số SIPAS.'
          : 'Satisfaction from quick ratings at counters and online; not the SIPAS index.'
        : undefined,
      unconfirmed: unconfirmedRules(definition).map((r) => r.label[lang]),
      census: definition.options.sampling === 'census',
      survey: whole.survey
        ? {
            planned: whole.survey.planned,
            completed: whole.survey.completed,
            design: whole.result.design ? designWords(whole.result.design)[lang] : null,
          }
        : null,
    },
    suffix: headlineSuffix(definition, lang),
    overall: { name: top.name, value: headline.value, interval: headline.interval, n: headline.n, lowN: headline.lowN },
    blocks,
    trend: tap ? tap.trend.map((t) => ({ period: t.period, value: t.value, interval: t.interval, n: t.n, lowN: false })) : [],
    reasons: tap ? tap.reasons.map((r) => ({ label: r.label[lang], count: r.count })) : [],
    annex,
  };
}

/** The report of every unit directly below a parent: the ranking, block by block, then each unit's parts. */
export async function parentReport(
  deps: AppDeps,
  scope: AccessScope,
  definition: Definition,
  parent: { id: number; name: string },
  dates: Dates,
  kind: BelowKind | undefined,
  together: boolean,
  lang: ReportLang,
): Promise<ReportInput> {
  const ranking = await rankChildren(deps, scope, definition, parent.id, dates, kind, together);
  const blocks: ReportBlock[] = await Promise.all(
    ranking.blocks.map(async (block) => ({
      label: ranking.blocks.length > 1 || kind === undefined ? block.label[lang] : null,
      rules: `${ranking.blocks.length > 1 ? `${block.label[lang]}: ` : ''}${rankingRules(block.comparisons, ranking.tieBreak)[lang]}`,
      units: await Promise.all(
        block.rows.map(async (r) => ({
          name: r.unit.name,
          value: r.value,
          interval: r.interval,
          n: r.n,
          lowN: r.lowN,
          rank: r.rank,
          rankRange: r.tier ? r.tier.rankRange : null,
          band: r.band?.label[lang] ?? null,
          parts: partsOf((await computeUnit(deps, scope, definition, r.unit.id, dates)).result, lang),
        })),
      ),
    })),
  );
  const subject =
    lang === 'vi'
      ? kind
        ? `${belowKindLabel(kind).vi} thuộc ${parent.name}`
        : `Các đơn vị trực thuộc ${parent.name}`
      : kind
        ? `${belowKindLabel(kind).en} of ${parent.name}`
        : `The units of ${parent.name}`;
  return frame(deps, definition, parent, subject, dates, blocks, lang, await computeUnit(deps, scope, definition, parent.id, dates));
}

/** One unit's report. */
export async function unitReport(
  deps: AppDeps,
  scope: AccessScope,
  definition: Definition,
  unit: { id: number; name: string },
  dates: Dates,
  lang: ReportLang,
): Promise<ReportInput> {
  const computed = await computeUnit(deps, scope, definition, unit.id, dates);
  const {
    result,
    figure: { reach },
  } = computed;
  const { headline } = result;
  const row: ReportUnit = {
    name: unit.name,
    value: headline.value,
    interval: headline.interval,
    n: headline.n,
    lowN: headline.lowN,
    rank: null,
    rankRange: null,
    band: headline.band?.label[lang] ?? null,
    parts: partsOf(result, lang),
  };
  const own = lang === 'vi' ? 'riêng đơn vị, không gồm các đơn vị trực thuộc' : 'the unit alone, without the units below it';
  const subject = reach === 'unit' ? `${unit.name} (${own})` : unit.name;
  return frame(deps, definition, unit, subject, dates, [{ label: null, rules: null, units: [row] }], lang, computed);
}

/** A report of a unit in the scope as a PDF: the unit alone, or every unit below it ranked. */
export async function reportPdf(deps: AppDeps, scope: AccessScope, q: ReportQuery, which: 'unit' | 'units') {
  if (q.to < q.from) throw errors.periodBackwards;
  const unit = await accessibleUnit(deps, scope, q.unit, 'unit');
  const definition = storedMethod(q.definition);
  const input =
    which === 'unit'
      ? await unitReport(deps, scope, definition, unit, q, q.lang)
      : await parentReport(deps, scope, definition, unit, q, q.kind, q.together === 'true', q.lang);
  const name = which === 'unit' ? `bao-cao-${q.definition}-${unit.id}` : `bao-cao-${q.definition}-cac-don-vi-${unit.id}`;
  return { pdf: await renderReport(input), filename: `${name}-${q.from}-${q.to}.pdf` };
}
