import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_TABLES } from '../../api/dashboard/schemas.js';
import { vnDayEnd, vnDayStart } from '../../api/platform/time.js';
import { unitsMakingUp } from '../../api/units/tree.js';
import { compute, getDefinition } from '../../engine/index.js';
import { launchChromium, listen, signedInPage } from '../helpers/browser.js';
import { openDemo } from '../helpers/demo.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
let dir: string;
let app: Awaited<ReturnType<typeof openDemo>>['app'];
let cookie: string;
const FROM = '2025-01-01';
const TO = '2025-12-31';

beforeAll(async () => {
  demo = await openDemo();
  ({ dir, app, cookie } = demo);
});
afterAll(() => demo.close());

const unitId = async (code: string) => ((await demo.query('select id from units where code = ?', code))[0] as { id: number }).id;
type Figure = { value: number | null; n: number };
const dashboard = async (unit: number, from = FROM, to = TO) => {
  const res = await app.request(`/api/dashboard?unit=${unit}&from=${from}&to=${to}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    tap: Figure;
    coverage: { ratings: number; dossiers: number; share: number };
    trend: (Figure & { period: string })[];
    channels: (Figure & { channel: string })[];
    counters: Figure[];
    heat: { weekday: number; hour: number; n: number }[];
    reasons: { code: string; count: number }[];
    sipas: { headline: Figure; elements: Figure[]; criteria: (Figure & { id: string })[] };
    service: { components: { id: string; value: number | null }[] };
  };
};

describe('the unit dashboard', () => {
  // A whole year reads month rollups; 17 February – 9 June reads days, three months, days.
  it.each([
    [FROM, TO],
    ['2025-02-17', '2025-06-09'],
  ])(
    'shows the tap rating of the unit and every unit below it, as the engine computes it from a direct count (%s – %s)',
    async (from, to) => {
      const province = await unitId('01');
      const d = await dashboard(province, from, to);
      // Independently: counted ratings of the province's subtree in 2025 (Hà Nội time), by level.
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
    const d = await dashboard(await unitId('01'));
    const sum = (xs: { n: number }[]) => xs.reduce((s, x) => s + x.n, 0);
    expect(d.trend.map((t) => t.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    // By quarter and by year: the same ratings in larger steps.
    for (const [step, periods] of [
      ['quarter', ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']],
      ['year', ['2025']],
    ] as const) {
      const res = await app.request(`/api/dashboard?unit=${await unitId('01')}&from=${FROM}&to=${TO}&trend=${step}`, {
        headers: { cookie },
      });
      const { trend, tap } = (await res.json()) as { trend: (Figure & { period: string })[]; tap: Figure };
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
    const ids = await unitsMakingUp({ store: demo.store } as never, await unitId('01'), { subtree: true, currentBoundaries: true });
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
    const [from, to] = ['2025-02-17', '2025-06-09'];
    const province = await unitId('01');
    const d = await dashboard(province, from, to);
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
    expect(d.trend.map((t) => t.period)).toEqual(['2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
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
    const d = await dashboard(await unitId('01'));
    const values = d.sipas.criteria.map((c) => c.value as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // The weakest criterion's share, counted straight from the stored answers (levels 4–5 of those answered).
    const weakest = d.sipas.criteria[0] as Figure & { id: string };
    const raw = (
      await demo.query(
        'select sum(case when cast(answer as integer) >= 4 then 1 else 0 end) as yes, count(*) as n from survey_answers where item = ?',
        weakest.id,
      )
    )[0] as { yes: number; n: number };
    expect(weakest.n).toBe(raw.n);
    expect(weakest.value).toBeCloseTo((100 * raw.yes) / raw.n, 10);
    expect(d.sipas.headline.value).toBeGreaterThan(50);
    const res = await app.request(`/api/dashboard?unit=${await unitId('01')}&from=${TO}&to=${FROM}`, { headers: { cookie } });
    expect(res.status).toBe(422);
  });

  it('draws the page in Chromium with the figures of the API, written the Vietnamese way', async () => {
    const province = await unitId('01');
    const d = await dashboard(province);
    const t = { app } as never as Parameters<typeof listen>[0];
    const server = await listen(t);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await signedInPage(browser, server.url, cookie);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.url}/staff/dashboard?unit=${province}&from=${FROM}&to=${TO}`);
      const shown = await page.locator('#card-tap .big-figure').textContent();
      expect(shown).toBe(`${(d.tap.value as number).toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`);
      expect(shown).toMatch(/^\d{2},\d{2}%$/);
      expect(await page.locator('#trend-table tbody tr').count()).toBe(12);
      // Every chart was drawn by Chart.js (served from node_modules) from its table.
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll('canvas[data-kind]')].map((c) => {
          const chart = (
            window as unknown as { Chart: { getChart(c: Element): { data: { datasets: { data: unknown[] }[] } } | undefined } }
          ).Chart.getChart(c);
          return { id: c.id, points: chart?.data.datasets[0]?.data.length ?? 0 };
        }),
      );
      expect(charts).toEqual([
        { id: 'trend', points: 12 },
        { id: 'channels', points: d.channels.length },
        { id: 'reasons', points: d.reasons.length },
        ...(d.sipas.headline.value === null ? [] : [{ id: 'elements', points: d.sipas.elements.length }]),
      ]);
      expect(errors).toEqual([]);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
      await page.screenshot({ path: 'test-results/dashboard-top.png' });
    } finally {
      await browser?.close();
      await server.close();
    }
  }, 60_000);
});

describe('the PDF reports', () => {
  const pdfText = async (url: string, name: string) => {
    const res = await app.request(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    mkdirSync('test-results', { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, `test-results/${name}`]);
    return {
      text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
      pages: Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]),
    };
  };
  const vn = (x: number) => x.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  it('reports every unit of the province, ranked, with the exact Vietnamese names and the ranking’s values', async () => {
    const province = await unitId('01');
    const ranking = (await (
      await app.request(`/api/rankings?definition=tap-rating&parent=${province}&from=${FROM}&to=${TO}`, { headers: { cookie } })
    ).json()) as {
      rows: { unit: { name: string }; value: number; rank: number }[];
    };
    const { text, pages } = await pdfText(
      `/api/reports/units.pdf?definition=tap-rating&unit=${province}&from=${FROM}&to=${TO}`,
      'report-province',
    );
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Kỳ đánh giá: từ ngày 01/01/2025 đến ngày 31/12/2025');
    expect(text).toContain('Hà Nội, ngày 23 tháng 11 năm 2026');
    for (const row of ranking.rows) {
      expect(text).toContain(row.unit.name);
      expect(text).toContain(vn(row.value));
    }
    // Summary, a page per unit, the annex.
    expect(pages).toBeGreaterThanOrEqual(ranking.rows.length + 2);
    expect(text).toContain(`Trang ${pages}/${pages}`);
  });

  it('reports one unit with its figure as the dashboard shows it', async () => {
    const ward = (await demo.query("select id, name from units where kind = 'ward' and valid_to is null order by id limit 1"))[0] as {
      id: number;
      name: string;
    };
    const d = await dashboard(ward.id);
    const { text } = await pdfText(`/api/reports/unit.pdf?definition=tap-rating&unit=${ward.id}&from=${FROM}&to=${TO}`, 'report-unit');
    expect(text).toContain(ward.name);
    expect(text).toContain(`Giá trị: ${vn(d.tap.value as number)}%`);
    expect(text).toContain(`n = ${d.tap.n.toLocaleString('vi-VN')}`);
  });
});

describe('comparing units side by side', () => {
  const wards = async () =>
    (await demo.query("select id, name from units where kind = 'ward' and valid_to is null order by id limit 3")) as {
      id: number;
      name: string;
    }[];

  it('gives each unit the figure its own dashboard gives, and who leads each part', async () => {
    const picked = await wards();
    const compare = async (definition: string) => {
      const res = await app.request(
        `/api/compare?definition=${definition}&units=${picked.map((w) => w.id).join(',')}&from=${FROM}&to=${TO}`,
        { headers: { cookie } },
      );
      expect(res.status).toBe(200);
      return (await res.json()) as {
        units: { name: string }[];
        rows: { id: string; values: { value: number | null }[]; leader: { unit: number; lead: number | null } | null }[];
      };
    };
    const tap = await compare('tap-rating');
    expect(tap.units.map((u) => u.name)).toEqual(picked.map((w) => w.name));
    for (const [k, ward] of picked.entries()) expect(tap.rows[0]?.values[k]?.value).toBe((await dashboard(ward.id)).tap.value);
    // QĐ 766: the method's five groups, each with its leader and lead over the runner-up.
    const service = await compare('service-qd766-2022');
    const qd766 = getDefinition('service-qd766-2022') as { root: { id: string; children: { id: string }[] } };
    expect(service.rows.map((r) => r.id)).toEqual([qd766.root.id, ...qd766.root.children.map((c) => c.id)]);
    for (const row of [...tap.rows, ...service.rows].filter((r) => r.leader)) {
      const values = row.values.map((v) => v.value ?? -Infinity);
      const sorted = [...values].sort((a, b) => b - a);
      expect(row.leader?.unit).toBe(picked[values.indexOf(sorted[0] as number)]?.id);
      if (Number.isFinite(sorted[1])) expect(row.leader?.lead).toBeCloseTo((sorted[0] as number) - (sorted[1] as number), 10);
    }
  });

  it('refuses one unit, eleven units or a repeated unit, naming the field in both languages', async () => {
    for (const units of ['5', '1,2,3,4,5,6,7,8,9,10,11', '3,3', 'a,b']) {
      const res = await app.request(`/api/compare?definition=tap-rating&units=${units}&from=${FROM}&to=${TO}`, { headers: { cookie } });
      expect(res.status, units).toBe(422);
      const { error } = (await res.json()) as { error: { fields: { field: string; message: { vi: string; en: string } }[] } };
      expect(error.fields[0]?.field).toBe('units');
      expect(error.fields[0]?.message).toEqual({ vi: 'Chọn từ 2 đến 10 đơn vị khác nhau', en: 'Choose 2 to 10 different units' });
    }
  });

  it('draws the comparison page with a series per unit', async () => {
    const picked = await wards();
    const server = await listen({ app } as never);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await signedInPage(browser, server.url, cookie);
      await page.goto(
        `${server.url}/staff/compare?definition=tap-rating&from=${FROM}&to=${TO}&${picked.map((w) => `u=${w.id}`).join('&')}`,
      );
      const series = await page.evaluate(() => {
        const chart = (
          window as unknown as { Chart: { getChart(c: Element): { data: { datasets: { label: string }[] } } | undefined } }
        ).Chart.getChart(document.getElementById('compare') as Element);
        return chart?.data.datasets.map((d) => d.label);
      });
      expect(series).toEqual(picked.map((w) => w.name));
      expect(await page.locator('#compare-table tbody tr').count()).toBe(1); // the tap rating has no parts
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/compare.png', fullPage: true });
    } finally {
      await browser?.close();
      await server.close();
    }
  }, 60_000);
});

describe('spreadsheets of the tables shown', () => {
  const workbook = async (url: string) => {
    const res = await app.request(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };

  it('puts every dashboard table in its own worksheet with Vietnamese headings and the API’s numbers', async () => {
    const province = await unitId('01');
    const d = await dashboard(province);
    const wb = await workbook(`/api/dashboard.xlsx?unit=${province}&from=${FROM}&to=${TO}`);
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
    const summary = wb.getWorksheet('Tổng hợp') as ExcelJS.Worksheet;
    expect(summary.getRow(2).values).toEqual([
      undefined,
      'Tỷ lệ hài lòng (đánh giá nhanh, %)',
      Math.round((d.tap.value as number) * 100) / 100,
      Math.round((d as unknown as { tap: { interval: { lower: number } } }).tap.interval.lower * 100) / 100,
      expect.any(Number),
      d.tap.n,
    ]);
    const months = wb.getWorksheet('Diễn biến') as ExcelJS.Worksheet;
    expect(months.getRow(1).values).toEqual([undefined, 'Kỳ', 'Tỷ lệ hài lòng (%)', 'KTC 95% (dưới)', 'KTC 95% (trên)', 'Cỡ mẫu (n)']);
    expect(months.rowCount).toBe(13);
    const n = months.getColumn(5).values.slice(2) as number[];
    expect(n.reduce((s, x) => s + x, 0)).toBe(d.tap.n);
  });

  it('gives each dashboard table as CSV for Excel, the same rows as its worksheet', async () => {
    const province = await unitId('01');
    const wb = await workbook(`/api/dashboard.xlsx?unit=${province}&from=${FROM}&to=${TO}`);
    for (const [k, table] of DASHBOARD_TABLES.entries()) {
      const res = await app.request(`/api/dashboard.csv?unit=${province}&from=${FROM}&to=${TO}&table=${table}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
      const csv = new TextDecoder().decode(bytes);
      expect(csv.trim().split('\r\n').length, table).toBe((wb.worksheets[k] as ExcelJS.Worksheet).rowCount);
    }
  });

  it('gives the ranking as a workbook with the rows of the CSV', async () => {
    const q = `definition=tap-rating&parent=${await unitId('01')}&from=${FROM}&to=${TO}`;
    const wb = await workbook(`/api/rankings.xlsx?${q}`);
    const csv = await (await app.request(`/api/rankings.csv?${q}`, { headers: { cookie } })).text();
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    const csvLines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(sheet.rowCount).toBe(csvLines.length);
    expect(sheet.getRow(2).getCell(5).value).toBe(csvLines[1]?.split(',')[4]);
  });
});
