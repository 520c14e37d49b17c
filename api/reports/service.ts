import { eq } from 'drizzle-orm';
import type { Computation, Definition } from '../../engine/index.js';
import { computeStored, storedMethod } from '../indices/service.js';
import { unconfirmedRules } from '../methods/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { vnDate } from '../platform/time.js';
import { rankingRules, UNIT_KIND_LABELS, type UNIT_KINDS } from '../platform/vocabulary.js';
import { rankChildren } from '../rankings/service.js';
import { accessibleUnit, figureUnits } from '../units/access.js';
import type { ReportInput, ReportUnit } from './pdf.js';
import { renderReport } from './pdf.js';
import type { ReportQuery } from './schemas.js';

type Dates = { from: string; to: string };

/** A method made of shares alone reads in percent (SIPAS, the tap rating); points read in points. */
const allShares = (node: Definition['root']): boolean => ('children' in node ? node.children.every(allShares) : node.rule === 'share');
export const headlineSuffix = (definition: Definition) =>
  definition.options.headline === 'percent' || allShares(definition.root) ? '%' : ' điểm';

/** The parts of a unit's index (the root's children). */
const partsOf = (result: Computation): ReportUnit['parts'] =>
  (result.root.children ?? []).map((c) => ({ label: c.label, value: c.value, interval: c.interval, n: c.n, lowN: c.lowN }));

/** A unit's figure on today's boundaries, as far as the scope reaches (see figureUnits). */
async function computeUnit(deps: AppDeps, scope: AccessScope, definition: Definition, unitId: number, dates: Dates) {
  const { ids, reach } = await figureUnits(deps, scope, unitId);
  return { result: await computeStored(deps, definition, ids, dates), reach };
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

async function frame(
  deps: AppDeps,
  definition: Definition,
  topUnitId: number,
  subject: string,
  dates: Dates,
  unitsOfReport: ReportUnit[],
): Promise<ReportInput> {
  const province = await provinceOf(deps, topUnitId);
  const place = province.replace(/^(Thành phố|Tỉnh)\s+/, '');
  const [y, m, d] = vnDate(deps.now()).split('-');
  const annex: ReportInput['annex'] = [];
  const walk = (node: Definition['root'], depth: number) => {
    annex.push({ id: node.id, label: node.label.vi, depth });
    if ('children' in node) for (const child of node.children) walk(child, depth + 1);
  };
  walk(definition.root, 0);
  return {
    issuer: [`UBND ${province}`, 'Sở Nội vụ'],
    placeDate: `${place}, ngày ${d} tháng ${m} năm ${y}`,
    title: `Báo cáo kết quả ${definition.title.vi}`,
    subject,
    period: dates,
    method: {
      title: definition.title.vi,
      basis: `${definition.legalBasis.document}${definition.legalBasis.date ? ` ngày ${definition.legalBasis.date.split('-').reverse().join('/')}` : ''} (${definition.legalBasis.issuer})`,
      note: definition.notSipas ? 'Tỷ lệ hài lòng từ đánh giá nhanh tại quầy và trực tuyến; không phải Chỉ số SIPAS.' : undefined,
      unconfirmed: unconfirmedRules(definition).map((r) => r.label.vi),
      census: definition.options.sampling === 'census',
    },
    suffix: headlineSuffix(definition),
    units: unitsOfReport,
    annex,
  };
}

/** The report of every unit directly below a parent: the ranking, then a page per unit. */
export async function parentReport(
  deps: AppDeps,
  scope: AccessScope,
  definition: Definition,
  parent: { id: number; name: string },
  dates: Dates,
  kind?: (typeof UNIT_KINDS)[number],
): Promise<ReportInput> {
  const ranking = await rankChildren(deps, scope, definition, parent.id, dates, kind);
  const rows: ReportUnit[] = await Promise.all(
    ranking.blocks
      .flatMap((block) => block.rows.map((r) => ({ block: block.label.vi, r })))
      .map(async ({ block, r }) => ({
        block,
        name: r.unit.name,
        value: r.value,
        interval: r.interval,
        n: r.n,
        lowN: r.lowN,
        rank: r.rank,
        tier: r.tier ? { tier: r.tier.tier, rankRange: r.tier.rankRange } : null,
        band: r.band,
        parts: partsOf((await computeUnit(deps, scope, definition, r.unit.id, dates)).result),
      })),
  );
  const report = await frame(
    deps,
    definition,
    parent.id,
    kind ? `${UNIT_KIND_LABELS[kind].vi} thuộc ${parent.name}` : `Các đơn vị trực thuộc ${parent.name}`,
    dates,
    rows,
  );
  const rules = ranking.blocks.map(
    (b) => `${ranking.blocks.length > 1 ? `${b.label.vi}: ` : ''}${rankingRules(b.comparisons, ranking.tieBreak).vi}`,
  );
  return { ...report, rankingRules: rules.join(' ') };
}

/** One unit's report. */
export async function unitReport(
  deps: AppDeps,
  scope: AccessScope,
  definition: Definition,
  unit: { id: number; name: string },
  dates: Dates,
): Promise<ReportInput> {
  const { result, reach } = await computeUnit(deps, scope, definition, unit.id, dates);
  const { headline } = result;
  const row: ReportUnit = {
    name: unit.name,
    value: headline.value,
    interval: headline.interval,
    n: headline.n,
    lowN: headline.lowN,
    rank: null,
    tier: null,
    band: headline.band,
    parts: partsOf(result),
  };
  const subject = reach === 'unit' ? `${unit.name} (riêng đơn vị, không gồm các đơn vị trực thuộc)` : unit.name;
  return frame(deps, definition, unit.id, subject, dates, [row]);
}

/** A report of a unit in the scope as a PDF: the unit alone, or every unit below it ranked. */
export async function reportPdf(deps: AppDeps, scope: AccessScope, q: ReportQuery, which: 'unit' | 'units') {
  if (q.to < q.from) throw errors.periodBackwards;
  const unit = await accessibleUnit(deps, scope, q.unit, 'unit');
  const definition = storedMethod(q.definition);
  const input =
    which === 'unit' ? await unitReport(deps, scope, definition, unit, q) : await parentReport(deps, scope, definition, unit, q, q.kind);
  const name = which === 'unit' ? `bao-cao-${q.definition}-${unit.id}` : `bao-cao-${q.definition}-cac-don-vi-${unit.id}`;
  return { pdf: await renderReport(input), filename: `${name}-${q.from}-${q.to}.pdf` };
}
