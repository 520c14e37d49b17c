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
export const TRANSACTION_CHANNELS = ['counter', 'online', 'postal'] as const;
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
