import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDefinition } from '../../../engine/index.js';
import { FROM, openDemo, TO } from '../../helpers/demo.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
});
afterAll(() => demo.close());

describe('comparing units side by side', () => {
  it('gives each unit the figure its own dashboard gives, and who leads each part', async () => {
    const picked = await demo.wards(3);
    const compare = async (definition: string) => {
      const res = await demo.get(`/api/compare?definition=${definition}&units=${picked.map((w) => w.id).join(',')}&from=${FROM}&to=${TO}`);
      return (await res.json()) as {
        units: { name: string }[];
        rows: { id: string; values: { value: number | null }[]; leader: { unit: number; lead: number | null } | null }[];
      };
    };
    const tap = await compare('tap-rating');
    expect(tap.units.map((u) => u.name)).toEqual(picked.map((w) => w.name));
    for (const [k, ward] of picked.entries()) expect(tap.rows[0]?.values[k]?.value).toBe((await demo.dashboard(ward.id)).tap.value);
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

  it('tests every pair on every part, held to 5% by Holm: a unit far below the others is flagged against each', async () => {
    const picked = await demo.wards(3);
    const batTrang = ((await demo.query("select id from units where name = 'Xã Bát Tràng' and valid_to is null")) as { id: number }[])[0]!
      .id;
    const ids = [...picked.map((w) => w.id), batTrang];
    const res = await demo.get(`/api/compare?definition=tap-rating&units=${ids.join(',')}&from=${FROM}&to=${TO}`);
    const body = (await res.json()) as {
      rows: { comparisons: { control: string; tests: number }; differences: { higher: number; lower: number }[] }[];
    };
    const headline = body.rows[0]!;
    expect(headline.comparisons).toMatchObject({ control: 'holm', tests: 6 });
    for (const ward of picked) expect(headline.differences).toContainEqual({ higher: ward.id, lower: batTrang });
  });

  it('gives the comparison as a workbook that says what it compares, over which period, by which method and test', async () => {
    const picked = await demo.wards(3);
    const wb = await demo.workbook(
      `/api/compare.xlsx?definition=tap-rating&units=${picked.map((w) => w.id).join(',')}&from=${FROM}&to=${TO}`,
    );
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getColumn(1).values.slice(1, 6)).toEqual([
      'So sánh Tỷ lệ hài lòng (đánh giá nhanh)',
      `Đơn vị: ${picked.map((w) => w.name).join('; ')}`,
      'Kỳ: từ ngày 01/01/2026 đến ngày 31/10/2026',
      'Phương pháp: Tỷ lệ hài lòng (đánh giá nhanh)',
      expect.stringMatching(/\(3 cặp\).*Holm/),
    ]);
  });

  it('refuses one unit, eleven units or a repeated unit, naming the field in both languages', async () => {
    for (const units of ['5', '1,2,3,4,5,6,7,8,9,10,11', '3,3', 'a,b']) {
      const res = await demo.app.request(`/api/compare?definition=tap-rating&units=${units}&from=${FROM}&to=${TO}`, {
        headers: { cookie: demo.cookie },
      });
      expect(res.status, units).toBe(422);
      const { error } = (await res.json()) as { error: { fields: { field: string; message: { vi: string; en: string } }[] } };
      expect(error.fields[0]?.field).toBe('units');
      expect(error.fields[0]?.message).toEqual({ vi: 'Chọn từ 2 đến 10 đơn vị khác nhau', en: 'Choose 2 to 10 different units' });
    }
  });

  it('refuses a unit beside one of its own (the province and its ward, a ward and one merged into it): the same citizens twice', async () => {
    const [province, ward, merged, other] = await Promise.all([
      demo.unitId('01'),
      demo.query("select id from units where name = 'Phường Ba Đình' and valid_to is null").then((r) => (r[0] as { id: number }).id),
      demo.query("select id from units where name = 'Phường Trúc Bạch'").then((r) => (r[0] as { id: number }).id),
      demo.query("select id from units where name = 'Phường Hồng Hà'").then((r) => (r[0] as { id: number }).id),
    ]);
    for (const [units, vi] of [
      [`${ward},${province}`, 'Thành phố Hà Nội đã gồm Phường Ba Đình'],
      [`${merged},${ward}`, 'Phường Ba Đình đã gồm Phường Trúc Bạch'],
    ] as const) {
      const res = await demo.app.request(`/api/compare?definition=tap-rating&units=${units}&from=${FROM}&to=${TO}`, {
        headers: { cookie: demo.cookie },
      });
      expect(res.status, units).toBe(422);
      const { error } = (await res.json()) as { error: { fields: { field: string; code: string; message: { vi: string; en: string } }[] } };
      expect(error.fields[0]).toMatchObject({ field: 'units', code: 'nested_units' });
      expect(error.fields[0]?.message.vi).toContain(vi);
      expect(error.fields[0]?.message.en).toContain('is not compared with one of its own');
    }
    // Two wards side by side are fine.
    expect((await demo.get(`/api/compare?definition=tap-rating&units=${ward},${other}&from=${FROM}&to=${TO}`)).status).toBe(200);
  });
});
