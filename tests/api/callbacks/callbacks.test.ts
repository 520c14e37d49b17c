import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followUps, units } from '../../../api/platform/db/schema.js';
import { kioskTap, makeTestApp, START, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 0, FOLLOW_UP_RETENTION_DAYS: 30 });
});
afterEach(() => t.close());

type Callback = {
  ratingId: number;
  phone: string;
  level: number;
  reasons: string[];
  comment: string | null;
  ratedOn: string;
  purgeOn: string;
  status: string;
  note: string | null;
  handledBy: string | null;
};
const list = async (cookie: string, query = '') => {
  const res = await t.call('GET', `/api/callbacks${query}`, undefined, cookie);
  expect(res.status).toBe(200);
  return (await res.json()) as Callback[];
};

describe('call-back requests', () => {
  it('shows the unit’s staff who asked to be called back, and records the call and its resolution, audited without the number', async () => {
    const staff = await t.addStaff();
    const leader = await t.addUser('lanhdao', 'leader', t.ward.parentId);
    const other = await t.deps.store.db
      .insert(units)
      .values({ code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: t.ward.parentId, validFrom: '2025-07-01' })
      .returning()
      .get();
    const otherStaff = await t.addUser('canbo.hoankiem', 'unit_staff', other.id);
    const rated = await kioskTap(t, {
      level: 2,
      reasons: ['long_wait'],
      comment: 'Chờ hơn một tiếng',
      followUp: { phone: '0912 345 678', consent: true },
    });
    expect(rated.status).toBe(201);
    const { id } = (await rated.json()) as { id: number };
    t.clock.now += 60_000;
    await kioskTap(t, { level: 5 }); // no number left: not a request

    const [request, ...more] = await list(staff);
    expect(more).toHaveLength(0);
    expect(request).toMatchObject({
      ratingId: id,
      phone: '0912345678',
      level: 2,
      reasons: ['long_wait'],
      comment: 'Chờ hơn một tiếng',
      status: 'open',
      ratedOn: '2026-03-02',
      purgeOn: '2026-04-01',
    });
    expect(await list(otherStaff)).toEqual([]);
    expect((await t.call('GET', '/api/callbacks', undefined, leader)).status).toBe(403);
    expect((await t.call('POST', `/api/callbacks/${id}`, { status: 'contacted', note: 'Đã gọi' }, otherStaff)).status).toBe(404);

    const short = await t.call('POST', `/api/callbacks/${id}`, { status: 'contacted', note: 'ok' }, staff);
    expect(short.status).toBe(422);
    expect(((await short.json()) as { error: { fields: { field: string }[] } }).error.fields.map((f) => f.field)).toEqual(['note']);
    expect((await t.call('POST', `/api/callbacks/${id}`, { status: 'contacted', note: 'Đã gọi, hẹn chiều gọi lại' }, staff)).status).toBe(
      204,
    );
    expect((await list(staff))[0]).toMatchObject({ status: 'contacted', note: 'Đã gọi, hẹn chiều gọi lại', handledBy: 'canbo.badinh' });
    expect((await t.call('POST', `/api/callbacks/${id}`, { status: 'resolved', note: 'Đã xin lỗi, bố trí thêm quầy' }, staff)).status).toBe(
      204,
    );
    expect(await list(staff)).toEqual([]);
    expect((await list(staff, '?status=resolved')).map((c) => c.status)).toEqual(['resolved']);
    const audit = JSON.stringify(await t.query("select action, before, after from audit_log where entity = 'follow_up' order by id"));
    expect(audit).toContain('callback.contacted');
    expect(audit).toContain('callback.resolved');
    expect(audit).not.toContain('0912345678');
  });

  it('deletes the number once its days are up, and the rating stays', async () => {
    const staff = await t.addStaff();
    expect((await kioskTap(t, { level: 1, followUp: { phone: '0912345678', consent: true } })).status).toBe(201);
    const consentedDaysAgo = (days: number) =>
      t.deps.store.db
        .update(followUps)
        .set({ consentedAt: new Date(START - days * 86_400_000) })
        .run();
    await consentedDaysAgo(29.99);
    expect(await list(staff, '?status=all')).toHaveLength(1);
    await consentedDaysAgo(30.01);
    expect(await list(staff, '?status=all')).toEqual([]);
    expect(await t.query('select count(*) as n from follow_ups')).toEqual([{ n: 0 }]);
    expect(await t.query('select level from ratings')).toEqual([{ level: 1 }]);
  });
});
