/** Vietnam keeps UTC+7 all year (no daylight saving), so local days are fixed offsets of UTC. */
export const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** Epoch ms of 00:00 Vietnam time on an ISO date 'YYYY-MM-DD'. */
export function vnDayStart(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - VN_OFFSET_MS;
}

/** Epoch ms of 00:00 Vietnam time on the day after an ISO date (an exclusive upper bound). */
export function vnDayEnd(isoDate: string): number {
  return vnDayStart(isoDate) + DAY_MS;
}

/** The ISO date in Vietnam of an instant. */
export function vnDate(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) as people read it, in either language (glossary): 30/11/2026. */
export const dayMonthYear = (isoDate: string) => isoDate.split('-').reverse().join('/');

/** "14:05 ngày 23/11/2026" / "14:05 on 23/11/2026" in Hà Nội time (glossary: dd/mm/yyyy, 24-hour). */
export function vnDateTime(ms: number): { vi: string; en: string } {
  const iso = new Date(ms + VN_OFFSET_MS).toISOString();
  const time = iso.slice(11, 16);
  const date = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return { vi: `${time} ngày ${date}`, en: `${time} on ${date}` };
}

/** A Hà Nội day as people read it, without the time. */
export function vnDay(ms: number): { vi: string; en: string } {
  const [y, m, d] = vnDate(ms).split('-');
  return { vi: `ngày ${d}/${m}/${y}`, en: `${d}/${m}/${y}` };
}

/**
 * A date or date-time as Vietnamese offices write it: ISO 8601 (an explicit offset is honoured;
 * without one it is Hà Nội time) or dd/mm/yyyy [HH:mm[:ss]]. Null when it is not a real date.
 */
export function parseVnDateTime(text: string): number | null {
  const s = text.trim();
  if (/[zZ]|[+-]\d\d:\d\d$/.test(s) && /^\d{4}-\d\d-\d\dT/.test(s)) {
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? null : ms;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(s);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : vn ? [vn[3], vn[2], vn[1], vn[4], vn[5], vn[6]] : null;
  if (!parts) return null;
  const [y, mo, d, h, mi, se] = parts.map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || se > 59)
    return null;
  return utc - VN_OFFSET_MS;
}

/** A period as instants: from inclusive, to exclusive (ms since the epoch). */
export interface Period {
  from: number;
  to: number;
}
