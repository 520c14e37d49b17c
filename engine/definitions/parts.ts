import type { z } from 'zod';
import type { Label, Options } from '../definition.js';

/** Small builders for definition files, so a definition reads as the table it transcribes. */
export const L = (vi: string, en: string): Label => ({ vi, en });

/** Share of "Hài lòng" + "Rất hài lòng" on the 5-level scale, one per statement, ids prefix.1, prefix.2, … */
export function shareItems(prefix: string, items: [string, string][]) {
  return items.map(([vi, en], i) => ({ id: `${prefix}.${i + 1}`, label: L(vi, en), rule: 'share' as const, levels: 5, minLevel: 4 }));
}

/** A 2/1/0-point answer of TT 01/2018 Điều 13, scored per dossier. */
export const TWO_ONE_ZERO = { '2': 2, '1': 1, '0': 0 } as const;

/** Lettered survey answers scored as a share of the item's maximum (Yên Bái survey app default, unconfirmed). */
export function letteredTable(max: number) {
  return { A: max, B: 0.6 * max, C: 0.2 * max, D: 0, E: null };
}

const GRADES = [
  { id: 'excellent', label: L('Xuất sắc', 'Excellent') },
  { id: 'good', label: L('Tốt', 'Good') },
  { id: 'fair', label: L('Khá', 'Fair') },
  { id: 'average', label: L('Trung bình', 'Average') },
  { id: 'weak', label: L('Yếu', 'Weak') },
];

/**
 * The five grades Xuất sắc … Yếu with their lower edges (highest first; Yếu has none). With
 * `excellentAbove`, Xuất sắc needs more than its edge ("trên 15 điểm"), the others at least theirs.
 */
export function gradeBands(edges: [number, number, number, number], excellentAbove = false) {
  return GRADES.map((g, i) => ({ ...g, min: edges[i] ?? null, ...(i === 0 && excellentAbove ? { minInclusive: false } : {}) }));
}

/**
 * A PAR area: appraised points (the unit's self-assessment as appraised) beside survey points
 * scored from lettered answers; `extra` nodes (e.g. SIPAS folded in) join the area's sum.
 */
export function parArea(id: string, label: Label, appraisalMax: number, surveyMax: number, extra: object[] = []) {
  return {
    id,
    label,
    rule: 'sum' as const,
    children: [
      {
        id: `${id}.appraisal`,
        label: L('Điểm thẩm định', 'Appraised points'),
        rule: 'points' as const,
        max: appraisalMax,
        unconfirmed: ['max'],
      },
      {
        id: `${id}.survey`,
        label: L('Điểm điều tra xã hội học', 'Survey points'),
        rule: 'points_table' as const,
        max: surveyMax,
        table: letteredTable(surveyMax),
        unconfirmed: ['max', 'table'],
        note: 'Lettered answers score max × 100/60/20/0% for A/B/C/D (one province’s survey app); E leaves the denominator.',
      },
      ...extra,
    ],
  };
}

/** SIPAS (a percentage) folded into a PAR survey part as max × SIPAS ÷ 100. */
export function sipasPoints(id: string, max: number) {
  return {
    id,
    label: L('Chỉ số hài lòng (SIPAS) quy đổi điểm', 'SIPAS converted to points'),
    rule: 'from_index' as const,
    source: 'sipas',
    max,
    unconfirmed: ['max'],
    note: 'Give the unit’s SIPAS as { value } in % (with se and n when known).',
  };
}

/** PAR groups by index: A ≥ 90, B 80–<90, C 70–<80 (confirmed for provinces, 2022); D below 70 is a setting. */
export const PAR_BANDS = [
  { id: 'A', label: L('Nhóm A', 'Group A'), min: 90 },
  { id: 'B', label: L('Nhóm B', 'Group B'), min: 80 },
  { id: 'C', label: L('Nhóm C', 'Group C'), min: 70 },
  { id: 'D', label: L('Nhóm D', 'Group D'), min: null },
];

/** SIPAS options: % satisfied, items nobody answered leave the mean; minimum n and tie rule unconfirmed. */
export const SIPAS_OPTIONS: z.input<typeof Options> = {
  headline: 'value',
  decimals: 2,
  minN: 30,
  missing: 'exclude',
  tieBreak: 'name',
  unconfirmed: ['minN', 'missing', 'tieBreak', 'aggregation'],
};

/** PAR options: % of the applicable maximum; an item without an appraised score earns 0 (unconfirmed). */
export const PAR_OPTIONS: z.input<typeof Options> = {
  headline: 'percent',
  decimals: 2,
  minN: 0,
  missing: 'zero',
  bands: PAR_BANDS,
  unconfirmed: ['missing', 'bands'],
};
