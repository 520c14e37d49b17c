import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kioskTap, makeTestApp, postRating, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 0 });
  cookie = await t.addStaff();
});
afterEach(() => t.close());

const summary = async (query = '') => {
  const res = await t.app.request(`/api/units/${t.ward.id}/ratings/summary${query}`, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
};

describe('GET /api/units/:id/ratings/summary', () => {
  it('counts per level and channel, with periods cut at midnight Hà Nội time', async () => {
    // 23:59:59 on 28/02 and 00:00:00 on 01/03 in Hà Nội (UTC+7).
    await kioskTap(t, { level: 2, clientTime: '2026-02-28T16:59:59Z' });
    await kioskTap(t, { level: 5, clientTime: '2026-02-28T17:00:00Z' });
    await kioskTap(t, { level: 5, clientTime: '2026-03-01T10:00:00+07:00' });
    const token = await t.app.request(`/api/transactions/${t.dossiers[0]!.id}/rating-token`, { method: 'POST', headers: { cookie } });
    await postRating(t, { token: (await token.json()).token, level: 4, clientTime: '2026-03-01T20:00:00+07:00' });

    const all = await summary();
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 4, notCounted: 0, levels: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 2 } });
    expect(all.body.channels.kiosk).toEqual({ total: 3, levels: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 2 } });
    expect(all.body.channels.online).toEqual({ total: 1, levels: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } });
    expect(all.body.channels.qr.total).toBe(0);

    const march = await summary('?from=2026-03-01&to=2026-03-01');
    expect(march.body).toMatchObject({ from: '2026-03-01', to: '2026-03-01', total: 3, levels: { '2': 0, '4': 1, '5': 2 } });
    const february = await summary('?to=2026-02-28');
    expect(february.body).toMatchObject({ total: 1, levels: { '2': 1 } });
  });

  it('refuses a period that ends before it starts, a bad date and an unknown unit', async () => {
    const backwards = await summary('?from=2026-03-02&to=2026-03-01');
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.fields[0].field).toBe('to');
    const bad = await summary('?from=01/03/2026');
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0]).toMatchObject({ field: 'from', code: 'invalid_format' });
    const res = await t.app.request('/api/units/9999/ratings/summary', { headers: { cookie } });
    expect(res.status).toBe(404);
  });

  it('is for signed-in staff only', async () => {
    expect((await t.app.request(`/api/units/${t.ward.id}/ratings/summary`)).status).toBe(401);
    expect((await t.app.request('/api/units')).status).toBe(401);
    const units = await (await t.app.request('/api/units', { headers: { cookie } })).json();
    expect(units.map((u: { name: string }) => u.name)).toEqual(['Phường Ba Đình']); // a ward's staff see their ward only
  });
});
