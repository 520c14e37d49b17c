import { vnDateTime } from '../../api/platform/time.js';
import type { Lang } from './i18n.js';

const LOCALE = { vi: 'vi-VN', en: 'en-GB' } as const;

/** A figure as the language writes it (98,51 in Vietnamese), or a dash when there is none. */
export const number = (x: number | null | undefined, lang: Lang, digits = 2) =>
  x === null || x === undefined ? '–' : x.toLocaleString(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const count = (x: number | null | undefined, lang: Lang) => (x === null || x === undefined ? '–' : x.toLocaleString(LOCALE[lang]));

export const interval = (i: { lower: number; upper: number } | null | undefined, lang: Lang, digits = 1) =>
  i ? `${number(i.lower, lang, digits)}–${number(i.upper, lang, digits)}` : '–';

/** A share as a percentage with at most one decimal (12,5% in Vietnamese), or a dash. */
export const percent = (x: number | null | undefined, lang: Lang) =>
  x === null || x === undefined ? '–' : `${(100 * x).toLocaleString(LOCALE[lang], { maximumFractionDigits: 1 })}%`;

export { dayMonthYear } from '../../api/platform/time.js';

/** A moment (ISO) as Hà Nội reads it, or a dash when there is none. */
export const moment = (at: string | null, lang: Lang) => (at ? vnDateTime(Date.parse(at))[lang] : '–');
