import { compute, computeDesign, DEFINITIONS, type Definition, EngineInputError, getDefinition, listSettings } from '../../engine/index.js';
import { sha256 } from '../platform/auth/secrets.js';
import { type Bilingual, HttpError, invalidField } from '../platform/errors.js';
import type { ComputeBody, UnconfirmedRule } from './schemas.js';

const unknownMethod = (id: string) =>
  new HttpError(404, 'unknown_method', { vi: `Không có phương pháp "${id}"`, en: `No method "${id}"` }, [
    { field: 'definitionId', code: 'not_found', message: { vi: 'Không có phương pháp này', en: 'No such method' } },
  ]);

/** Engine refusals of an input (wrong shape for a rule, value out of range, unknown node) as 422. */
export function engineError(error: unknown, prefix: string): never {
  if (error instanceof EngineInputError) {
    const field = /^(settings|reported)/.test(error.path) ? error.path : `${prefix}${error.path}`;
    throw new HttpError(422, 'validation_failed', { vi: 'Đầu vào không phù hợp với phương pháp', en: 'The inputs do not fit the method' }, [
      { field, code: 'engine_input', message: { vi: `Mục ${error.path} không hợp lệ: ${error.message}`, en: error.message } },
    ]);
  }
  throw error;
}

/** What each kind of unconfirmed rule is called where a page, sheet or PDF names it. */
const RULE_WORDS: Record<string, Bilingual> = {
  'points.max': { vi: 'điểm tối đa của các mục thẩm định', en: 'maximum points of the appraised items' },
  'points_table.max': { vi: 'điểm tối đa của các mục điều tra', en: 'maximum points of the survey items' },
  'points_table.table': { vi: 'điểm theo từng phương án trả lời', en: 'points per answer' },
  'from_index.max': { vi: 'số điểm quy đổi từ SIPAS', en: 'points the SIPAS converts to' },
  'ratio.max': { vi: 'điểm tối đa của các chỉ số thành phần', en: 'maximum points of the sub-indicators' },
  'ratio.target': { vi: 'chỉ tiêu của các tỷ lệ', en: 'targets of the rates' },
  'tiers.tiers': { vi: 'ngưỡng chấm điểm theo mức', en: 'thresholds of the tiered items' },
  'yes_no.max': { vi: 'điểm của các chỉ số có/không', en: 'points of the yes/no items' },
  'adjustment.min': { vi: 'mức trừ điểm tối đa', en: 'largest penalty' },
  'adjustment.max': { vi: 'mức thưởng điểm tối đa', en: 'largest bonus' },
  'mean.rule': { vi: 'cách gộp tiêu chí thành yếu tố (trung bình cộng)', en: 'how criteria combine into elements (their mean)' },
  'mean.weight': {
    vi: 'chỉ số yếu tố lấy từ các nội dung hay từ câu hỏi đánh giá chung',
    en: 'whether an element’s index is its contents or its overall question',
  },
  'share.weight': { vi: 'câu hỏi đánh giá chung của yếu tố có được tính hay không', en: 'whether an element’s overall question counts' },
  'points_table.rule': { vi: 'chấm theo từng hồ sơ', en: 'scoring per dossier' },
  'options.bands': { vi: 'ngưỡng xếp loại, xếp nhóm', en: 'band edges' },
  'options.missing': { vi: 'cách tính mục chưa có số liệu', en: 'how items without data count' },
  'options.minN': { vi: 'cỡ mẫu tối thiểu', en: 'minimum sample size' },
  'options.tieBreak': { vi: 'thứ hạng khi bằng điểm', en: 'ranks of exact ties' },
  'options.aggregation': { vi: 'cách gộp các đơn vị thành số liệu chung', en: 'how units combine into a parent’s figure' },
};

/**
 * A method's rules no retrieved legal text confirms, one line per kind of rule (how many items it
 * touches), for the "unconfirmed rule" mark every output using them carries.
 */
export function unconfirmedRules(definition: Definition): UnconfirmedRule[] {
  const kinds = new Map<string, number>();
  const walk = (node: Definition['root']) => {
    for (const field of node.unconfirmed ?? []) kinds.set(`${node.rule}.${field}`, (kinds.get(`${node.rule}.${field}`) ?? 0) + 1);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  for (const key of definition.options.unconfirmed) kinds.set(`options.${key}`, 1);
  walk(definition.root);
  return [...kinds].map(([rule, items]) => ({ rule, items, label: RULE_WORDS[rule] ?? { vi: rule, en: rule } }));
}

/** A method as published: legal basis, settings (unconfirmed ones flagged) and the whole definition. */
const describeMethod = (d: Definition) => ({
  id: d.id,
  version: d.version,
  title: d.title,
  legalBasis: d.legalBasis,
  notSipas: d.notSipas,
  settings: listSettings(d),
  definition: d,
});

export const methodologies = () => DEFINITIONS.map(describeMethod);

/** The stateless calculator: a method over posted aggregates, as plain JSON with its provenance. */
export function computePosted(definitionId: string, body: typeof ComputeBody._output) {
  const definition = getDefinition(definitionId);
  if (!definition) throw unknownMethod(definitionId);
  if (body.design && Object.keys(body.inputs).length > 0) {
    throw invalidField(
      'design',
      'Gửi số liệu tổng hợp (inputs) hoặc các phiếu (design), không gửi cả hai',
      'Give aggregates (inputs) or forms (design), not both',
    );
  }
  const options = {
    ...(body.settings ? { settings: body.settings } : {}),
    ...(body.context ? { context: body.context } : {}),
    ...(body.reported ? { reported: body.reported } : {}),
    hash: sha256, // node:crypto: 25× the engine's portable SHA-256
  };
  try {
    return body.design ? computeDesign(definition, body.design, options) : compute(definition, body.inputs, options);
  } catch (error) {
    engineError(error, 'inputs.');
  }
}
