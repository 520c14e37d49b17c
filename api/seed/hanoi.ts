import type { procedures } from '../platform/db/schema.js';
import type { UNIT_KINDS } from '../platform/vocabulary.js';

/**
 * Demo province: Hà Nội before and after the 2025 reorganisation. Departments merged on
 * 2025-03-01; districts were abolished and wards merged on 2025-07-01. Ward codes follow the
 * national 5-digit format (a new ward may reuse a predecessor's code, hence code + valid_from is
 * the key). This is demonstration data, not an official register.
 */
export interface DemoUnit {
  key: string;
  code: string;
  name: string;
  kind: (typeof UNIT_KINDS)[number];
  parent?: string;
  validFrom: string;
  validTo?: string;
  mergedInto?: string;
  /** Relative dossier volume per working day. */
  volume: number;
  /** Satisfaction quality: 1 = typical, lower = worse. */
  quality: number;
  counters: string[];
  procedures: string[];
}

export const REORGANISATION = '2025-07-01';
const DEPT_MERGER = '2025-03-01';
const OLD = '2008-08-01';

const WARD_COUNTERS = ['Quầy 1 – Tư pháp, hộ tịch', 'Quầy 2 – Hộ tịch', 'Quầy 3 – Chứng thực', 'Quầy 4 – Đất đai, xây dựng, kinh doanh'];
const OLD_WARD_COUNTERS = ['Quầy 1 – Tư pháp, hộ tịch', 'Quầy 2 – Chứng thực, địa chính'];
const WARD_PROCEDURES = ['1.001193', '1.000894', '1.000656', '2.000815', '1.004873', '2.000720', '1.003003'];
const OLD_WARD_PROCEDURES = ['1.001193', '1.000894', '1.000656', '2.000815', '1.004873'];

function dept(key: string, code: string, name: string, procedures: string[], extra: Partial<DemoUnit> = {}): DemoUnit {
  return {
    key,
    code,
    name,
    kind: 'department',
    parent: 'hn',
    validFrom: OLD,
    volume: 30,
    quality: 1,
    counters: ['Quầy 1', 'Quầy 2', 'Quầy 3', 'Quầy 4'],
    procedures,
    ...extra,
  };
}

function oldWard(key: string, code: string, name: string, district: string, mergedInto: string, extra: Partial<DemoUnit> = {}): DemoUnit {
  return {
    key,
    code,
    name,
    kind: name.startsWith('Xã') ? 'commune' : 'ward',
    parent: district,
    validFrom: OLD,
    validTo: REORGANISATION,
    mergedInto,
    volume: 6,
    quality: 1,
    counters: OLD_WARD_COUNTERS,
    procedures: OLD_WARD_PROCEDURES,
    ...extra,
  };
}

function newWard(key: string, code: string, name: string, extra: Partial<DemoUnit> = {}): DemoUnit {
  return {
    key,
    code,
    name,
    kind: name.startsWith('Xã') ? 'commune' : 'ward',
    parent: 'hn',
    validFrom: REORGANISATION,
    volume: 22,
    quality: 1,
    counters: WARD_COUNTERS,
    procedures: WARD_PROCEDURES,
    ...extra,
  };
}

function district(key: string, code: string, name: string): DemoUnit {
  return {
    key,
    code,
    name,
    kind: 'district',
    parent: 'hn',
    validFrom: OLD,
    validTo: REORGANISATION,
    volume: 0,
    quality: 1,
    counters: [],
    procedures: [],
  };
}

export const DEMO_UNITS: DemoUnit[] = [
  {
    key: 'hn',
    code: '01',
    name: 'Thành phố Hà Nội',
    kind: 'province',
    validFrom: OLD,
    volume: 0,
    quality: 1,
    counters: [],
    procedures: [],
  },

  dept('stp', '000.00.17.H26', 'Sở Tư pháp', ['2.000488', '2.000815']),
  dept('sxd', '000.00.23.H26', 'Sở Xây dựng', ['1.009994']),
  dept('skhdt', '000.00.14.H26', 'Sở Kế hoạch và Đầu tư', ['1.010027'], { validTo: DEPT_MERGER, mergedInto: 'stc' }),
  dept('stc', '000.00.12.H26', 'Sở Tài chính', ['1.010027']),
  dept('sldtbxh', '000.00.16.H26', 'Sở Lao động – Thương binh và Xã hội', ['1.000105'], { validTo: DEPT_MERGER, mergedInto: 'snv' }),
  dept('snv', '000.00.11.H26', 'Sở Nội vụ', ['1.000105']),
  dept('stnmt', '000.00.20.H26', 'Sở Tài nguyên và Môi trường', ['1.003003'], { validTo: DEPT_MERGER, mergedInto: 'snnmt', quality: 0.9 }),
  dept('snnmt', '000.00.30.H26', 'Sở Nông nghiệp và Môi trường', ['1.003003'], { validFrom: DEPT_MERGER }),

  district('q-bd', '001', 'Quận Ba Đình'),
  district('q-hk', '002', 'Quận Hoàn Kiếm'),
  district('h-ss', '016', 'Huyện Sóc Sơn'),
  district('h-gl', '018', 'Huyện Gia Lâm'),

  oldWard('p-phucxa', '00001', 'Phường Phúc Xá', 'q-bd', 'p-hongha'),
  oldWard('p-trucbach', '00004', 'Phường Trúc Bạch', 'q-bd', 'p-badinh'),
  oldWard('p-quanthanh', '00013', 'Phường Quán Thánh', 'q-bd', 'p-badinh'),
  oldWard('p-ngocha-old', '00016', 'Phường Ngọc Hà', 'q-bd', 'p-ngocha'),
  oldWard('p-doican', '00022', 'Phường Đội Cấn', 'q-bd', 'p-ngocha'),
  oldWard('p-ngockhanh', '00025', 'Phường Ngọc Khánh', 'q-bd', 'p-giangvo'),
  oldWard('p-kimma', '00028', 'Phường Kim Mã', 'q-bd', 'p-giangvo'),
  oldWard('p-giangvo-old', '00031', 'Phường Giảng Võ', 'q-bd', 'p-giangvo'),
  oldWard('p-phuctan', '00037', 'Phường Phúc Tân', 'q-hk', 'p-hongha'),
  oldWard('p-hangdao', '00049', 'Phường Hàng Đào', 'q-hk', 'p-hoankiem'),
  oldWard('p-lythaito', '00058', 'Phường Lý Thái Tổ', 'q-hk', 'p-hoankiem'),
  oldWard('p-hangbac', '00061', 'Phường Hàng Bạc', 'q-hk', 'p-hoankiem'),
  oldWard('p-hangtrong', '00070', 'Phường Hàng Trống', 'q-hk', 'p-hoankiem'),
  oldWard('p-cuanam-old', '00073', 'Phường Cửa Nam', 'q-hk', 'p-cuanam'),
  oldWard('p-hangbong', '00076', 'Phường Hàng Bông', 'q-hk', 'p-cuanam'),
  oldWard('p-trangtien', '00079', 'Phường Tràng Tiền', 'q-hk', 'p-cuanam'),
  oldWard('tt-socson', '08974', 'Thị trấn Sóc Sơn', 'h-ss', 'x-socson'),
  oldWard('x-phulinh', '09010', 'Xã Phù Linh', 'h-ss', 'x-socson'),
  oldWard('x-tanminh', '09013', 'Xã Tân Minh', 'h-ss', 'x-socson'),
  oldWard('x-battrang-old', '09292', 'Xã Bát Tràng', 'h-gl', 'x-battrang', { quality: 0.7 }),
  oldWard('x-kimlan', '09295', 'Xã Kim Lan', 'h-gl', 'x-battrang', { quality: 0.75 }),
  oldWard('x-datoan', '09277', 'Xã Đa Tốn', 'h-gl', 'x-battrang', { quality: 0.8 }),

  newWard('p-badinh', '00004', 'Phường Ba Đình'),
  newWard('p-ngocha', '00008', 'Phường Ngọc Hà'),
  newWard('p-giangvo', '00025', 'Phường Giảng Võ'),
  newWard('p-hoankiem', '00070', 'Phường Hoàn Kiếm'),
  newWard('p-cuanam', '00082', 'Phường Cửa Nam'),
  newWard('p-hongha', '00097', 'Phường Hồng Hà'),
  newWard('x-socson', '08980', 'Xã Sóc Sơn', { volume: 16 }),
  // The clearly worse unit of the demo: long waits and late results after the merger.
  newWard('x-battrang', '09292', 'Xã Bát Tràng', { volume: 14, quality: 0.6 }),
];

/** Procedures with their national procedure codes (Cổng Dịch vụ công quốc gia style) and legal time limit in days. */
export const DEMO_PROCEDURES: (Pick<typeof procedures.$inferInsert, 'code' | 'name' | 'field' | 'levels' | 'onlineLevel'> & {
  days: number;
})[] = [
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', days: 1, levels: ['commune'], onlineLevel: 'full' },
  { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', days: 1, levels: ['commune'], onlineLevel: 'partial' },
  { code: '1.000656', name: 'Đăng ký khai tử', field: 'Hộ tịch', days: 1, levels: ['commune'], onlineLevel: 'full' },
  { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', days: 3, levels: ['commune'], onlineLevel: 'full' },
  {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
    field: 'Chứng thực',
    days: 1,
    levels: ['province', 'commune'],
    onlineLevel: 'partial',
  },
  {
    code: '2.000720',
    name: 'Đăng ký thành lập hộ kinh doanh',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    days: 3,
    levels: ['commune'],
    onlineLevel: 'full',
  },
  {
    code: '1.003003',
    name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu',
    field: 'Đất đai',
    days: 20,
    levels: ['province', 'commune'],
    onlineLevel: 'partial',
  },
  {
    code: '2.000488',
    name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
    field: 'Lý lịch tư pháp',
    days: 10,
    levels: ['province'],
    onlineLevel: 'full',
  },
  {
    code: '1.009994',
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    field: 'Hoạt động xây dựng',
    days: 15,
    levels: ['province', 'commune'],
    onlineLevel: 'partial',
  },
  {
    code: '1.010027',
    name: 'Đăng ký thành lập doanh nghiệp tư nhân',
    field: 'Thành lập và phát triển doanh nghiệp',
    days: 3,
    levels: ['province'],
    onlineLevel: 'full',
  },
  {
    code: '1.000105',
    name: 'Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam',
    field: 'Việc làm',
    days: 5,
    levels: ['province'],
    onlineLevel: 'partial',
  },
];

/**
 * Days the one-stop desks were closed besides Sundays: New Year, Tết, Hùng Kings, 30/4–1/5 and
 * National Day as announced for 2025 and 2026; other years keep the fixed solar holidays only.
 */
const HOLIDAYS = new Set([
  '2025-01-01',
  '2025-01-25',
  '2025-01-26',
  '2025-01-27',
  '2025-01-28',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31',
  '2025-02-01',
  '2025-02-02',
  '2025-04-07',
  '2025-04-30',
  '2025-05-01',
  '2025-05-02',
  '2025-08-30',
  '2025-08-31',
  '2025-09-01',
  '2025-09-02',
  '2026-01-01',
  '2026-02-14',
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-04-27',
  '2026-04-30',
  '2026-05-01',
  '2026-09-01',
  '2026-09-02',
]);
const SOLAR_HOLIDAYS = ['01-01', '04-30', '05-01', '09-02'];

export const isHoliday = (day: string) => HOLIDAYS.has(day) || SOLAR_HOLIDAYS.includes(day.slice(5));

export const DEMO_COMMENTS = {
  good: [
    'Cán bộ hướng dẫn nhiệt tình, chu đáo.',
    'Thủ tục nhanh gọn, trả kết quả đúng hẹn.',
    'Phòng chờ sạch sẽ, có đủ ghế ngồi.',
    'Rất hài lòng với thái độ phục vụ.',
  ],
  bad: [
    'Phải chờ quá lâu, cần thêm quầy vào giờ cao điểm.',
    'Hướng dẫn chưa rõ, phải đi lại nhiều lần.',
    'Trả kết quả chậm so với giấy hẹn.',
    'Thiếu chỗ ngồi chờ.',
  ],
};
