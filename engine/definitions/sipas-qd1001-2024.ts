import type { DefinitionInput, Group } from '../definition.js';
import { L, shareItems } from './parts.js';
import { sipas1001 } from './sipas-qd1001-2023.js';

/** The access contents as fielded in 2024 (news.laodong.vn …-1487593.ldo): three, not the reproduced form's four. */
const ACCESS_2024: [string, string][] = [
  ['Nơi làm việc có biển hiệu, chỉ dẫn rõ ràng', 'Clear signage and directions'],
  ['Có đủ chỗ ngồi chờ, bàn viết hồ sơ', 'Enough seats and writing desks'],
  ['Trang thiết bị đầy đủ, dễ sử dụng', 'Equipment is sufficient and easy to use'],
];

/** Each element's "in general" question, reported by the press beside the element (access overall 84.27% in 2024). */
const OVERALL: Record<string, [string, string]> = {
  'service.access': ['Nhìn chung, hài lòng với việc tiếp cận dịch vụ', 'In general, satisfied with access to the service'],
  'service.procedure': ['Nhìn chung, hài lòng với thủ tục hành chính', 'In general, satisfied with the procedure'],
  'service.staff': ['Nhìn chung, hài lòng với công chức giải quyết công việc', 'In general, satisfied with the civil servants'],
  'service.result': ['Nhìn chung, hài lòng với kết quả giải quyết', 'In general, satisfied with the result'],
  'service.feedback': ['Nhìn chung, hài lòng với việc xử lý phản ánh, kiến nghị', 'In general, satisfied with complaint handling'],
};

/**
 * An element as the 2024 form asks it: its contents (their mean) beside its overall question. Which
 * of the two is the element's index is a setting: the contents weigh 1 and the overall question 0
 * (computed and shown, not counted); set `<element>.contents.weight` to 0 and
 * `<element>.overall.weight` to 1 to read the index from the overall question instead.
 */
function element(base: Group): Group {
  const contents = base.id === 'service.access' ? shareItems('service.access', ACCESS_2024) : base.children;
  const [vi, en] = OVERALL[base.id] as [string, string];
  return {
    id: base.id,
    label: base.label,
    rule: 'weighted_mean',
    note: 'The contents’ mean (weight 1) or the overall question (weight 0): which one the ministry counts is not confirmed.',
    children: [
      {
        id: `${base.id}.contents`,
        label: L('Các nội dung', 'Its contents'),
        rule: 'mean',
        weight: 1,
        unconfirmed: ['rule', 'weight'],
        children: contents,
      },
      { id: `${base.id}.overall`, label: L(vi, en), rule: 'share', levels: 5, minLevel: 4, weight: 0, unconfirmed: ['weight'] },
    ],
  };
}

const root = sipas1001.root as Group;
const service = root.children.find((c) => c.id === 'service') as Group;

/**
 * SIPAS under QĐ 1001/QĐ-BNV as fielded in 2024: the 2023 tree, the access element with its three
 * 2024 contents, and every service element's overall question beside its contents.
 */
export const sipas1001in2024: DefinitionInput = {
  ...sipas1001,
  id: 'sipas-qd1001-2024',
  version: '2024.1',
  title: L('Chỉ số hài lòng về sự phục vụ hành chính (SIPAS), phiếu năm 2024', 'SIPAS, the 2024 questionnaire'),
  facts: {
    ...sipas1001.facts,
    serviceElementSplit: '3+4+5+3+3 contents, and one overall question per element',
    accessContents: 'signage; seats and writing desks; equipment (2024 fieldwork, news.laodong.vn)',
  },
  root: {
    ...root,
    children: root.children.map((c) =>
      c.id === 'service' ? { ...service, children: service.children.map((e) => element(e as Group)) } : c,
    ),
  },
};
