import type { DefinitionInput } from '../definition.js';
import { gradeBands, L, TWO_ONE_ZERO } from './parts.js';

const PER_DOSSIER = 'Scored per dossier: counts of dossiers answering 2, 1 or 0 points; the clause scores their mean.';
/** Khoản 5: the minimum share the Bộ phận Một cửa itself handles, by unit level (tables.md §1). */
const ONE_STOP_SHARE = {
  ministry: 0.2,
  department: 0.2,
  one_stop_centre: 0.2,
  province: 0.2,
  district: 0.5,
  commune: 1,
  ward: 1,
  special_zone: 1,
};

/**
 * Rating of administrative-procedure handling, TT 01/2018/TT-VPCP Điều 13 khoản 1–9, 2/1/0 points
 * each (tables.md §1). Khoản 1, 2, 3, 4, 6, 7 are scored per dossier, khoản 5, 8, 9 per unit; a
 * unit's total has 18 points. A unit's total is the sum of its nine clause scores: as appraised
 * (each clause given as { value: 2 | 1 | 0 }, Thanh Hóa's form 02, "Tổng cộng 18"), or, for the
 * per-dossier clauses, the mean of the dossiers' answers. Only a complete total is graded: one
 * dossier alone (no unit clauses) scores out of 12 and takes no grade.
 */
export const counterTt01: DefinitionInput = {
  id: 'counter-tt01-2018',
  version: '2018.1',
  title: L('Đánh giá việc giải quyết TTHC', 'Rating of administrative-procedure handling'),
  legalBasis: {
    document: 'Thông tư số 01/2018/TT-VPCP, Điều 13',
    date: '2018-11-23',
    issuer: 'Văn phòng Chính phủ',
    note: 'Hướng dẫn Nghị định 61/2018/NĐ-CP. NĐ 118/2025 và TT 03/2025/TT-VPCP thay thế căn cứ pháp lý; cách chấm điểm mới chưa có: định nghĩa 2018 được giữ.',
  },
  facts: { indicators: 9, maxPoints: 18, perDossier: 'khoản 1, 2, 3, 4, 6, 7', perUnit: 'khoản 5, 6, 8, 9' },
  options: {
    headline: 'value',
    decimals: 2,
    minN: 0,
    missing: 'exclude',
    bands: gradeBands([15, 12, 9, 6], true),
    // The grades are bands of the 18-point total: a partial total (a dossier's 12) is not graded.
    bandsWhen: 'complete',
    unconfirmed: ['bands', 'missing'],
  },
  root: {
    id: 'total',
    label: L('Tổng điểm', 'Total points'),
    rule: 'sum',
    children: [
      {
        id: 'k1',
        label: L('Tổng thời gian giải quyết TTHC so với quy định', 'Total processing time against the legal limit'),
        rule: 'points_table',
        max: 2,
        table: TWO_ONE_ZERO,
        note: `${PER_DOSSIER} 2 = shorter, 1 = equal, 0 = longer.`,
      },
      {
        id: 'k2',
        label: L('Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết', 'Time taken by each participating unit'),
        rule: 'points_table',
        max: 2,
        table: TWO_ONE_ZERO,
        note: `${PER_DOSSIER} 2 = shorter than its own deadline, 1 = equal, 0 = longer.`,
      },
      {
        id: 'k3',
        label: L('Số lần phải liên hệ để hoàn thiện hồ sơ', 'Contacts needed to complete the dossier'),
        rule: 'points_table',
        max: 2,
        table: { ...TWO_ONE_ZERO, applicant_fault: null },
        unconfirmed: ['table'],
        note: `${PER_DOSSIER} 2 = none, 1 = one, 0 = more than one unless the applicant was at fault: such a dossier ('applicant_fault') leaves the denominator (unconfirmed reading of the exemption).`,
      },
      {
        id: 'k4',
        label: L('Số lượng cơ quan, đơn vị, tổ chức phải liên hệ', 'Agencies to contact to complete the dossier'),
        rule: 'points_table',
        max: 2,
        table: TWO_ONE_ZERO,
        note: `${PER_DOSSIER} 2 = none, 1 = only the Bộ phận Một cửa (plus a lead agency of a legally required field check), 0 = more.`,
      },
      {
        id: 'k5',
        label: L('Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa', 'Receipt, handling and return at the one-stop desk'),
        rule: 'tiers',
        max: 2,
        measures: ['handled_share', 'received_share'],
        tiers: [
          { points: 2, when: { measure: 'handled_share', op: '>=', valueByLevel: ONE_STOP_SHARE } },
          { points: 1, when: { measure: 'received_share', op: '>=', value: 1 } },
        ],
        note: "Per unit, as the text words it: 2 = the one-stop desk itself receives, appraises and approves at least the level's share of listed TTHC (handled_share ≥ 20% ministry/department/provincial centre, ≥ 50% district, 100% commune); 1 = 100% of the TTHC not excepted by NĐ 61 Điều 14 khoản 5 điểm a, b are received and returned there (received_share); 0 = less.",
      },
      {
        id: 'k6',
        label: L('Công khai các TTHC', 'Public posting of procedures'),
        rule: 'points_table',
        max: 2,
        table: TWO_ONE_ZERO,
        unconfirmed: ['rule'],
        note: `${PER_DOSSIER} 2 = posted at the office and electronically, 1 = one of the two, 0 = neither. The circular also lists it per unit; scored per dossier here.`,
      },
      {
        id: 'k7',
        label: L('Thái độ của CBCCVC', 'Attitude of the civil servants'),
        rule: 'points_table',
        max: 2,
        table: TWO_ONE_ZERO,
        note: `${PER_DOSSIER} 2 = earlier than the deadline and no complaint, 1 = on the deadline and no complaint, 0 = a verified complaint.`,
      },
      {
        id: 'k8',
        label: L('Tiếp thu, giải trình ý kiến phản ánh, kiến nghị', 'Responsiveness to complaints and petitions'),
        rule: 'tiers',
        max: 2,
        measures: ['pakn_total', 'pakn_on_time_share', 'pakn_long_running'],
        tiers: [
          {
            points: 2,
            when: {
              all: [
                {
                  any: [
                    { measure: 'pakn_total', op: '==', value: 0 },
                    { measure: 'pakn_on_time_share', op: '>=', value: 1 },
                  ],
                },
                { measure: 'pakn_long_running', op: '==', value: 0 },
              ],
            },
          },
          {
            points: 1,
            when: {
              all: [
                { measure: 'pakn_on_time_share', op: '>=', value: 0.9 },
                { measure: 'pakn_long_running', op: '==', value: 0 },
              ],
            },
          },
        ],
        note: 'Per unit: 2 = no complaint or all handled on time, 1 = at least 90% on time, 0 = less or any long-running complaint; none may be long-running for 1 or 2.',
      },
      {
        id: 'k9',
        label: L('Tiến độ và chất lượng cung cấp DVCTT', 'Progress and quality of online public services'),
        rule: 'tiers',
        max: 2,
        measures: ['dvctt_share', 'online_share', 'online_late'],
        tiers: [
          {
            points: 2,
            when: {
              all: [
                { measure: 'dvctt_share', op: '>=', value: 0.2 },
                { measure: 'online_share', op: '>=', value: 0.3 },
                { measure: 'online_late', op: '==', value: 0 },
              ],
            },
          },
          {
            points: 1,
            when: {
              all: [
                { measure: 'dvctt_share', op: '>', value: 0 },
                { measure: 'online_share', op: '>=', value: 0.15 },
                { measure: 'online_late', op: '==', value: 0 },
              ],
            },
          },
        ],
        note: 'Per unit: dvctt_share = eligible TTHC offered as DVCTT mức độ 3, 4 (2018 wording); online_share = online dossiers ÷ all; online_late = online dossiers unresolved or late.',
      },
    ],
  },
};
