import type { DefinitionInput } from '../definition.js';
import { L, PAR_OPTIONS, parArea } from './parts.js';

/**
 * PAR Index of ministries (QĐ 876/QĐ-BNV, Bảng 1): 7 areas, 38 criteria, 97 sub-criteria, survey
 * 31.50 points (confirmed). Per-area points are unknown: placeholders keeping the confirmed totals.
 */
export const parMinistry: DefinitionInput = {
  id: 'par-ministry-qd876-2022',
  version: '2022.1',
  title: L('Chỉ số cải cách hành chính (PAR Index) cấp bộ', 'PAR Index of ministries'),
  legalBasis: { document: 'Quyết định số 876/QĐ-BNV, Bảng 1', date: '2022-11-10', issuer: 'Bộ Nội vụ' },
  facts: {
    areas: 7,
    criteria: 38,
    subCriteria: 97,
    appraisalPoints: 68.5,
    surveyPoints: 31.5,
    criteriaPerArea: '7/9/6/4/6/3/3',
    subCriteriaPerArea: '6/15/19/14/16/13/14',
    perAreaPoints: 'unknown: placeholders',
  },
  options: PAR_OPTIONS,
  root: {
    id: 'total',
    label: L('Chỉ số CCHC', 'PAR Index'),
    rule: 'sum',
    children: [
      parArea('a1', L('Công tác chỉ đạo, điều hành CCHC', 'Direction and management of reform'), 10, 4),
      parArea('a2', L('Cải cách thể chế', 'Institutional reform'), 12, 5),
      parArea('a3', L('Cải cách thủ tục hành chính', 'Administrative procedure reform'), 12, 6),
      parArea('a4', L('Cải cách tổ chức bộ máy hành chính', 'Reform of the administrative apparatus'), 8, 3.5),
      parArea('a5', L('Cải cách chế độ công vụ', 'Civil service reform'), 10, 5),
      parArea('a6', L('Cải cách tài chính công', 'Public finance reform'), 7.5, 3.5),
      parArea('a7', L('Xây dựng và phát triển Chính phủ điện tử, Chính phủ số', 'E-government and digital government'), 9, 4.5),
    ],
  },
  display: [
    {
      id: 'appraisal',
      label: L('Điểm thẩm định', 'Appraised points'),
      nodes: ['a1.appraisal', 'a2.appraisal', 'a3.appraisal', 'a4.appraisal', 'a5.appraisal', 'a6.appraisal', 'a7.appraisal'],
    },
    {
      id: 'survey',
      label: L('Điểm điều tra xã hội học', 'Survey points'),
      nodes: ['a1.survey', 'a2.survey', 'a3.survey', 'a4.survey', 'a5.survey', 'a6.survey', 'a7.survey'],
    },
  ],
};
