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
