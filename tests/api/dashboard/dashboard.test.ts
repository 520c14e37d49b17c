import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_TABLES } from '../../../api/dashboard/schemas.js';
import { vnDayEnd, vnDayStart } from '../../../api/platform/time.js';
import { ensureReach, reachReady } from '../../../api/units/reach.js';
import { unitsMakingUp } from '../../../api/units/tree.js';
import { compute, getDefinition } from '../../../engine/index.js';
import { type DashboardFigures, FROM, openDemo, TO } from '../../helpers/demo.js';
import { onPostgres } from '../../helpers/store.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
});
afterAll(() => demo.close());

describe('the unit dashboard', () => {
  // Whole months read month rollups; 18 August – 9 December reads days, three months, days.
  it.each([
    [FROM, TO],
    ['2025-08-18', '2025-12-09'],
  ])(
    'shows the tap rating of the unit and every unit below it, as the engine computes it from a direct count (%s – %s)',
    async (from, to) => {
      const province = await demo.unitId('01');
      const d = await demo.dashboard(province, from, to);
      // Independently: counted ratings of the province's subtree over the period (Hà Nội time), by level.
      const ids = await unitsMakingUp({ store: demo.store } as never, province, { subtree: true, currentBoundaries: true });
      const rows = (await demo.query(
        `select level, count(*) as n from ratings where counted = true and rated_at >= ? and rated_at < ? and unit_id in (${ids.join(',')}) group by level`,
        vnDayStart(from),
        vnDayEnd(to),
      )) as { level: number; n: number }[];
      const counts = Object.fromEntries(rows.map((r) => [String(r.level), r.n]));
      const expected = compute(getDefinition('tap-rating') as never, { satisfied: { counts } }).headline;
      expect(d.tap.value).toBe(expected.value);
      expect(d.tap.n).toBe(expected.n);
      expect(d.tap.n).toBeGreaterThan(3_000);
      const dossiers = (
        await demo.query(
          `select count(*) as n from transactions where received_at >= ? and received_at < ? and unit_id in (${ids.join(',')})`,
          vnDayStart(from),
          vnDayEnd(to),
        )
      )[0] as { n: number };
      expect(d.coverage).toEqual({ ratings: expected.n, dossiers: dossiers.n, share: (expected.n as number) / dossiers.n });
    },
  );

  it('splits the same ratings by month, channel, counter and hour of the week without losing or adding one', async () => {
    const d = await demo.dashboard(await demo.unitId('01'));
    const sum = (xs: { n: number }[]) => xs.reduce((s, x) => s + x.n, 0);
    expect(d.trend.map((t) => t.period)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    // By quarter and by year: the same ratings in larger steps.
    for (const [step, periods] of [
      ['quarter', ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']],
      ['year', ['2026']],
    ] as const) {
      const res = await demo.get(`/api/dashboard?unit=${await demo.unitId('01')}&from=${FROM}&to=${TO}&trend=${step}`);
      const { trend, tap } = (await res.json()) as Pick<DashboardFigures, 'trend' | 'tap'>;
      expect(trend.map((t) => t.period)).toEqual(periods);
      expect(sum(trend)).toBe(d.tap.n);
      if (step === 'year') expect(trend[0]?.value).toBe(tap.value);
    }
    expect(sum(d.trend)).toBe(d.tap.n);
    expect(sum(d.channels)).toBe(d.tap.n);
    expect(sum(d.heat)).toBe(d.tap.n);
    expect(sum(d.counters)).toBeLessThanOrEqual(d.tap.n); // online ratings have no counter
    expect(d.heat.every((c) => c.weekday >= 0 && c.weekday < 7 && c.hour >= 0 && c.hour < 24)).toBe(true);
    // The SQL hour of the week against JavaScript's calendar in Hà Nội time (UTC+7).
    const ids = await unitsMakingUp({ store: demo.store } as never, await demo.unitId('01'), { subtree: true, currentBoundaries: true });
    const times = (await demo.query(
      `select rated_at as at from ratings where counted = true and rated_at >= ? and rated_at < ? and unit_id in (${ids.join(',')})`,
      vnDayStart(FROM),
      vnDayEnd(TO),
    )) as { at: number }[];
    const histogram = new Map<string, number>();
    for (const { at } of times) {
      const local = new Date(at + 7 * 3_600_000);
      const key = `${(local.getUTCDay() + 6) % 7}:${local.getUTCHours()}`;
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
    expect(new Map(d.heat.map((c) => [`${c.weekday}:${c.hour}`, c.n]))).toEqual(histogram);
    const reasonCount = (await demo.query('select count(*) as n from rating_reasons'))[0] as { n: number };
    expect(d.reasons.reduce((s, r) => s + r.count, 0)).toBeLessThanOrEqual(reasonCount.n);
  });

  it('counts every part of a ragged period (days, whole months, days) exactly as the stored ratings give it', async () => {
    const [from, to] = ['2025-08-18', '2025-12-09'];
    const province = await demo.unitId('01');
    const d = await demo.dashboard(province, from, to);
    const ids = await unitsMakingUp({ store: demo.store } as never, province, { subtree: true, currentBoundaries: true });
    const rows = (await demo.query(
      `select id, rated_at as at, channel, counter_id as counter from ratings where counted = true and rated_at >= ? and rated_at < ? and unit_id in (${ids.join(',')})`,
      vnDayStart(from),
      vnDayEnd(to),
    )) as { id: number; at: number; channel: string; counter: number | null }[];
    const tally = (key: (r: (typeof rows)[number]) => string | null) => {
      const counts = new Map<string, number>();
      for (const r of rows) {
        const k = key(r);
        if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return counts;
    };
    const local = (at: number) => new Date(at + 7 * 3_600_000);
    expect(new Map(d.trend.map((t) => [t.period, t.n]))).toEqual(tally((r) => local(r.at).toISOString().slice(0, 7)));
    expect(d.trend.map((t) => t.period)).toEqual(['2025-08', '2025-09', '2025-10', '2025-11', '2025-12']);
    expect(new Map(d.channels.map((c) => [c.channel, c.n]))).toEqual(tally((r) => r.channel));
    expect(d.counters.map((c) => c.n).sort((a, b) => a - b)).toEqual(
      [...tally((r) => (r.counter === null ? null : String(r.counter))).values()].sort((a, b) => a - b),
    );
    expect(new Map(d.heat.map((c) => [`${c.weekday}:${c.hour}`, c.n]))).toEqual(
      tally((r) => `${(local(r.at).getUTCDay() + 6) % 7}:${local(r.at).getUTCHours()}`),
    );
    const reasons = (await demo.query(
      `select x.reason, count(*) as n from rating_reasons x join ratings r on r.id = x.rating_id where r.counted = true and r.rated_at >= ? and r.rated_at < ? and r.unit_id in (${ids.join(',')}) group by x.reason`,
      vnDayStart(from),
      vnDayEnd(to),
    )) as { reason: string; n: number }[];
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of d.reasons) expect(r.count).toBe(reasons.find((x) => x.reason === r.code)?.n ?? 0);
  });

  it('lists a survey’s criteria weakest first and refuses a period that runs backwards', async () => {
    const d = await demo.dashboard(await demo.unitId('01'));
    const values = d.sipas.criteria.map((c) => c.value as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // The weakest criterion's share, counted straight from the stored answers (levels 4–5 of those answered).
    const weakest = d.sipas.criteria[0] as DashboardFigures['sipas']['criteria'][number];
    const raw = (
      await demo.query(
        `select sum(case when cast(a.answer as integer) >= 4 then 1 else 0 end) as yes, count(*) as n from survey_answers a
         join survey_respondents r on r.id = a.respondent_id join survey_waves w on w.id = r.wave_id
         where a.item = ? and w.period_from >= ? and w.period_to <= ?`,
        weakest.id,
        FROM,
        TO,
      )
    )[0] as { yes: number; n: number };
    expect(weakest.n).toBe(raw.n);
    expect(weakest.value).toBeCloseTo((100 * raw.yes) / raw.n, 10);
    expect(d.sipas.headline.value).toBeGreaterThan(50);
    const res = await demo.app.request(`/api/dashboard?unit=${await demo.unitId('01')}&from=${TO}&to=${FROM}`, {
      headers: { cookie: demo.cookie },
    });
    expect(res.status).toBe(422);
  });

  it('reads the same figures from the rows kept below the province and its districts as from every unit’s own rows', async () => {
    const province = await demo.unitId('01');
    const periods = [
      [FROM, TO],
      ['2025-08-18', '2025-12-09'],
    ];
    const read = async () =>
      Promise.all(
        periods.map(async ([from, to]) => {
          const answer = await demo.get(`/api/dashboard?unit=${province}&from=${from}&to=${to}`);
          const ranking = await demo.get(`/api/rankings?parent=${province}&definition=tap-rating&from=${from}&to=${to}`);
          return { dashboard: await answer.json(), ranking: await ranking.json() };
        }),
      );
    const below = await read();
    expect(await reachReady(demo.store.db)).toBe(true);
    await demo.exec(`update unit_reach_state set stale = ${onPostgres ? 'true' : '1'}`);
    try {
      expect(await read()).toEqual(below);
    } finally {
      await ensureReach(demo.store);
    }
  });
});

/** The lines above a worksheet's table: what, unit, period, methods, and a blank row. */
const TOP = 5;

describe('the dashboard as spreadsheets', () => {
  it('puts every dashboard table in its own worksheet with Vietnamese headings and the API’s numbers', async () => {
    const province = await demo.unitId('01');
    const d = await demo.dashboard(province);
    const wb = await demo.workbook(`/api/dashboard.xlsx?unit=${province}&from=${FROM}&to=${TO}`);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Diễn biến',
      'Theo kênh',
      'Theo quầy',
      'Theo giờ',
      'Lý do',
      'Góp ý',
      'QĐ 766',
      'SIPAS yếu tố',
      'SIPAS tiêu chí',
    ]);
    // Every worksheet says first what it is of: unit, period, methods; a blank row; then the table.
    const summary = wb.getWorksheet('Tổng hợp') as ExcelJS.Worksheet;
    expect([1, 2, 3, 4].map((r) => summary.getRow(r).getCell(1).value)).toEqual([
      'Bảng theo dõi đơn vị',
      'Đơn vị: Thành phố Hà Nội',
      'Kỳ: từ ngày 01/01/2026 đến ngày 31/10/2026',
      expect.stringMatching(/^Phương pháp: Tỷ lệ hài lòng \(đánh giá nhanh\); Chỉ số SIPAS/),
    ]);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: TOP + 1 });
    expect(summary.getRow(TOP + 2).values).toEqual([
      undefined,
      'Tỷ lệ hài lòng (đánh giá nhanh, %)',
      Math.round((d.tap.value as number) * 100) / 100,
      Math.round((d as unknown as { tap: { interval: { lower: number } } }).tap.interval.lower * 100) / 100,
      expect.any(Number),
      d.tap.n,
    ]);
    const months = wb.getWorksheet('Diễn biến') as ExcelJS.Worksheet;
    expect(months.getRow(TOP + 1).values).toEqual([
      undefined,
      'Kỳ',
      'Tỷ lệ hài lòng (%)',
      'KTC 95% (dưới)',
      'KTC 95% (trên)',
      'Cỡ mẫu (n)',
    ]);
    expect(months.rowCount).toBe(TOP + 11); // the preamble, a heading and ten months
    const n = months.getColumn(5).values.slice(TOP + 2) as number[];
    expect(n.reduce((s, x) => s + x, 0)).toBe(d.tap.n);
  });

  it('gives each dashboard table as CSV for Excel, the same rows as its worksheet', async () => {
    const province = await demo.unitId('01');
    const wb = await demo.workbook(`/api/dashboard.xlsx?unit=${province}&from=${FROM}&to=${TO}`);
    for (const [k, table] of DASHBOARD_TABLES.entries()) {
      const res = await demo.get(`/api/dashboard.csv?unit=${province}&from=${FROM}&to=${TO}&table=${table}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
      const csv = new TextDecoder().decode(bytes);
      // The CSV is the table alone, for machines: the worksheet less its preamble.
      expect(csv.trim().split('\r\n').length, table).toBe((wb.worksheets[k] as ExcelJS.Worksheet).rowCount - TOP);
    }
  });
});
