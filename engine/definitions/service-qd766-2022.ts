import type { DefinitionInput } from '../definition.js';
import { gradeBands, L } from './parts.js';

const RECONSTRUCTED = 'Maximum reconstructed by public implementations from the portal (par.md §5.2), not the annex.';

function rate(id: string, vi: string, en: string, max: number, target = 1, note = RECONSTRUCTED) {
  return { id, label: L(vi, en), rule: 'ratio' as const, max, target, unconfirmed: ['max', 'target'], note };
}

/**
 * Real-time service index for citizens and businesses (QĐ 766/QĐ-TTg, 23/6/2022): five legal groups
 * 18/20/22/22/18; the national portal shows six cards (online services 12 + online payment 10).
 * A rate with target T scores max × min(1, rate ÷ T).
 */
export const service766: DefinitionInput = {
  id: 'service-qd766-2022',
  version: '2022.1',
  title: L('Bộ chỉ số phục vụ người dân, doanh nghiệp', 'Service index for citizens and businesses'),
  legalBasis: {
    document: 'Quyết định số 766/QĐ-TTg',
    date: '2022-06-23',
    issuer: 'Thủ tướng Chính phủ',
    note: 'Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, DVC theo thời gian thực trên môi trường điện tử.',
  },
  facts: { groups: 5, groupMaxima: '18/20/22/22/18 (implementation; consistent with the portal’s six cards)', maxPoints: 100 },
  options: {
    headline: 'percent',
    decimals: 2,
    minN: 0,
    missing: 'incomplete',
    // Rates over every dossier of the period, not a sample of them.
    sampling: 'census',
    bands: gradeBands([90, 80, 70, 50]),
    // A band is a verdict on the whole index: none while sub-indicators are unmeasured.
    bandsWhen: 'complete',
    unconfirmed: ['bands', 'missing'],
  },
  root: {
    id: 'total',
    label: L('Tổng điểm', 'Total points'),
    rule: 'sum',
    children: [
      {
        id: 'public',
        label: L('Công khai, minh bạch', 'Publicity and transparency'),
        rule: 'sum',
        children: [
          rate('public.1', 'Tỷ lệ TTHC công bố đúng hạn', 'Procedures published on time', 6),
          rate(
            'public.2',
            'Tỷ lệ TTHC cập nhật, công khai đúng hạn trên CSDL quốc gia',
            'Procedures updated on the national database on time',
            4,
          ),
          rate('public.3', 'Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành', 'Procedures published with every component', 2),
          rate('public.4', 'Tỷ lệ hồ sơ đồng bộ lên Cổng DVC quốc gia', 'Dossiers synchronised to the national portal', 6),
        ],
      },
      {
        id: 'progress',
        label: L('Tiến độ, kết quả giải quyết', 'Progress and results'),
        rule: 'sum',
        children: [rate('progress.1', 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn', 'Dossiers handled early or on time', 20)],
      },
      {
        id: 'online',
        label: L('Cung cấp dịch vụ trực tuyến', 'Online services'),
        rule: 'sum',
        children: [
          rate('online.1', 'Tỷ lệ TTHC cung cấp DVC trực tuyến', 'Procedures offered online', 6, 0.8),
          rate('online.2', 'Tỷ lệ hồ sơ nộp trực tuyến', 'Dossiers submitted online', 6, 0.5),
          rate(
            'online.3',
            'Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến',
            'Fee-bearing procedures with online payment',
            2,
            0.8,
          ),
          rate('online.4', 'Tỷ lệ TTHC phát sinh giao dịch thanh toán trực tuyến', 'Procedures with at least one online payment', 2, 0.8),
          rate('online.5', 'Tỷ lệ hồ sơ thanh toán trực tuyến', 'Dossiers paid online', 6),
        ],
      },
      {
        id: 'digitisation',
        label: L('Số hóa hồ sơ', 'Dossier digitisation'),
        rule: 'sum',
        children: [
          rate('digitisation.1', 'Tỷ lệ hồ sơ có kết quả giải quyết điện tử', 'Dossiers with an electronic result', 6),
          rate('digitisation.2', 'Tỷ lệ hồ sơ thực hiện số hóa', 'Digitised dossiers', 4, 0.8),
          {
            id: 'digitisation.3',
            label: L('Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính', 'Electronic certified copies offered'),
            rule: 'yes_no' as const,
            max: 2,
            unconfirmed: ['max'],
            note: RECONSTRUCTED,
          },
          rate('digitisation.4', 'Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa', 'Reuse of digitised data', 2, 0.8),
          rate('digitisation.5', 'Tỷ lệ hồ sơ số hóa kết nối, chia sẻ', 'Digitised dossiers shared', 4),
          rate('digitisation.6', 'Tỷ lệ TTHC kết nối, chia sẻ dữ liệu dân cư', 'Procedures using the population database', 2),
          rate('digitisation.7', 'Tỷ lệ hồ sơ sử dụng dữ liệu CSDL quốc gia về dân cư', 'Dossiers using population data', 2),
        ],
      },
      {
        id: 'satisfaction',
        label: L('Mức độ hài lòng', 'Satisfaction'),
        rule: 'sum',
        note: 'Three ratios of the decision (confirmations.md §4.2); 6/6/6 is the natural reading, unconfirmed.',
        children: [
          rate('satisfaction.1', 'Tiến độ xử lý phản ánh, kiến nghị', 'Complaints handled on time', 6),
          rate('satisfaction.2', 'Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị', 'Satisfaction with complaint handling', 6),
          rate(
            'satisfaction.3',
            'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
            'Satisfaction with receiving and handling procedures',
            6,
            0.9,
            'Rate = 100% − (overdue share + share with a complaint or dislike); give it as numerator/denominator.',
          ),
        ],
      },
    ],
  },
  display: [
    { id: 'public', label: L('Công khai, minh bạch', 'Publicity and transparency'), nodes: ['public'] },
    { id: 'progress', label: L('Tiến độ, kết quả giải quyết', 'Progress and results'), nodes: ['progress'] },
    { id: 'online_services', label: L('Dịch vụ công trực tuyến', 'Online public services'), nodes: ['online.1', 'online.2'] },
    { id: 'online_payment', label: L('Thanh toán trực tuyến', 'Online payment'), nodes: ['online.3', 'online.4', 'online.5'] },
    { id: 'satisfaction', label: L('Mức độ hài lòng', 'Satisfaction'), nodes: ['satisfaction'] },
    { id: 'digitisation', label: L('Số hóa hồ sơ', 'Dossier digitisation'), nodes: ['digitisation'] },
  ],
};
