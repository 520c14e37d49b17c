import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, postRating, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let staff: string;
beforeEach(async () => {
  t = await makeTestApp({ TRUST_PROXY: 1, LINK_MIN_SECONDS: 60 });
  staff = await t.addStaff();
});
afterEach(() => t.close());

const OFFICE = '10.0.0.5';
let receipts = 0;

/** A link for a new dossier of the ward, issued by the ward's staff at the office. */
async function issue(cookie = staff) {
  const dossier = await t.addDossier(`00004-260301-${String(100 + ++receipts)}`);
  const res = await t.app.request(`/api/transactions/${dossier.id}/rating-token`, {
    method: 'POST',
    headers: { cookie, 'x-forwarded-for': OFFICE },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** Rates a link at level 5 from an address, `after` ms after it was issued, with cookies if any. */
async function rate(token: string, from: string, after: number, cookie?: string) {
  t.clock.now += after;
  const res = await postRating(t, { token, level: 5 }, { 'x-forwarded-for': from, ...(cookie ? { cookie } : {}) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; counted: boolean };
}

const summary = async () =>
  (await (await t.app.request(`/api/units/${t.ward.id}/ratings/summary`, { headers: { cookie: staff } })).json()) as {
    total: number;
    notCounted: number;
    levels: { 5: number };
  };

/** Five links rated five ways: four as a unit would rate itself, one as a citizen at home. */
async function fiveWays() {
  const staffDevice = 'staff_device=a-browser-staff-signed-in-on';
  return {
    signedIn: await rate(await issue(), '198.51.100.7', 120_000, staff),
    staffDevice: await rate(await issue(), '198.51.100.8', 120_000, staffDevice),
    sameAddress: await rate(await issue(), OFFICE, 120_000),
    tooSoon: await rate(await issue(), '198.51.100.9', 10_000),
    citizen: await rate(await issue(), '198.51.100.10', 120_000),
  };
}

describe('rating integrity: a unit cannot rate itself into its score', () => {
  it('holds a link rated from a staff browser, from the issuing address or too soon, and counts the citizen’s', async () => {
    const before = await summary();
    const rated = await fiveWays();
    expect(Object.fromEntries(Object.entries(rated).map(([k, r]) => [k, r.counted]))).toEqual({
      signedIn: false,
      staffDevice: false,
      sameAddress: false,
      tooSoon: false,
      citizen: true,
    });
    const after = await summary();
    expect(after.levels[5] - before.levels[5]).toBe(1);
    expect(after.notCounted - before.notCounted).toBe(4);
    const holds = await t.query('select rating_id as id, reasons from rating_holds order by rating_id');
    expect(holds.map((h) => [h.id, JSON.parse(h.reasons as string)])).toEqual([
      [rated.signedIn.id, ['staff_session']],
      [rated.staffDevice.id, ['staff_device']],
      [rated.sameAddress.id, ['issuer_address']],
      [rated.tooSoon.id, ['too_soon']],
    ]);
    const audit = await t.query("select entity_id as id, after from audit_log where action = 'rating.hold' order by audit_log.id");
    expect(audit.map((a) => Number(a.id))).toEqual([rated.signedIn.id, rated.staffDevice.id, rated.sameAddress.id, rated.tooSoon.id]);
  });

  it('marks every browser that signs in as staff, for good', async () => {
    const res = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'canbo.badinh', password: 'a long staff password' }),
    });
    expect(res.headers.getSetCookie().find((c) => c.startsWith('staff_device='))).toMatch(/Max-Age=34560000.*HttpOnly/);
  });

  it('lets Home Affairs count or exclude a held rating, once, never of its own unit or link, audited', async () => {
    const rated = await fiveWays();
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const call = (cookie: string, method: string, path: string, body?: unknown) =>
      t.app.request(path, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const pending = (await (await call(ha, 'GET', '/api/rating-holds')).json()) as {
      ratingId: number;
      issuedBy: string;
      ratedOn: string;
      reasons: { code: string; label: { vi: string } }[];
    }[];
    expect(pending.map((h) => h.ratingId).sort()).toEqual(
      [rated.signedIn.id, rated.staffDevice.id, rated.sameAddress.id, rated.tooSoon.id].sort(),
    );
    expect(pending[0]).toMatchObject({ issuedBy: 'canbo.badinh', ratedOn: '2026-03-02' });
    expect(pending.find((h) => h.ratingId === rated.tooSoon.id)?.reasons[0]?.label.vi).toBe('Gửi quá sớm sau khi cấp đường dẫn');
    expect((await call(staff, 'GET', '/api/rating-holds')).status).toBe(403);

    const decide = (cookie: string, id: number, body: unknown) => call(cookie, 'POST', `/api/rating-holds/${id}/decision`, body);
    expect((await decide(staff, rated.tooSoon.id, { decision: 'count', note: 'Tự duyệt' })).status).toBe(403);
    const noNote = await decide(ha, rated.tooSoon.id, { decision: 'count', note: '' });
    expect(noNote.status).toBe(422);
    expect((await noNote.json()).error.fields[0].field).toBe('note');
    // A Home Affairs account of the rated ward itself never decides on it.
    const wardOfficer = await t.addUser('noivu.badinh', 'home_affairs', t.ward.id);
    const own = await decide(wardOfficer, rated.tooSoon.id, { decision: 'count', note: 'Đơn vị tự xem xét' });
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe('own_unit');

    const before = await summary();
    expect((await decide(ha, rated.tooSoon.id, { decision: 'count', note: 'Gọi lại công dân: đúng là người dân đánh giá' })).status).toBe(
      200,
    );
    expect((await decide(ha, rated.signedIn.id, { decision: 'exclude', note: 'Cán bộ tự đánh giá' })).status).toBe(200);
    const after = await summary();
    expect(after.levels[5] - before.levels[5]).toBe(1);
    expect(after.notCounted - before.notCounted).toBe(-1);
    expect((await decide(ha, rated.signedIn.id, { decision: 'count', note: 'Đổi ý' })).status).toBe(409);
    expect((await decide(ha, 999_999, { decision: 'count', note: 'Không có' })).status).toBe(404);

    const left = (await (await call(ha, 'GET', '/api/rating-holds')).json()) as unknown[];
    expect(left).toHaveLength(2);
    const decided = (await (await call(ha, 'GET', '/api/rating-holds?status=decided')).json()) as { decision: string; decidedBy: string }[];
    expect(decided.map((d) => [d.decision, d.decidedBy]).sort()).toEqual([
      ['count', 'noivu.hanoi'],
      ['exclude', 'noivu.hanoi'],
    ]);
    const audit = await t.query(
      "select entity_id as id, user_id as userId, after from audit_log where action = 'rating.review' order by audit_log.id",
    );
    expect(audit.map((a) => [Number(a.id), JSON.parse(a.after as string).decision])).toEqual([
      [rated.tooSoon.id, 'count'],
      [rated.signedIn.id, 'exclude'],
    ]);
  });

  it('shows Home Affairs of another province none of them', async () => {
    await fiveWays();
    const other = await t.deps.store.db
      .insert(units)
      .values({ code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', validFrom: '2025-07-01' })
      .returning()
      .get();
    const ha = await t.addUser('noivu.hcm', 'home_affairs', other.id);
    expect(await (await t.app.request('/api/rating-holds?status=all', { headers: { cookie: ha } })).json()).toEqual([]);
  });
});
