import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInserter } from '../../../api/platform/db/bulk.js';
import { ratings, units } from '../../../api/platform/db/schema.js';
import { ensureReach } from '../../../api/units/reach.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

/**
 * 1,010 wards of a province (more than the 1,000 units past which rollups are read by period, not
 * searched by unit), rated alike: 10 ratings each, 8–10 satisfied, so no pair tells apart.
 */
const WARDS = 1010;
const EACH = 10;
let t: TestApp;
let cookie: string;
let province: number;
const satisfiedOf = (k: number) => 8 + (k % 3);
beforeAll(async () => {
  t = await makeTestApp();
  const { db } = t.deps.store;
  province = t.ward.parentId as number;
  const wards: { id: number }[] = await db
    .insert(units)
    .values(
      Array.from({ length: WARDS }, (_, k) => ({
        code: `W${k}`,
        name: `Phường số ${k + 1}`,
        kind: 'ward' as const,
        parentId: province,
        validFrom: '2025-07-01',
      })),
    )
    .returning()
    .all();
  // A ward of another province, rated in the same days: none of its ratings may count here.
  const elsewhere = await db
    .insert(units)
    .values({ code: '02', name: 'Tỉnh khác', kind: 'province', validFrom: '2025-07-01' })
    .returning()
    .get();
  const outside = await db
    .insert(units)
    .values({ code: 'X1', name: 'Phường ngoài tỉnh', kind: 'ward', parentId: elsewhere.id, validFrom: '2025-07-01' })
    .returning()
    .get();
  wards.push(outside);
  const insert = bulkInserter(db, ratings);
  let seq = 0;
  for (const [k, ward] of wards.entries()) {
    for (let i = 0; i < EACH; i++) {
      // Hourly from 2 February 2026, 09:00 in Hà Nội: the ragged days of February and the whole month both hold some.
      const at = new Date(Date.parse('2026-02-02T02:00:00Z') + i * 3_600_000 * 55);
      await insert.add({
        unitId: ward.id,
        channel: 'online',
        level: i < satisfiedOf(k) ? 5 : 2,
        serverTime: at,
        ratedAt: at,
        counted: true,
        idempotencyKey: `large-${++seq}`,
        requestHash: '',
      });
    }
  }
  await insert.flush();
  await ensureReach(t.deps.store);
  cookie = await t.addUser('noivu', 'home_affairs', province);
});
afterAll(() => t.close());

const get = async (path: string) => {
  const res = await t.app.request(path, { headers: { cookie } });
  expect(res.status, path).toBe(200);
  return res;
};

describe('a province of more units than are searched one by one', () => {
  it('ranks each ward on its own ratings and counts the province’s as their sum, whole months and ragged days alike', async () => {
    for (const [from, to] of [
      ['2026-02-01', '2026-02-28'],
      ['2026-02-05', '2026-03-10'],
    ]) {
      const q = `definition=tap-rating&parent=${province}&from=${from}&to=${to}&kind=ward`;
      const body = (await (await get(`/api/rankings?${q}`)).json()) as { blocks: { rows: { unit: { id: number }; n: number | null }[] }[] };
      const rows = body.blocks.flatMap((b) => b.rows).filter((r) => r.n);
      expect(rows).toHaveLength(WARDS);
      const stored = await t.query<{ unitId: number; n: number }>(
        'select unit_id as "unitId", count(*) as n from ratings where rated_at >= ? and rated_at < ? group by unit_id',
        Date.parse(`${from}T00:00:00+07:00`),
        Date.parse(`${to}T00:00:00+07:00`) + 86_400_000,
      );
      const byUnit = new Map(stored.map((r) => [Number(r.unitId), Number(r.n)]));
      for (const r of rows) expect(r.n, `${from} ${r.unit.id}`).toBe(byUnit.get(r.unit.id));
      const dashboard = (await (await get(`/api/dashboard?unit=${province}&from=${from}&to=${to}`)).json()) as {
        tap: { n: number };
        heat: { n: number }[];
      };
      const total = rows.reduce((sum, r) => sum + (r.n ?? 0), 0);
      expect(total).toBeLessThan([...byUnit.values()].reduce((a, b) => a + b, 0)); // the other province's ward rated too
      expect(dashboard.tap.n).toBe(total);
      expect(dashboard.heat.reduce((a, h) => a + h.n, 0)).toBe(total);
    }
  });

  it('lists no counters for more units than a province has, and says where they are, in the API and the page', async () => {
    const q = `unit=${province}&from=2026-02-01&to=2026-02-28`;
    const body = (await (await get(`/api/dashboard?${q}`)).json()) as { counters: unknown[]; countersShown: boolean };
    expect(body).toMatchObject({ counters: [], countersShown: false });
    const page = await (await get(`/staff/dashboard?${q}`)).text();
    expect(page).toContain('id="counters-per-province"');
    expect(page).not.toContain('id="counters-table"');
    // A ward of it: its own counters, listed.
    const ward = (await (await get(`/api/dashboard?unit=${t.ward.id}&from=2026-02-01&to=2026-02-28`)).json()) as { countersShown: boolean };
    expect(ward.countersShown).toBe(true);
  });

  it('counts the units alike each one by its rank range, in the API, the CSV and the page', async () => {
    const q = `definition=tap-rating&parent=${province}&from=2026-02-01&to=2026-02-28&kind=ward`;
    const body = (await (await get(`/api/rankings?${q}`)).json()) as {
      blocks: { rows: { tier: { rankRange: [number, number]; alike: string[] | null } | null }[] }[];
    };
    // The fixture's own ward has no rating: unranked, no tier.
    const rows = body.blocks.flatMap((b) => b.rows).filter((r) => r.tier !== null);
    expect(rows).toHaveLength(WARDS);
    for (const r of rows) expect(r.tier).toMatchObject({ rankRange: [1, WARDS], alike: null });
    const csv = await (await get(`/api/rankings.csv?${q}`)).text();
    expect(csv.split('\r\n').filter((line) => line.includes(`${WARDS - 1} đơn vị khác trong khoảng hạng`))).toHaveLength(WARDS);
    const page = await (await get(`/staff/ranking?${q}`)).text();
    const shown = (WARDS - 1).toLocaleString('vi-VN').replace('.', '\\.'); // 1.009, as the page writes numbers
    expect(page.match(new RegExp(`${shown} đơn vị khác \\(trong khoảng hạng\\)`, 'g'))).toHaveLength(WARDS);
  });
});
