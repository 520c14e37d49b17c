import type { DefinitionInput } from '../definition.js';
import { L, parArea, sipasPoints } from './parts.js';

/**
 * Example of a province's own method, built from the same parts: Hà Nội's PAR Index of its
 * departments (2024): 8 areas plus one bonus/penalty content, 70 appraisal + 30 survey points,
 * SIPAS worth 10 (par.md §4.1; S14). Area points are placeholders; bonus/penalty range unknown.
 */
export const parHanoiDepartments: DefinitionInput = {
  id: 'par-hanoi-departments-2024',
  version: '2024.1',
  title: L('Chỉ số CCHC các sở, ban, ngành – TP Hà Nội', 'PAR Index of Hà Nội departments'),
  legalBasis: {
    document: 'Quyết định của UBND thành phố Hà Nội phê duyệt Bộ tiêu chí (số hiệu chưa xác định)',
    date: null,
    issuer: 'UBND thành phố Hà Nội',
    note: 'Built on QĐ 876/QĐ-BNV; 23 departments ranked within their block (2024).',
  },
  facts: { areas: 8, appraisalPoints: 70, surveyPoints: 30, sipasPoints: 10, block: 'sở, ban, ngành' },
  options: {
    headline: 'percent',
    decimals: 2,
    minN: 0,
    missing: 'zero',
    unconfirmed: ['missing'],
  },
  root: {
    id: 'total',
    label: L('Chỉ số CCHC', 'PAR Index'),
    rule: 'sum',
    children: [
      parArea('a1', L('Công tác chỉ đạo, điều hành CCHC', 'Direction and management of reform'), 9, 2),
      parArea('a2', L('Cải cách thể chế', 'Institutional reform'), 8, 2),
      parArea('a3', L('Cải cách thủ tục hành chính', 'Administrative procedure reform'), 10, 3),
      parArea('a4', L('Cải cách tổ chức bộ máy hành chính', 'Reform of the administrative apparatus'), 7, 2),
      parArea('a5', L('Cải cách chế độ công vụ', 'Civil service reform'), 9, 3),
      parArea('a6', L('Cải cách tài chính công', 'Public finance reform'), 7, 2),
      parArea('a7', L('Xây dựng chính quyền điện tử, chính quyền số', 'E-government and digital government'), 12, 3),
      parArea('a8', L('Tác động của CCHC', 'Impact of reform'), 8, 3, [sipasPoints('a8.sipas', 10)]),
      {
        id: 'bonus_penalty',
        label: L('Điểm thưởng / Điểm trừ', 'Bonus / penalty points'),
        rule: 'adjustment',
        min: -5,
        max: 5,
        unconfirmed: ['min', 'max'],
        note: 'Added to the total outside its maximum; the total stays within [0, 100].',
      },
    ],
  },
  display: [
    {
      id: 'appraisal',
      label: L('Điểm thẩm định', 'Appraised points'),
      nodes: [
        'a1.appraisal',
        'a2.appraisal',
        'a3.appraisal',
        'a4.appraisal',
        'a5.appraisal',
        'a6.appraisal',
        'a7.appraisal',
        'a8.appraisal',
      ],
    },
    {
      id: 'survey',
      label: L('Điểm điều tra xã hội học', 'Survey points'),
      nodes: ['a1.survey', 'a2.survey', 'a3.survey', 'a4.survey', 'a5.survey', 'a6.survey', 'a7.survey', 'a8.survey', 'a8.sipas'],
    },
  ],
};
