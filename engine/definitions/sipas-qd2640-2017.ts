import type { DefinitionInput } from '../definition.js';
import { L, SIPAS_OPTIONS, shareItems } from './parts.js';

const ELEMENT_RULE_NOTE =
  'Element index = mean of its criterion indices (sipas.md §2.5, unconfirmed: QĐ 2640 may ask one direct question per element).';

/** SIPAS 2017–2020: 5 elements, 22 criteria (QĐ 2640/QĐ-BNV, 10/10/2017). */
export const sipas2640: DefinitionInput = {
  id: 'sipas-qd2640-2017',
  version: '2017.1',
  title: L('Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) 2017–2020', 'SIPAS 2017–2020'),
  legalBasis: {
    document: 'Quyết định số 2640/QĐ-BNV',
    date: '2017-10-10',
    issuer: 'Bộ Nội vụ',
    note: 'Đề án đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn 2017–2020.',
  },
  facts: {
    elements: 5,
    criteria: 22,
    elementSplit: '4+5+6+3+4 (unconfirmed, from memory; criterion wording paraphrased)',
  },
  options: SIPAS_OPTIONS,
  root: {
    id: 'sipas',
    label: L('SIPAS', 'SIPAS'),
    rule: 'mean',
    unconfirmed: ['rule'],
    note: 'SIPAS = mean of the 5 element indices (sipas.md §2.5, standard reading, unconfirmed).',
    children: [
      {
        id: 'e1',
        label: L('Tiếp cận dịch vụ hành chính công', 'Access to the public administrative service'),
        rule: 'mean',
        unconfirmed: ['rule'],
        note: ELEMENT_RULE_NOTE,
        children: shareItems('e1', [
          ['Nơi ngồi chờ có đủ chỗ ngồi', 'Enough waiting seats'],
          ['Trang thiết bị phục vụ đầy đủ', 'Equipment is sufficient'],
          ['Trang thiết bị phục vụ hiện đại', 'Equipment is modern'],
          ['Trang thiết bị phục vụ dễ sử dụng', 'Equipment is easy to use'],
        ]),
      },
      {
        id: 'e2',
        label: L('Thủ tục hành chính', 'The administrative procedure'),
        rule: 'mean',
        unconfirmed: ['rule'],
        note: ELEMENT_RULE_NOTE,
        children: shareItems('e2', [
          ['TTHC được niêm yết công khai đầy đủ', 'The procedure is fully posted'],
          ['TTHC được niêm yết công khai chính xác', 'The procedure is accurately posted'],
          ['Thành phần hồ sơ phải nộp đúng quy định', 'Required documents as prescribed'],
          ['Phí, lệ phí phải nộp đúng quy định', 'Fees and charges as prescribed'],
          ['Thời hạn giải quyết đúng quy định', 'Processing time as prescribed'],
        ]),
      },
      {
        id: 'e3',
        label: L('Công chức trực tiếp giải quyết công việc', 'The civil servant handling the case'),
        rule: 'mean',
        unconfirmed: ['rule'],
        note: ELEMENT_RULE_NOTE,
        children: shareItems('e3', [
          ['Có thái độ giao tiếp lịch sự', 'Polite manner'],
          ['Chú ý lắng nghe ý kiến', 'Listens attentively'],
          ['Trả lời, giải thích đầy đủ các ý kiến', 'Answers and explains fully'],
          ['Hướng dẫn kê khai hồ sơ tận tình, chu đáo', 'Guides form-filling thoroughly'],
          ['Hướng dẫn kê khai hồ sơ dễ hiểu', 'Guidance is easy to understand'],
          ['Tuân thủ đúng quy định trong giải quyết công việc', 'Follows the rules'],
        ]),
      },
      {
        id: 'e4',
        label: L('Kết quả cung ứng dịch vụ hành chính công', 'The result delivered'),
        rule: 'mean',
        unconfirmed: ['rule'],
        note: ELEMENT_RULE_NOTE,
        children: shareItems('e4', [
          ['Kết quả nhận được đúng quy định', 'Result as prescribed'],
          ['Kết quả có thông tin đầy đủ', 'Result information complete'],
          ['Kết quả có thông tin chính xác', 'Result information accurate'],
        ]),
      },
      {
        id: 'e5',
        label: L('Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị', 'Handling of feedback and complaints'),
        rule: 'mean',
        unconfirmed: ['rule'],
        note: ELEMENT_RULE_NOTE,
        children: shareItems('e5', [
          ['Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị', 'A feedback channel exists'],
          ['Người dân dễ dàng thực hiện góp ý, phản ánh, kiến nghị', 'Giving feedback is easy'],
          ['Cơ quan tiếp nhận, xử lý tích cực các góp ý, phản ánh, kiến nghị', 'Feedback is actively handled'],
          ['Cơ quan thông báo kết quả xử lý kịp thời', 'The outcome is notified on time'],
        ]),
      },
    ],
  },
};
