import type { DefinitionInput } from '../definition.js';
import { L, PAR_OPTIONS, parArea, sipasPoints } from './parts.js';

/**
 * PAR Index of provinces (QĐ 876/QĐ-BNV, 10/11/2022): 8 areas, 37 criteria, 88 sub-criteria,
 * 68 appraisal + 32 survey points (confirmed). The per-area split is NOT known: the points below
 * are placeholders that keep the confirmed totals, every one marked unconfirmed. A unit may give
 * an area's points directly, or refine an area into its criteria in a derived definition.
 */
export const parProvince: DefinitionInput = {
  id: 'par-province-qd876-2022',
  version: '2022.1',
  title: L('Chỉ số cải cách hành chính (PAR Index) cấp tỉnh', 'PAR Index of provinces'),
  legalBasis: {
    document: 'Quyết định số 876/QĐ-BNV, Bảng 2',
    date: '2022-11-10',
    issuer: 'Bộ Nội vụ',
    note: 'Đề án Xác định Chỉ số CCHC của các bộ, cơ quan ngang bộ, UBND tỉnh, thành phố trực thuộc TW giai đoạn 2022–2030.',
  },
  facts: { areas: 8, criteria: 37, subCriteria: 88, appraisalPoints: 68, surveyPoints: 32, perAreaPoints: 'unknown: placeholders' },
  options: PAR_OPTIONS,
  root: {
    id: 'total',
    label: L('Chỉ số CCHC', 'PAR Index'),
    rule: 'sum',
    note: 'Index = points ÷ (100 − maxima of items not applicable this period) × 100%.',
    children: [
      parArea('a1', L('Công tác chỉ đạo, điều hành CCHC', 'Direction and management of reform'), 9, 2.5),
      parArea('a2', L('Xây dựng và tổ chức thực hiện văn bản QPPL tại tỉnh', 'Legal documents (institutional reform)'), 8, 3),
      parArea('a3', L('Cải cách thủ tục hành chính', 'Administrative procedure reform'), 10, 4),
      parArea('a4', L('Cải cách tổ chức bộ máy hành chính nhà nước', 'Reform of the administrative apparatus'), 7, 2.5),
      parArea('a5', L('Cải cách chế độ công vụ', 'Civil service reform'), 9, 3.5),
      parArea('a6', L('Cải cách tài chính công', 'Public finance reform'), 7, 2.5),
      parArea('a7', L('Xây dựng và phát triển chính quyền điện tử, chính quyền số', 'E-government and digital government'), 10, 3),
      parArea(
        'a8',
        L(
          'Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế – xã hội',
          'Impact of reform on citizens, organisations and development',
        ),
        8,
        1,
        [sipasPoints('a8.sipas', 10)],
      ),
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
