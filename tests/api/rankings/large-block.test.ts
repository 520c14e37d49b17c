import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInserter } from '../../../api/platform/db/bulk.js';
import { ratings, units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

/** 60 wards of a province rated alike (90% satisfied of 200 each, give or take a rating): no pair tells apart. */
let t: TestApp;
let cookie: string;
let province: number;
beforeAll(async () => {
  t = await makeTestApp();
  const { db } = t.deps.store;
  province = t.ward.parentId as number;
  const wards = await db
    .insert(units)
    .values(
      Array.from({ length: 60 }, (_, k) => ({
        code: `W${k}`,
        name: `Phường số ${k + 1}`,
        kind: 'ward' as const,
        parentId: province,
        validFrom: '2025-07-01',
      })),
    )
    .returning()
    .all();
  const insert = bulkInserter(db, ratings);
  let seq = 0;
  for (const [k, ward] of wards.entries()) {
    for (let i = 0; i < 200; i++) {
      const at = new Date(Date.parse('2026-02-02T02:00:00Z') + i * 3_600_000);
      await insert.add({
        unitId: ward.id,
        channel: 'online',
        level: i < 178 + (k % 5) ? 5 : 2,
        serverTime: at,
        ratedAt: at,
        counted: true,
        idempotencyKey: `large-${++seq}`,
        requestHash: '',
      });
    }
  }
  await insert.flush();
  cookie = await t.addUser('noivu', 'home_affairs', province);
});
afterAll(() => t.close());

describe('a ranking block too large to list who is alike', () => {
  it('counts the units alike each one by its rank range, in the API, the CSV and the page', async () => {
    const q = `definition=tap-rating&parent=${province}&from=2026-02-01&to=2026-02-28&kind=ward`;
    const body = (await (await t.app.request(`/api/rankings?${q}`, { headers: { cookie } })).json()) as {
      blocks: { rows: { unit: { name: string }; tier: { rankRange: [number, number]; alike: string[] | null } | null }[] }[];
    };
    // The fixture's own ward has no rating: unranked, no tier.
    const rows = body.blocks.flatMap((b) => b.rows).filter((r) => r.tier !== null);
    expect(rows).toHaveLength(60);
    // Every ward is alike every other: each could hold any rank from 1 to 60.
    for (const r of rows) expect(r.tier).toMatchObject({ rankRange: [1, 60], alike: null });
    const csv = await (await t.app.request(`/api/rankings.csv?${q}`, { headers: { cookie } })).text();
    expect(csv.split('\r\n').filter((line) => line.includes('59 đơn vị khác trong khoảng hạng'))).toHaveLength(60);
    const page = await (await t.app.request(`/staff/ranking?${q}`, { headers: { cookie } })).text();
    expect(page.match(/59 đơn vị khác \(trong khoảng hạng\)/g)).toHaveLength(60);
  });
});
