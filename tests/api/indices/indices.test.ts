import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counters, kioskDevices, ratings, transactions, units } from '../../../api/platform/db/schema.js';
import { canonicalJson, compute, getDefinition } from '../../../engine/index.js';
import { kioskTap, makeTestApp, START, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 0 });
  cookie = await t.addStaff();
});
afterAll(() => t.close());

describe('GET /api/indices', () => {
  it('computes the tap rating from stored ratings, equal to the engine on the same counts', async () => {
    for (const level of [5, 5, 4, 2, 1, 5]) await kioskTap(t, { level });
    const res = await t.app.request(`/api/indices?definition=tap-rating&unit=${t.ward.id}&from=2026-03-01&to=2026-03-31`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    const expected = compute(getDefinition('tap-rating')!, { satisfied: { counts: { '1': 1, '2': 1, '4': 1, '5': 3 } } });
    expect(body.value).toBe(expected.headline.value); // 4 of 6
    expect(body.computations[0].provenance.inputHash).toBe(
      createHash('sha256')
        .update(canonicalJson({ inputs: { satisfied: { counts: { '1': 1, '2': 1, '4': 1, '5': 3 } } }, context: {}, reported: {} }))
        .digest('hex'),
    );
    expect(body.computations[0].headline.lowN).toBe(true);
  });

  it('recomputes a period on today’s boundaries by pooling the units merged into this one', async () => {
    const { db } = t.deps.store;
    const old = await db
      .insert(units)
      .values({
        code: '00007',
        name: 'Phường Trúc Bạch',
        kind: 'ward',
        validFrom: '2008-08-01',
        validTo: '2025-07-01',
        mergedIntoId: t.ward.id,
      })
      .returning()
      .get();
    const counter = await db.insert(counters).values({ unitId: old.id, code: 'Q1', name: 'Quầy 1' }).returning().get();
    await db
      .insert(kioskDevices)
      .values({ id: 'tb-q1', counterId: counter.id, name: 'Kiosk', keyHash: 'x', createdAt: new Date(START) })
      .run();
    const at = Date.parse('2025-03-10T03:00:00Z');
    for (const [i, level] of [5, 5, 1].entries()) {
      await db
        .insert(ratings)
        .values({
          unitId: old.id,
          counterId: counter.id,
          deviceId: 'tb-q1',
          channel: 'kiosk',
          level,
          serverTime: new Date(at + i),
          ratedAt: new Date(at + i),
          idempotencyKey: `old-${i}`,
          requestHash: 'x',
        })
        .run();
    }
    const query = `definition=tap-rating&unit=${t.ward.id}&from=2025-01-01&to=2025-06-30`;
    const asRecorded = await (await t.app.request(`/api/indices?${query}`, { headers: { cookie } })).json();
    expect(asRecorded.value).toBeNull();
    const current = await (await t.app.request(`/api/indices?${query}&boundaries=current`, { headers: { cookie } })).json();
    expect(current.value).toBeCloseTo((2 / 3) * 100, 10);
    expect(current.members.map((m: { name: string }) => m.name).sort()).toEqual(['Phường Ba Đình', 'Phường Trúc Bạch']);
  });

  it('reads the QĐ 766 rates the dossiers carry, leaving the rest out (no band) unless told they make it incomplete', async () => {
    const query = `definition=service-qd766-2022&unit=${t.ward.id}&from=2026-02-01&to=2026-03-31`;
    const strict = await (await t.app.request(`/api/indices?${query}&missing=incomplete`, { headers: { cookie } })).json();
    expect(strict.value).toBeNull();
    const lenient = await (await t.app.request(`/api/indices?${query}`, { headers: { cookie } })).json();
    expect(lenient.value).not.toBeNull();
    expect(lenient.computations[0].headline.band).toBeNull();
    const progress = lenient.computations[0].root.children.find((c: { id: string }) => c.id === 'progress');
    expect(progress.n).toBe(2); // both fixture dossiers, resolved before their due time
    expect(progress.value).toBe(20);
    expect(lenient.computations[0].provenance.settings).toEqual({ 'options.missing': 'exclude' });
    const rows = await t.deps.store.db.select().from(transactions).all();
    expect(rows).toHaveLength(2);
  });

  it('is for signed-in staff, and names bad query fields', async () => {
    expect((await t.app.request(`/api/indices?definition=tap-rating&unit=${t.ward.id}&from=2026-01-01&to=2026-01-31`)).status).toBe(401);
    const bad = await t.app.request('/api/indices?definition=par-province-qd876-2022&unit=x&from=2026-01-01', { headers: { cookie } });
    expect(bad.status).toBe(422);
    const fields = (await bad.json()).error.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['definition', 'to', 'unit']);
  });
});
