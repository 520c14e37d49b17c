import type { Comparisons, Definition, DesignSummary } from '../../engine/index.js';
import type { Bilingual } from './errors.js';

// The words users see for each code the data uses, in Vietnamese and English (glossary).

export const UNIT_KINDS = ['province', 'department', 'district', 'commune', 'ward', 'special_zone', 'one_stop_centre', 'ministry'] as const;
/** What each kind of unit is called, in the plural (ranking headings, report titles). */
export const UNIT_KIND_LABELS: Record<(typeof UNIT_KINDS)[number], Bilingual> = {
  province: { vi: 'Các tỉnh, thành phố', en: 'Provinces' },
  department: { vi: 'Các sở, ban, ngành', en: 'Departments' },
  district: { vi: 'Các quận, huyện', en: 'Districts' },
  commune: { vi: 'Các xã', en: 'Communes' },
  ward: { vi: 'Các phường', en: 'Wards' },
  special_zone: { vi: 'Các đặc khu', en: 'Special zones' },
  one_stop_centre: { vi: 'Các trung tâm phục vụ hành chính công', en: 'Public administration service centres' },
  ministry: { vi: 'Các bộ, ngành', en: 'Ministries' },
};
/** Whom a ranking or report below a unit takes: one kind of unit, or the whole commune level (wards, communes, special zones). */
export const BELOW_KINDS = [...UNIT_KINDS, 'commune_level'] as const;
export type BelowKind = (typeof BELOW_KINDS)[number];
export const belowKindLabel = (kind: BelowKind): Bilingual =>
  kind === 'commune_level' ? { vi: 'Các đơn vị cấp xã', en: 'Commune-level units' } : UNIT_KIND_LABELS[kind];
export const isOfKind = (kind: BelowKind, unitKind: (typeof UNIT_KINDS)[number]) =>
  kind === 'commune_level' ? rankingBlockOf(unitKind) === 'commune_level' : unitKind === kind;
/**
 * The blocks a ranking keeps apart, as the ministry ranks provinces apart from ministries:
 * departments, districts, and the commune level (wards, communes and special zones together).
 */
export const RANKING_BLOCKS = ['department', 'commune_level', 'district', 'province', 'ministry', 'one_stop_centre', 'all'] as const;
export type RankingBlock = (typeof RANKING_BLOCKS)[number];
export const rankingBlockOf = (kind: (typeof UNIT_KINDS)[number]): RankingBlock =>
  kind === 'ward' || kind === 'commune' || kind === 'special_zone' ? 'commune_level' : kind;
export const RANKING_BLOCK_LABELS: Record<RankingBlock, Bilingual> = {
  department: UNIT_KIND_LABELS.department,
  commune_level: { vi: 'Cấp xã (phường, xã, đặc khu)', en: 'Commune level (wards, communes, special zones)' },
  district: UNIT_KIND_LABELS.district,
  province: UNIT_KIND_LABELS.province,
  ministry: UNIT_KIND_LABELS.ministry,
  one_stop_centre: UNIT_KIND_LABELS.one_stop_centre,
  all: { vi: 'Mọi đơn vị, xếp chung theo yêu cầu', en: 'Every unit, ranked together as asked' },
};
/** What one unit of each kind is called (the units page). */
export const UNIT_KIND_NAMES: Record<(typeof UNIT_KINDS)[number], Bilingual> = {
  province: { vi: 'tỉnh, thành phố', en: 'province' },
  department: { vi: 'sở, ban, ngành', en: 'department' },
  district: { vi: 'quận, huyện', en: 'district' },
  commune: { vi: 'xã', en: 'commune' },
  ward: { vi: 'phường', en: 'ward' },
  special_zone: { vi: 'đặc khu', en: 'special zone' },
  one_stop_centre: { vi: 'trung tâm phục vụ hành chính công', en: 'public administration service centre' },
  ministry: { vi: 'bộ, ngành', en: 'ministry' },
};
export const TRANSACTION_CHANNELS = ['counter', 'online', 'postal'] as const;

/** The level of government that carries a procedure out (cấp thực hiện). */
export const PROCEDURE_LEVELS = ['central', 'province', 'commune'] as const;
export const PROCEDURE_LEVEL_LABELS: Record<(typeof PROCEDURE_LEVELS)[number], Bilingual> = {
  central: { vi: 'Cấp trung ương', en: 'Central' },
  province: { vi: 'Cấp tỉnh', en: 'Province' },
  commune: { vi: 'Cấp xã', en: 'Commune' },
};
/** How far a procedure can be done online (mức độ dịch vụ công trực tuyến). */
export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
export const ONLINE_LEVEL_LABELS: Record<(typeof ONLINE_LEVELS)[number], Bilingual> = {
  full: { vi: 'Toàn trình', en: 'Fully online' },
  partial: { vi: 'Một phần', en: 'Partly online' },
  none: { vi: 'Không trực tuyến', en: 'Not online' },
};
export const RATING_CHANNELS = ['kiosk', 'online', 'qr'] as const;
/**
 * admin: everything. home_affairs: Home Affairs staff over a subtree (a province or part of it).
 * unit_staff: one unit (tokens, surveys, self-assessment). leader: read-only over a subtree.
 * Kiosks are devices, not users.
 */
export const USER_ROLES = ['admin', 'home_affairs', 'unit_staff', 'leader'] as const;

/** How a rating came in (glossary "channel"). */
export const RATING_CHANNEL_LABELS: Record<(typeof RATING_CHANNELS)[number], Bilingual> = {
  kiosk: { vi: 'Tại quầy (kiosk)', en: 'At the counter (kiosk)' },
  online: { vi: 'Trực tuyến', en: 'Online' },
  qr: { vi: 'Mã QR', en: 'QR code' },
};

/** Each role as a sentence names it. */
/** What a service account's key may do: push dossiers, issue rating links, read reports. */
export const SERVICE_PERMISSIONS = ['dossiers:write', 'rating-links:issue', 'reports:read'] as const;
export type ServicePermission = (typeof SERVICE_PERMISSIONS)[number];
export const SERVICE_PERMISSION_LABELS: Record<ServicePermission, Bilingual> = {
  'dossiers:write': { vi: 'gửi hồ sơ', en: 'push dossiers' },
  'rating-links:issue': { vi: 'cấp đường dẫn đánh giá', en: 'issue rating links' },
  'reports:read': { vi: 'đọc báo cáo', en: 'read reports' },
};

export const ROLE_LABELS: Record<(typeof USER_ROLES)[number], Bilingual> = {
  admin: { vi: 'quản trị hệ thống', en: 'system admin' },
  home_affairs: { vi: 'cán bộ Nội vụ', en: 'Home Affairs officer' },
  unit_staff: { vi: 'cán bộ đơn vị', en: 'unit staff' },
  leader: { vi: 'lãnh đạo', en: 'leader' },
};

/** Reason chips offered after a low rating (glossary "Kiosk wording"), in display order. */
export const REASONS = {
  long_wait: { vi: 'Chờ lâu', en: 'Long wait' },
  unclear_guidance: { vi: 'Hướng dẫn chưa rõ', en: 'Unclear guidance' },
  poor_attitude: { vi: 'Thái độ chưa tốt', en: 'Poor attitude' },
  repeated_supplements: { vi: 'Phải bổ sung hồ sơ nhiều lần', en: 'Had to add documents several times' },
  late: { vi: 'Trễ hẹn', en: 'Late' },
  other: { vi: 'Khác', en: 'Other' },
} as const;

export type Reason = keyof typeof REASONS;
export const REASON_CODES = Object.keys(REASONS) as [Reason, ...Reason[]];

/**
 * Why a rating through a link is held out of every count until Home Affairs decides: it came from
 * a browser signed in as staff, a browser that ever signed in as staff, the address the link was
 * issued from, or sooner after issue than a citizen leaving the counter would rate.
 */
export const HOLD_REASONS = ['staff_session', 'staff_device', 'issuer_address', 'too_soon'] as const;
export const HOLD_REASON_LABELS: Record<(typeof HOLD_REASONS)[number], Bilingual> = {
  staff_session: { vi: 'Gửi từ trình duyệt đang đăng nhập tài khoản cán bộ', en: 'Sent from a browser signed in as staff' },
  staff_device: { vi: 'Gửi từ thiết bị cán bộ từng đăng nhập', en: 'Sent from a device staff have signed in on' },
  issuer_address: { vi: 'Gửi từ cùng địa chỉ mạng nơi cấp đường dẫn', en: 'Sent from the address the link was issued from' },
  too_soon: { vi: 'Gửi quá sớm sau khi cấp đường dẫn', en: 'Sent too soon after the link was issued' },
};
/** Home Affairs' decision on a held rating: count it, or keep it out for good. */
export const HOLD_DECISIONS = ['count', 'exclude'] as const;
/**
 * What an alert is about: a unit's or counter's satisfied share fell; a unit's link ratings stand
 * far above its kiosk ratings; one issuer's links drew a burst of top ratings; a kiosk went silent
 * while its counter kept receiving dossiers.
 */
export const ALERT_KINDS = ['drop', 'links_above_kiosk', 'link_burst', 'kiosk_silent'] as const;
export const ALERT_KIND_LABELS: Record<(typeof ALERT_KINDS)[number], Bilingual> = {
  drop: { vi: 'Mức hài lòng giảm', en: 'Satisfaction fell' },
  links_above_kiosk: { vi: 'Đánh giá qua đường dẫn cao bất thường so với tại quầy', en: 'Link ratings far above kiosk ratings' },
  link_burst: { vi: 'Nhiều đánh giá tối đa dồn dập qua đường dẫn của một cán bộ', en: 'A burst of top ratings on one issuer’s links' },
  kiosk_silent: {
    vi: 'Thiết bị đánh giá có thể đã hỏng: im lặng khi quầy vẫn tiếp nhận hồ sơ',
    en: 'Rating terminal probably down: silent while its counter receives dossiers',
  },
};

export const PAR_STATES = ['draft', 'submitted', 'appraised', 'published'] as const;
/** Where a PAR assessment stands (the workflow of QĐ 876: self-assessment, appraisal, publication). */
export const PAR_STATE_LABELS: Record<(typeof PAR_STATES)[number], Bilingual> = {
  draft: { vi: 'Đang tự đánh giá', en: 'Self-assessment under way' },
  submitted: { vi: 'Đã gửi, chờ thẩm định', en: 'Submitted, awaiting appraisal' },
  appraised: { vi: 'Đã thẩm định, chờ công bố', en: 'Appraised, awaiting publication' },
  published: { vi: 'Đã công bố', en: 'Published' },
};

/** Where a citizen's request to be called back stands. */
export const CALLBACK_STATUSES = ['open', 'contacted', 'resolved'] as const;
export const CALLBACK_STATUS_LABELS: Record<(typeof CALLBACK_STATUSES)[number], Bilingual> = {
  open: { vi: 'Chưa gọi', en: 'Not called yet' },
  contacted: { vi: 'Đã liên hệ', en: 'Contacted' },
  resolved: { vi: 'Đã giải quyết', en: 'Resolved' },
};

export const WAVE_STATUSES = ['fieldwork', 'closed'] as const;
/** Where a survey wave stands: forms are entered only in the field. */
export const WAVE_STATUS_LABELS: Record<(typeof WAVE_STATUSES)[number], Bilingual> = {
  fieldwork: { vi: 'Đang khảo sát', en: 'In the field' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};

/** How a family of pairwise tests was held to its level, in the words every output prints. */
export function comparisonWords(comparisons: Comparisons): Bilingual {
  const percent = `${Math.round(comparisons.alpha * 100)}%`;
  return comparisons.control === 'holm'
    ? {
        vi: `Mọi cặp đơn vị được kiểm định (${comparisons.tests.toLocaleString('vi-VN')} cặp); xác suất kết luận sai ít nhất một cặp được giữ ở ${percent} theo phương pháp Holm.`,
        en: `Every pair of units is tested (${comparisons.tests.toLocaleString('en-GB')} pairs); the chance of declaring any pair different by mistake is held to ${percent} by Holm's method.`,
      }
    : {
        vi: `Mọi cặp đơn vị được kiểm định riêng ở mức ${percent} (${comparisons.tests.toLocaleString('vi-VN')} cặp), không kiểm soát đa so sánh: có thể có chênh lệch do ngẫu nhiên.`,
        en: `Each of the ${comparisons.tests.toLocaleString('en-GB')} pairs is tested alone at ${percent}, without multiplicity control: some differences may be chance.`,
      };
}

/** How a ranking's tiers and ties were decided, in the words every ranking (page, sheet, PDF) prints. */
export function rankingRules(comparisons: Comparisons, tieBreak: Definition['options']['tieBreak']): Bilingual {
  const control = comparisonWords(comparisons);
  const ties =
    tieBreak === 'name'
      ? {
          vi: 'Giá trị bằng nhau (chưa làm tròn) xếp hạng liên tiếp theo tên đơn vị.',
          en: 'Equal unrounded values take consecutive ranks by unit name.',
        }
      : { vi: 'Giá trị bằng nhau (chưa làm tròn) cùng hạng.', en: 'Equal unrounded values share a rank.' };
  return { vi: `${control.vi} ${ties.vi}`, en: `${control.en} ${ties.en}` };
}

/** How a survey figure's interval follows its design, in plain words (dashboard, reports). */
export function designWords(design: DesignSummary): Bilingual {
  const vi = (x: number, digits = 0) => x.toLocaleString('vi-VN', { maximumFractionDigits: digits });
  const en = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits });
  const { deff } = design;
  return {
    vi: `Khoảng tin cậy tính theo thiết kế mẫu: ${vi(design.respondents)} phiếu, ${
      design.clustered ? `${vi(design.samplingUnits)} cụm` : 'chọn từng người'
    }, ${vi(design.strata)} tầng${design.finitePopulation ? ', có hiệu chỉnh tổng thể hữu hạn' : ''}${
      deff === null ? '' : `; hệ số thiết kế (deff) ${vi(deff, 2)}`
    }.`,
    en: `Interval by the sample design: ${en(design.respondents)} forms, ${
      design.clustered ? `${en(design.samplingUnits)} clusters` : 'drawn one by one'
    }, ${en(design.strata)} strat${design.strata === 1 ? 'um' : 'a'}${design.finitePopulation ? ', finite-population correction' : ''}${
      deff === null ? '' : `; design effect ${en(deff, 2)}`
    }.`,
  };
}
