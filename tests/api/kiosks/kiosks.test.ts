import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { DEVICE_KEY, kioskTap, makeTestApp, START, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 0 });
});
afterEach(() => t.close());

const beat = (key?: string, id = 'bd-q1') =>
  t.app.request(`/api/kiosks/${id}/heartbeat`, { method: 'POST', headers: key ? { 'x-device-key': key } : {} });
type Kiosk = {
  id: string;
  status: string;
  silent: boolean;
  lastSeenAt: string | null;
  lastRefusedAt: string | null;
  lastTapAt: string | null;
  tapsToday: number;
  dossiersToday: number;
};
const fleet = async (cookie: string) => (await (await t.call('GET', '/api/kiosks', undefined, cookie)).json()) as Kiosk[];

describe('kiosks', () => {
  it('hears a heartbeat with the right key and notes a wrong or missing one, leaving no trace for unknown devices', async () => {
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    expect((await beat(DEVICE_KEY)).status).toBe(204);
    expect(await fleet(ha)).toMatchObject([
      { id: 'bd-q1', status: 'active', silent: false, lastSeenAt: new Date(START).toISOString(), lastRefusedAt: null },
    ]);
    t.clock.now += 60_000;
    const wrong = await beat('not-the-key');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string; message: { vi: string } } }).error).toMatchObject({
      code: 'device_unauthorized',
      message: { vi: 'Thiết bị chưa được cài đặt hoặc khóa đã bị thu hồi' },
    });
    expect((await beat()).status).toBe(401);
    expect((await fleet(ha))[0]).toMatchObject({
      lastSeenAt: new Date(START).toISOString(),
      lastRefusedAt: new Date(START + 60_000).toISOString(),
    });
    expect((await beat(DEVICE_KEY, 'no-such-kiosk')).status).toBe(401);
    expect(await t.query('select count(*) as n from kiosk_devices')).toEqual([{ n: 1 }]);
  });

  it('counts today’s taps against today’s counter dossiers and calls a kiosk silent once nothing is heard for a while', async () => {
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    await t.addDossier('00004-260302-0003'); // received the day before START: not today
    expect((await kioskTap(t, { level: 5 })).status).toBe(201);
    t.clock.now += 60_000;
    expect((await kioskTap(t, { level: 4 })).status).toBe(201);
    const [kiosk] = await fleet(ha);
    expect(kiosk).toMatchObject({ tapsToday: 2, dossiersToday: 0, silent: false, lastTapAt: new Date(START + 60_000).toISOString() });
    t.clock.now += t.env.KIOSK_SILENT_MINUTES * 60_000 + 1;
    expect((await fleet(ha))[0]!.silent).toBe(true);
    expect((await beat(DEVICE_KEY)).status).toBe(204);
    expect((await fleet(ha))[0]!.silent).toBe(false);
  });

  it('lets Home Affairs issue a new key (the old one stops) and revoke one, audited, within their scope only', async () => {
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const staff = await t.addStaff();
    const other = await t.deps.store.db
      .insert(units)
      .values({ code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', validFrom: '2025-07-01' })
      .returning()
      .get();
    const elsewhere = await t.addUser('noivu.hcm', 'home_affairs', other.id);

    expect((await t.call('POST', '/api/kiosks/bd-q1/key', undefined, staff)).status).toBe(403);
    expect((await t.call('POST', '/api/kiosks/bd-q1/key', undefined, elsewhere)).status).toBe(404);
    expect(await fleet(elsewhere)).toEqual([]);
    expect((await fleet(staff)).map((k) => k.id)).toEqual(['bd-q1']);

    const issued = await t.call('POST', '/api/kiosks/bd-q1/key', undefined, ha);
    expect(issued.status).toBe(201);
    const { url, qr } = (await issued.json()) as { url: string; qr: string };
    expect(qr).toMatch(/^<svg/);
    const key = new URL(url).hash.replace('#key=', '');
    expect(new URL(url).pathname).toBe('/kiosk/bd-q1');
    expect((await beat(DEVICE_KEY)).status).toBe(401);
    expect((await beat(key)).status).toBe(204);
    expect((await kioskTap(t, { level: 5 }, { 'x-device-key': key })).status).toBe(201);

    expect((await t.call('POST', '/api/kiosks/bd-q1/revoke', undefined, ha)).status).toBe(204);
    expect((await beat(key)).status).toBe(401);
    expect((await kioskTap(t, { level: 5 }, { 'x-device-key': key })).status).toBe(401);
    expect((await fleet(ha))[0]).toMatchObject({ status: 'revoked', silent: false });
    const audit = await t.query("select action, user_id from audit_log where entity = 'kiosk_device' order by id");
    expect(audit.map((a) => (a as { action: string }).action)).toEqual(['kiosk.key', 'kiosk.revoke']);
  });
});
