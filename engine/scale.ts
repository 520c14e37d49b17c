/**
 * The 5-level satisfaction scale shared by SIPAS questionnaires, kiosk taps and online ratings
 * (methodology README: "Answers: 5-level scale"). Best last; 4 and 5 count as satisfied.
 */
export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, { vi: string; en: string }> = {
  1: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
  2: { vi: 'Không hài lòng', en: 'Dissatisfied' },
  3: { vi: 'Bình thường', en: 'Neutral' },
  4: { vi: 'Hài lòng', en: 'Satisfied' },
  5: { vi: 'Rất hài lòng', en: 'Very satisfied' },
};
