import type { DefinitionInput } from '../definition.js';
import { L, SIPAS_OPTIONS, shareItems } from './parts.js';

const MEAN_NOTE = 'Mean of its items (sipas.md §3.3 / confirmations.md §3.5: unconfirmed).';

const POLICY_GROUPS: [string, string][] = [
  ['Phát triển kinh tế – xã hội', 'Economic and social development'],
  ['Khám bệnh, chữa bệnh', 'Medical examination and treatment'],
  ['Giáo dục phổ thông', 'General education'],
  ['An ninh, trật tự', 'Public order and safety'],
  ['Giao thông đường bộ', 'Road traffic'],
  ['Điện sinh hoạt', 'Household electricity'],
  ['Nước sinh hoạt', 'Domestic water'],
  ['An sinh xã hội', 'Social security'],
  ['Cải cách hành chính nhà nước', 'State administrative reform'],
];

/**
 * SIPAS 2023–2026 (QĐ 1001/QĐ-BNV, 11/12/2023): household survey; SIPAS = mean of the policy and
 * the service sub-index (confirmed by Hà Nội 2024: (86.51 + 86.49) / 2 = 86.50). Statement wording
 * is a Vietnamese rendering of one reproduced questionnaire (confirmations.md §3.3), not the annex.
 */
export const sipas1001: DefinitionInput = {
  id: 'sipas-qd1001-2023',
  version: '2023.1',
  title: L('Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) 2023–2026', 'SIPAS 2023–2026'),
  legalBasis: {
    document: 'Quyết định số 1001/QĐ-BNV',
    date: '2023-12-11',
    issuer: 'Bộ Nội vụ',
    note: 'Phương pháp đo lường sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn 2023–2026.',
  },
  facts: {
    satisfactionStatements: '33 on the reproduced 2022 form (8 policy groups); 34 with the 9th group of 2023',
    policyStatements: '4 information + 8 or 9 policy groups + 2 impact',
    serviceStatements: 19,
    serviceElementSplit: '4+4+5+3+3',
    policyGroups: '9 in 2023 (8 on the 2022 form): a group with no answers leaves the mean',
  },
  options: SIPAS_OPTIONS,
  root: {
    id: 'sipas',
    label: L('SIPAS', 'SIPAS'),
    rule: 'mean',
    note: 'Mean of the two sub-indices (confirmed numerically, Hà Nội 2024).',
    children: [
      {
        id: 'policy',
        label: L('Chỉ số hài lòng về xây dựng, tổ chức thực hiện chính sách', 'Satisfaction with policy-making and implementation'),
        rule: 'mean',
        unconfirmed: ['rule'],
        note: 'Mean of its three groups (unconfirmed).',
        children: [
          {
            id: 'policy.info',
            label: L('Thông tin, tham vấn chính sách', 'Policy information and consultation'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('policy.info', [
              ['Thông tin chính sách được cung cấp qua nhiều kênh', 'Policy information comes through many channels'],
              ['Thông tin chính sách đầy đủ, dễ hiểu', 'Policy information is complete and understandable'],
              ['Người dân được tham vấn qua nhiều kênh', 'Citizens are consulted through many channels'],
              [
                'Có kênh để người dân phản hồi về kết quả, tác động của chính sách',
                'There are channels to give feedback on policy results and impact',
              ],
            ]),
          },
          {
            id: 'policy.groups',
            label: L('Sự phù hợp của các nhóm chính sách', 'Suitability of the policy groups'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('policy.groups', POLICY_GROUPS),
          },
          {
            id: 'policy.impact',
            label: L('Tác động của chính sách', 'Policy impact'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('policy.impact', [
              ['Kinh tế gia đình được cải thiện', 'Family economy has improved'],
              ['Chất lượng cuộc sống được cải thiện', 'Quality of life has improved'],
            ]),
          },
        ],
      },
      {
        id: 'service',
        label: L('Chỉ số hài lòng về cung ứng dịch vụ hành chính công', 'Satisfaction with public administrative services'),
        rule: 'mean',
        unconfirmed: ['rule'],
        note: 'Mean of the 5 element indices (unconfirmed).',
        children: [
          {
            id: 'service.access',
            label: L('Tiếp cận dịch vụ', 'Access'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('service.access', [
              [
                'Thông tin về TTHC được cung cấp qua nhiều kênh, dễ hiểu',
                'Procedure information through many channels, easy to understand',
              ],
              ['Nơi làm việc có biển hiệu, chỉ dẫn rõ ràng', 'Clear signage and directions'],
              ['Nơi làm việc sạch sẽ, văn minh', 'The office is clean and orderly'],
              ['Trang thiết bị đầy đủ, chất lượng tốt', 'Equipment is sufficient and of good quality'],
            ]),
          },
          {
            id: 'service.procedure',
            label: L('Thủ tục hành chính', 'Administrative procedure'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('service.procedure', [
              ['TTHC được niêm yết tại nơi làm việc, dễ thấy, dễ hiểu', 'The procedure is posted, easy to see and understand'],
              ['Thành phần hồ sơ đúng quy định', 'Dossier components as prescribed'],
              ['Phí, lệ phí đúng quy định', 'Fees as prescribed'],
              ['Thời hạn giải quyết đúng quy định', 'Processing time as prescribed'],
            ]),
          },
          {
            id: 'service.staff',
            label: L('Công chức giải quyết công việc', 'Civil servants'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('service.staff', [
              ['Lịch sự, tôn trọng', 'Polite and respectful'],
              ['Thông tin, trả lời kịp thời, đầy đủ', 'Informs and answers on time and fully'],
              [
                'Hướng dẫn dễ hiểu, hoàn thiện hồ sơ sau một lần hướng dẫn',
                'Guidance clear enough to complete the dossier after one round',
              ],
              ['Tuân thủ đúng quy định', 'Follows the rules'],
              ['Tận tình', 'Devoted'],
            ]),
          },
          {
            id: 'service.result',
            label: L('Kết quả giải quyết', 'Results'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('service.result', [
              ['Trả kết quả đúng hẹn', 'Returned on the appointed date'],
              ['Thông tin trong kết quả đầy đủ, chính xác', 'Information complete and accurate'],
              ['Kết quả công bằng', 'Fair'],
            ]),
          },
          {
            id: 'service.feedback',
            label: L('Tiếp nhận, xử lý phản ánh, kiến nghị', 'Handling of complaints and petitions'),
            rule: 'mean',
            unconfirmed: ['rule'],
            note: MEAN_NOTE,
            children: shareItems('service.feedback', [
              ['Có kênh tiếp nhận, dễ dàng phản ánh, kiến nghị', 'A channel exists and makes complaints easy'],
              ['Phản ánh, kiến nghị được tiếp nhận, xử lý đúng quy định', 'Complaints are received and handled as prescribed'],
              ['Kết quả xử lý được thông báo kịp thời', 'The outcome is notified on time'],
            ]),
          },
        ],
      },
    ],
  },
  reported: [
    {
      id: 'perception.channels',
      label: L('Kênh theo dõi thông tin chính sách', 'Channels used to follow policies'),
      multiple: true,
      options: [
        { code: 'loudspeaker', label: L('Loa truyền thanh xã', 'Commune loudspeaker') },
        { code: 'meetings', label: L('Họp khu dân cư', 'Residential-area meetings') },
        { code: 'officials', label: L('Cơ quan, cán bộ nhà nước', 'State agencies and civil servants') },
        { code: 'relatives', label: L('Người thân, bạn bè', 'Relatives and friends') },
        { code: 'media', label: L('Phát thanh, truyền hình, báo chí', 'Radio, TV and press') },
        { code: 'internet', label: L('Internet', 'Internet') },
        { code: 'other', label: L('Khác', 'Other') },
      ],
    },
    {
      id: 'perception.harassment',
      label: L('Công chức gây phiền hà, sách nhiễu khi giải quyết TTHC', 'Harassment by civil servants during procedures'),
      options: [
        { code: 'none', label: L('Không có', 'None') },
        { code: 'some', label: L('Có, ít', 'Some') },
        { code: 'many', label: L('Có, nhiều', 'Many') },
      ],
    },
    {
      id: 'perception.unofficial_payment',
      label: L('Phải chi thêm tiền ngoài quy định', 'Unofficial payments'),
      options: [
        { code: 'none', label: L('Không có', 'None') },
        { code: 'some', label: L('Có, ít', 'Some') },
        { code: 'many', label: L('Có, nhiều', 'Many') },
      ],
    },
    {
      id: 'perception.submit_channel',
      label: L('Kênh nộp hồ sơ phù hợp', 'Suitable channel for submitting dossiers'),
      options: [
        { code: 'in_person', label: L('Trực tiếp', 'In person') },
        { code: 'online', label: L('Trực tuyến', 'Online') },
        { code: 'both', label: L('Cả hai', 'Both') },
      ],
    },
    {
      id: 'expectations',
      label: L('Nội dung người dân mong đợi cải thiện', 'What citizens want improved'),
      multiple: true,
      options: [
        { code: '1', label: L('Cung cấp thông tin tốt hơn', 'Better information') },
        { code: '2', label: L('Cải thiện trụ sở, trang thiết bị', 'Better offices and equipment') },
        { code: '3', label: L('Nâng cao năng lực công chức', 'Better staff competence') },
        { code: '4', label: L('Cải thiện thái độ công chức', 'Better staff attitude') },
        { code: '5', label: L('Đẩy mạnh ứng dụng CNTT, chuyển đổi số', 'More IT and digital transformation') },
        { code: '6', label: L('Quan tâm hơn đến nhu cầu người dân', 'More attention to citizens’ needs') },
        { code: '7', label: L('Xử lý phản ánh, kiến nghị tốt hơn', 'Better handling of feedback') },
        { code: '8', label: L('(Lựa chọn 8: chưa xác định được nội dung)', '(Option 8: wording not retrieved)'), unconfirmed: true },
        { code: '9', label: L('Nâng cao chất lượng chính sách', 'Better-quality policies') },
        { code: '10', label: L('Nâng cao chất lượng dịch vụ hành chính công', 'Better public administrative service') },
      ],
    },
  ],
};
