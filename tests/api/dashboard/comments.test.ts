import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
