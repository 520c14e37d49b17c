import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulkInserter } from '../../../api/platform/db/bulk.js';
import { ratings, units } from '../../../api/platform/db/schema.js';
import { kioskTap, makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('comments shown to staff', () => {
  it('carry the day only, unless the citizen left a number for a call back', async () => {
    expect((await kioskTap(t, { level: 2, comment: 'Chờ lâu quá' })).status).toBe(201);
    t.clock.now += 60_000;
    const followUp = { phone: '0912 345 678', consent: true };
    expect((await kioskTap(t, { level: 1, comment: 'Xin gọi lại cho tôi', followUp })).status).toBe(201);
    const cookie = await t.addStaff();
    const q = `unit=${t.ward.id}&from=2026-03-01&to=2026-03-31`;
    const d = (await (await t.app.request(`/api/dashboard?${q}`, { headers: { cookie } })).json()) as {
      comments: { text: string; at: { vi: string; en: string } }[];
    };
    expect(d.comments.map((c) => [c.text, c.at.vi])).toEqual([
      ['Xin gọi lại cho tôi', '09:01 ngày 02/03/2026'],
      ['Chờ lâu quá', 'ngày 02/03/2026'],
    ]);
    const csv = await (await t.app.request(`/api/dashboard.csv?${q}&table=comments`, { headers: { cookie } })).text();
    expect(csv).toContain('ngày 02/03/2026,');
    expect(csv).not.toMatch(/09:00 ngày 02\/03\/2026/);
    const page = await (await t.app.request(`/staff/dashboard?${q}`, { headers: { cookie } })).text();
    expect(page).not.toContain('09:00 ngày 02/03/2026');
  });
});

describe('the latest comments of many units', () => {
  it('are the 20 latest counted ones of the period across every commune of a province, read by time', async () => {
    const { db } = t.deps.store;
    const province = t.ward.parentId as number;
    // 80 wards (more than are read one by one), each with comments in and around March 2026.
    const wards = await db
      .insert(units)
      .values(
        Array.from({ length: 80 }, (_, k) => ({
          code: `W${k}`,
          name: `Phường ${k}`,
          kind: 'ward' as const,
          parentId: province,
          validFrom: '2025-07-01',
        })),
      )
      .returning()
      .all();
    const insert = bulkInserter(db, ratings);
    const stored: { text: string; at: number; counted: boolean }[] = [];
    let seq = 0;
    for (const [k, ward] of wards.entries()) {
      for (let j = 0; j < 4; j++) {
        // Spread over 2026-02-20 … 2026-04-10: some before and after March, a few not counted.
        const at = Date.parse('2026-02-20T02:00:00Z') + ((k * 7 + j * 13) % 49) * 86_400_000 + k * 60_000 + j;
        const counted = (k + j) % 9 !== 0;
        const text = `Ý kiến ${k}-${j}`;
        stored.push({ text, at, counted });
        await insert.add({
          unitId: ward.id,
          channel: 'online',
          level: 1 + ((k + j) % 5),
          comment: text,
          serverTime: new Date(at),
          ratedAt: new Date(at),
          counted,
          idempotencyKey: `comment-${++seq}`,
          requestHash: '',
        });
      }
    }
    await insert.flush();
    const from = Date.parse('2026-02-28T17:00:00Z');
    const to = Date.parse('2026-03-31T17:00:00Z');
    const expected = stored
      .filter((c) => c.counted && c.at >= from && c.at < to)
      .sort((a, b) => b.at - a.at)
      .slice(0, 20)
      .map((c) => c.text);
    expect(expected).toHaveLength(20);
    const cookie = await t.addUser('noivu', 'home_affairs', province);
    const res = await t.app.request(`/api/dashboard?unit=${province}&from=2026-03-01&to=2026-03-31`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const d = (await res.json()) as { comments: { text: string }[] };
    expect(d.comments.map((c) => c.text)).toEqual(expected);
  });
});
