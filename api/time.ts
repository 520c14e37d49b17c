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

/** "14:05 ngày 23/11/2026" / "14:05 on 23/11/2026" in Hà Nội time (glossary: dd/mm/yyyy, 24-hour). */
export function vnDateTime(ms: number): { vi: string; en: string } {
  const iso = new Date(ms + VN_OFFSET_MS).toISOString();
  const time = iso.slice(11, 16);
  const date = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return { vi: `${time} ngày ${date}`, en: `${time} on ${date}` };
}
