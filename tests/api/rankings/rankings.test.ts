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
    // The year so far, or eleven months of it, against the same days a year before (cùng kỳ).
    expect(previousPeriod('2026-01-01', '2026-11-23')).toEqual({ from: '2025-01-01', to: '2025-11-23' });
    expect(previousPeriod('2026-01-01', '2026-11-30')).toEqual({ from: '2025-01-01', to: '2025-11-30' });
    expect(previousPeriod('2028-01-01', '2028-02-29')).toEqual({ from: '2027-01-01', to: '2027-02-28' });
    expect(previousPeriod('2026-01-01', '2026-06-30')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
  });
});

describe('ranking every unit of a kind', () => {
  it('ranks all current wards below the province, whatever level sits between, and nothing else', async () => {
    const res = await app.request(`/api/rankings?${await query()}&kind=ward`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { blocks: { block: string; rows: { unit: { name: string; kind: string } }[] }[] };
    expect(body.blocks.map((b) => b.block)).toEqual(['commune_level']);
    const rows = body.blocks.flatMap((b) => b.rows);
    const wards = (await demo.query(
      "select name from units where kind = 'ward' and valid_from <= '2025-12-31' and (valid_to is null or valid_to > '2025-12-31')",
    )) as { name: string }[];
    expect(rows.map((r) => r.unit.kind)).toEqual(wards.map(() => 'ward'));
    expect(rows.map((r) => r.unit.name).sort()).toEqual(wards.map((w) => w.name).sort());
    const bad = await app.request(`/api/rankings?${await query()}&kind=hamlet`, { headers: { cookie } });
    expect(bad.status).toBe(422);
  });

  it('ranks the whole commune level (wards, communes, special zones) in one block, each unit as its own index gives it', async () => {
    for (const definition of ['tap-rating', 'sipas-qd1001-2023', 'service-qd766-2022']) {
      const q = `definition=${definition}&parent=${await province()}&from=2025-01-01&to=2025-12-31`;
      const res = await app.request(`/api/rankings?${q}&kind=commune_level`, { headers: { cookie } });
      expect(res.status).toBe(200);
      type Row = { unit: { id: number; kind: string }; value: number | null; interval: unknown; n: number | null };
      const body = (await res.json()) as { blocks: { block: string; rows: Row[] }[] };
      expect(body.blocks.map((b) => b.block)).toEqual(['commune_level']);
      const rows = body.blocks.flatMap((b) => b.rows);
      const level = (await demo.query(
        "select id from units where kind in ('ward', 'commune', 'special_zone') and valid_from <= '2025-12-31' and (valid_to is null or valid_to > '2025-12-31')",
      )) as { id: number }[];
      expect(rows.map((r) => r.unit.id).sort()).toEqual(level.map((u) => Number(u.id)).sort());
      expect(rows.some((r) => r.unit.kind === 'commune') && rows.some((r) => r.unit.kind === 'ward')).toBe(true);
      expect(rows.filter((r) => r.value !== null).length, definition).toBeGreaterThan(rows.length / 2);
      // Read for all units at once, each figure is the one its own index computes from its own records.
      for (const row of rows) {
        const index = await (
          await app.request(`/api/indices?${q.replace(/parent=\d+/, `unit=${row.unit.id}`)}&scope=subtree&boundaries=current`, {
            headers: { cookie },
          })
        ).json();
        expect([row.value, row.interval, row.n], `${definition} ${row.unit.id}`).toEqual([
          index.value,
          index.interval,
          index.computations[0].headline.n,
        ]);
      }
    }
  });
});

describe('the QĐ 766 ranking and the dashboard', () => {
  it('give every unit the same figure by one code path: counted over every dossier, no interval, no band while incomplete', async () => {
    const q = `definition=service-qd766-2022&parent=${await province()}&from=2025-01-01&to=2025-12-31`;
    const ranking = await (await app.request(`/api/rankings?${q}`, { headers: { cookie } })).json();
    const rows = ranking.blocks.flatMap((b: { rows: unknown[] }) => b.rows);
    const valued = rows.filter((r: { value: number | null }) => r.value !== null);
    expect(valued.length).toBe(rows.length);
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
  it('ranks the units existing at the end of the period, departments apart from the commune level, with tiers, intervals and the change on today’s boundaries', async () => {
    const res = await app.request(`/api/rankings?${await query()}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.previousPeriod).toEqual({ from: '2025-01-01', to: '2025-06-30' }); // the first half-year
    type Row = { unit: { id: number; name: string; kind: string }; rank: number; tier: { tier: number; alike: string[] } };
    type Block = { block: string; comparisons: unknown; rows: Row[] };
    const blocks = body.blocks as Block[];
    // 5 departments, then the 8 wards and communes formed on 2025-07-01, each ranked apart.
    expect(blocks.map((b) => [b.block, b.rows.length])).toEqual([
      ['department', 5],
      ['commune_level', 8],
    ]);
    expect(blocks[0]?.rows.every((r) => r.unit.kind === 'department')).toBe(true);
    expect(blocks[1]?.rows.every((r) => ['ward', 'commune'].includes(r.unit.kind))).toBe(true);
    const communes = (blocks[1] as Block).rows;
    expect(communes.map((r) => r.unit.name)).not.toContain('Quận Ba Đình');
    expect(communes.map((r) => r.rank)).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
    const last = communes.at(-1) as Row;
    expect(last.unit.name).toBe('Xã Bát Tràng');
    expect(last.tier.tier).toBeGreaterThan((communes[0] as Row).tier.tier); // clearly worse: not tied with the top
    // A unit's "alike" names only units of its own block.
    const ids = new Set(communes.map((r) => String(r.unit.id)));
    expect(communes.every((r) => r.tier.alike.every((k) => ids.has(k)))).toBe(true);
    // Every pair within a block tested, the family held to 5% by Holm; exact ties ordered by name.
    expect(blocks.map((b) => b.comparisons)).toEqual([
      { control: 'holm', alpha: 0.05, tests: 10 },
      { control: 'holm', alpha: 0.05, tests: 28 },
    ]);
    expect(body.tieBreak).toBe('name');
    // Asked, every unit is ranked in one block: 13 units, 78 pairs.
    const together = await (await app.request(`/api/rankings?${await query()}&together=true`, { headers: { cookie } })).json();
    expect(together.blocks.map((b: Block) => [b.block, b.rows.length, b.comparisons])).toEqual([
      ['all', 13, { control: 'holm', alpha: 0.05, tests: 78 }],
    ]);
    // A ward formed on 2025-07-01 has a previous period through the wards merged into it.
    const baDinh = communes.find((r) => r.unit.name === 'Phường Ba Đình') as Row & { previous: number; value: number };
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
    expect(lines[0]).toContain('Khối xếp hạng,Hạng chính thức,Nhóm ngang nhau về thống kê');
    expect(lines).toHaveLength(14);
    expect(lines[1]).toMatch(/^"Các sở, ban, ngành",1,/);
    expect(lines.at(-1)).toMatch(/^"Cấp xã \(phường, xã, đặc khu\)",8,.*Xã Bát Tràng/);
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
    // On top: what, parent, period, method, each block's multiplicity rule, the previous period, the placeholders.
    const lines = sheet.getColumn(1).values.slice(1, 11) as string[];
    expect(lines.slice(0, 4)).toEqual([
      'Xếp hạng Tỷ lệ hài lòng (đánh giá nhanh)',
      'Đơn vị: Thành phố Hà Nội',
      'Kỳ: từ ngày 01/01/2026 đến ngày 31/10/2026',
      'Phương pháp: Tỷ lệ hài lòng (đánh giá nhanh)',
    ]);
    expect(lines[4]).toMatch(/^Các sở, ban, ngành: .*\(10 cặp\).*Holm/);
    expect(lines[5]).toMatch(/^Cấp xã \(phường, xã, đặc khu\): .*\(28 cặp\).*Holm/);
    expect(lines[6]).toBe('Kỳ trước để so sánh: từ ngày 01/01/2025 đến ngày 31/10/2025'); // the same months a year before
    const top = (sheet.views[0] as { ySplit: number }).ySplit - 1;
    expect(sheet.getRow(top + 1).getCell(1).value).toBe('Khối xếp hạng');
    expect(sheet.rowCount - top).toBe(csvLines.length);
    expect(sheet.getRow(top + 2).getCell(1).value).toBe('Các sở, ban, ngành');
    expect(csvLines[1]).toContain(`"Các sở, ban, ngành",1,`);
    expect(csvLines[1]).toContain(String(sheet.getRow(top + 2).getCell(7).value));
  });
});
