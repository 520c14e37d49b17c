import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousPeriod } from '../../../api/rankings/service.js';
import { FROM, openDemo, TO } from '../../helpers/demo.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
let app: Awaited<ReturnType<typeof openDemo>>['app'];
let cookie: string;
const one = async <T>(sql: string, ...params: unknown[]) => (await demo.query(sql, ...params))[0] as T;

beforeAll(async () => {
  demo = await openDemo();
  ({ app, cookie } = demo);
});
afterAll(() => demo.close());

const province = async () => (await one<{ id: number }>("select id from units where code = '01'")).id;
const query = async () => `definition=tap-rating&parent=${await province()}&from=2025-07-01&to=2025-12-31`;

describe('the previous period', () => {
  it('shifts whole months by months and other periods by days', () => {
    expect(previousPeriod('2025-07-01', '2025-12-31')).toEqual({ from: '2025-01-01', to: '2025-06-30' });
    expect(previousPeriod('2025-01-01', '2025-03-31')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(previousPeriod('2025-01-01', '2025-12-31')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(previousPeriod('2025-03-01', '2025-03-31')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(previousPeriod('2025-03-10', '2025-03-16')).toEqual({ from: '2025-03-03', to: '2025-03-09' });
  });
});

describe('ranking every unit of a kind', () => {
  it('ranks all current wards below the province, whatever level sits between, and nothing else', async () => {
    const res = await app.request(`/api/rankings?${await query()}&kind=ward`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: { unit: { name: string; kind: string } }[] };
    const wards = (await demo.query(
      "select name from units where kind = 'ward' and valid_from <= '2025-12-31' and (valid_to is null or valid_to > '2025-12-31')",
    )) as { name: string }[];
    expect(body.rows.map((r) => r.unit.kind)).toEqual(wards.map(() => 'ward'));
    expect(body.rows.map((r) => r.unit.name).sort()).toEqual(wards.map((w) => w.name).sort());
    const bad = await app.request(`/api/rankings?${await query()}&kind=hamlet`, { headers: { cookie } });
    expect(bad.status).toBe(422);
  });
});

describe('the QĐ 766 ranking and the dashboard', () => {
  it('give every unit the same figure by one code path: counted over every dossier, no interval, no band while incomplete', async () => {
    const q = `definition=service-qd766-2022&parent=${await province()}&from=2025-01-01&to=2025-12-31`;
    const ranking = await (await app.request(`/api/rankings?${q}`, { headers: { cookie } })).json();
    const valued = ranking.rows.filter((r: { value: number | null }) => r.value !== null);
    expect(valued.length).toBe(ranking.rows.length);
    for (const row of valued.slice(0, 4)) {
      const dashboard = await (
        await app.request(`/api/dashboard?unit=${row.unit.id}&from=2025-01-01&to=2025-12-31`, { headers: { cookie } })
      ).json();
      expect(dashboard.service.headline.value, row.unit.name).toBe(row.value);
      expect(row).toMatchObject({ interval: null, se: 0, band: null });
      expect(dashboard.service.measured.measured).toBeLessThan(dashboard.service.measured.applicable);
    }
  });
});

describe('ranking the units of a province', () => {
  it('ranks the units existing at the end of the period, with tiers, intervals and the change on today’s boundaries', async () => {
    const res = await app.request(`/api/rankings?${await query()}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.previousPeriod).toEqual({ from: '2025-01-01', to: '2025-06-30' }); // the first half-year
    const names = body.rows.map((r: { unit: { name: string } }) => r.unit.name);
    expect(names).toHaveLength(13); // 8 wards and communes formed on 2025-07-01, 5 departments
    expect(names).not.toContain('Quận Ba Đình');
    expect(body.rows.map((r: { rank: number }) => r.rank)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const last = body.rows.at(-1);
    expect(last.unit.name).toBe('Xã Bát Tràng');
    expect(last.tier.tier).toBeGreaterThan(body.rows[0].tier.tier); // clearly worse: not tied with the top
    // Every pair of the 13 tested, the family held to 5% by Holm; exact ties ordered by name.
    expect(body.comparisons).toEqual({ control: 'holm', alpha: 0.05, tests: 78 });
    expect(body.tieBreak).toBe('name');
    // A ward formed on 2025-07-01 has a previous period through the wards merged into it.
    const baDinh = body.rows.find((r: { unit: { name: string } }) => r.unit.name === 'Phường Ba Đình');
    expect(baDinh.previous).not.toBeNull();
    // Each value is the engine's, as the indices endpoint gives it for the same unit and boundaries.
    const indices = await (
      await app.request(
        `/api/indices?definition=tap-rating&unit=${baDinh.unit.id}&from=2025-07-01&to=2025-12-31&scope=subtree&boundaries=current`,
        { headers: { cookie } },
      )
    ).json();
    expect(baDinh.value).toBe(indices.value);
  });

  it('exports the same table as CSV for Excel: BOM, Vietnamese headings', async () => {
    const res = await app.request(`/api/rankings.csv?${await query()}`, { headers: { cookie } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toContain('Hạng chính thức,Nhóm ngang nhau về thống kê');
    expect(lines).toHaveLength(14);
    expect(lines.at(-1)).toContain('Xã Bát Tràng');
  });

  it('gives the ranking as a workbook with the rows of the CSV', async () => {
    const q = `definition=tap-rating&parent=${await demo.unitId('01')}&from=${FROM}&to=${TO}`;
    const wb = await demo.workbook(`/api/rankings.xlsx?${q}`);
    const csv = await (await demo.get(`/api/rankings.csv?${q}`)).text();
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    const csvLines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(sheet.rowCount).toBe(csvLines.length);
    expect(sheet.getRow(2).getCell(5).value).toBe(csvLines[1]?.split(',')[4]);
  });
});
