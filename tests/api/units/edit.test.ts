import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reachReady } from '../../../api/units/reach.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let homeAffairs: string;
beforeEach(async () => {
  t = await makeTestApp();
  admin = await t.addUser('quantri', 'admin', null);
  homeAffairs = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
});
afterEach(() => t.close());

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const province = () => t.ward.parentId as number;

describe('units as managed data', () => {
  it('lets Home Affairs build the province’s tree through the API, as the demo and the reorganisation need', async () => {
    const old = await json(
      await t.call(
        'POST',
        '/api/units',
        { code: '00037', name: 'Phường Hàng Bạc'.normalize('NFD'), kind: 'ward', parentId: province(), validFrom: '2008-08-01' },
        admin,
      ),
    );
    expect(old.status).toBe(201);
    expect(old.body).toMatchObject({ name: 'Phường Hàng Bạc', validTo: null, mergedIntoId: null });
    const created = await json(
      await t.call(
        'POST',
        '/api/units',
        { code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: province(), validFrom: '2025-07-01' },
        homeAffairs,
      ),
    );
    expect(created.status).toBe(201);
    const merged = await json(
      await t.call('POST', `/api/units/${old.body.id}/merge`, { intoId: created.body.id, on: '2025-07-01' }, homeAffairs),
    );
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ validTo: '2025-07-01', mergedIntoId: created.body.id });
    // The merged ward's records now count toward the new one on current boundaries.
    const units = await json(await t.call('GET', '/api/units', null, homeAffairs));
    expect(units.body.map((u: { code: string }) => u.code)).toEqual(expect.arrayContaining(['00037', '00070']));

    const renamed = await json(await t.call('PATCH', `/api/units/${created.body.id}`, { name: 'Phường Hoàn Kiếm (mới)' }, homeAffairs));
    expect(renamed.body.name).toBe('Phường Hoàn Kiếm (mới)');
    const counter = await json(await t.call('POST', `/api/units/${created.body.id}/counters`, { code: 'Q1', name: 'Quầy 1' }, homeAffairs));
    expect(counter.status).toBe(201);
    expect(
      (await json(await t.call('PATCH', `/api/counters/${counter.body.id}`, { name: 'Quầy 1 – Hộ tịch' }, homeAffairs))).body.name,
    ).toBe('Quầy 1 – Hộ tịch');
    const kiosk = await json(await t.call('POST', '/api/kiosks', { counterId: counter.body.id, name: 'Kiosk Quầy 1' }, homeAffairs));
    expect(kiosk.status).toBe(201);
    expect(kiosk.body.id).toMatch(/^00070-q1-[0-9a-f]{6}$/);
    expect(kiosk.body.url).toContain(`/kiosk/${kiosk.body.id}#key=`);
    const kiosks = await json(await t.call('GET', '/api/kiosks', null, homeAffairs));
    expect(kiosks.body.find((k: { id: string }) => k.id === kiosk.body.id)).toMatchObject({ status: 'active', counter: { code: 'Q1' } });
    // Renamed and moved to Ba Đình's counter; a counter outside the scope is refused, naming the field.
    const moved = await t.call('PATCH', `/api/kiosks/${kiosk.body.id}`, { name: 'Kiosk sảnh', counterId: t.counter.id }, homeAffairs);
    expect(moved.status).toBe(204);
    const after = (await json(await t.call('GET', '/api/kiosks', null, homeAffairs))).body.find(
      (k: { id: string }) => k.id === kiosk.body.id,
    );
    expect(after).toMatchObject({ name: 'Kiosk sảnh', unit: { code: '00004' }, counter: { code: 'Q1' } });
    const elsewhere = await json(
      await t.call(
        'POST',
        '/api/units',
        { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', parentId: null, validFrom: '2025-07-01' },
        admin,
      ),
    );
    const far = await json(await t.call('POST', `/api/units/${elsewhere.body.id}/counters`, { code: 'Q1', name: 'Quầy 1' }, admin));
    const refused = await json(await t.call('PATCH', `/api/kiosks/${kiosk.body.id}`, { counterId: far.body.id }, homeAffairs));
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].field).toBe('counterId');

    const actions = (await t.query(
      "select action from audit_log where action like 'unit.%' or action like 'counter.%' or action like 'kiosk.%' order by id",
    )) as {
      action: string;
    }[];
    expect(actions.map((a) => a.action)).toEqual([
      'unit.create',
      'unit.create',
      'unit.merge',
      'unit.update',
      'counter.create',
      'counter.update',
      'kiosk.create',
      'kiosk.key',
      'kiosk.update',
      'unit.create',
      'counter.create',
    ]);
  });

  it('moves a ward’s ratings and dossiers from one province’s figures to the other’s as it moves, at once', async () => {
    const day = Date.parse('2026-03-02T03:00:00Z');
    await t.storeRatings(40, 30, day, day + 3_600_000);
    await t.addDossier('H-MOVE-1');
    const hcm = await json(
      await t.call(
        'POST',
        '/api/units',
        { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', parentId: null, validFrom: '2008-08-01' },
        admin,
      ),
    );
    const figure = async (unit: number) => {
      const answer = await json(await t.call('GET', `/api/dashboard?unit=${unit}&from=2026-01-01&to=2026-12-31`, null, admin));
      expect(answer.status).toBe(200);
      return {
        n: answer.body.tap.n,
        value: answer.body.tap.value,
        below: answer.body.below.map((b: { unit: { id: number } }) => b.unit.id),
      };
    };
    expect(await figure(province())).toEqual({ n: 40, value: 75, below: [t.ward.id] });
    expect(await figure(hcm.body.id)).toEqual({ n: 0, value: null, below: [] });
    expect((await t.call('PATCH', `/api/units/${t.ward.id}`, { parentId: hcm.body.id }, admin)).status).toBe(200);
    expect(await figure(province())).toEqual({ n: 0, value: null, below: [] });
    expect(await figure(hcm.body.id)).toEqual({ n: 40, value: 75, below: [t.ward.id] });
    expect(await reachReady(t.deps.store.db)).toBe(true);
    // The dossiers too: below the new province, none left below the old.
    const received = async (unit: number) =>
      Number(
        (
          await t.query<{ n: number }>(
            "select sum(received) as n from transaction_counts_below where unit_id = ? and grain = 'month'",
            unit,
          )
        )[0]?.n ?? 0,
      );
    expect(await received(hcm.body.id)).toBe(await t.count('transactions'));
    expect(await received(province())).toBe(0);
  });

  it('refuses a shape that would break the tree or the records already stored, naming the field, and changes nothing', async () => {
    const before = await t.query('select * from units order by id');
    const attempt = async (method: string, path: string, body: unknown) => json(await t.call(method, path, body, homeAffairs));
    const ward = t.ward.id;
    // An end before the start; a parent that did not exist yet; a unit below itself.
    expect((await attempt('PATCH', `/api/units/${ward}`, { validTo: '2025-01-01' })).body.error.fields[0].field).toBe('validTo');
    const early = await attempt('POST', '/api/units', {
      code: 'X1',
      name: 'Xã Cũ',
      kind: 'commune',
      parentId: ward,
      validFrom: '2020-01-01',
    });
    expect(early.status).toBe(422);
    expect(early.body.error.fields[0]).toMatchObject({ field: 'parentId' });
    const child = await attempt('POST', '/api/units', {
      code: 'T1',
      name: 'Tổ dân phố 1',
      kind: 'commune',
      parentId: ward,
      validFrom: '2025-07-01',
    });
    expect(child.status).toBe(201);
    expect((await attempt('PATCH', `/api/units/${ward}`, { parentId: child.body.id })).body.error.fields[0].field).toBe('parentId');
    // A code another unit holds over the same days.
    expect((await attempt('PATCH', `/api/units/${child.body.id}`, { code: '00004' })).status).toBe(409);
    // The ward's dossiers were received in 2026: it cannot end before them.
    const cut = await attempt('PATCH', `/api/units/${ward}`, { validTo: '2026-01-01' });
    expect(cut.status).toBe(409);
    expect(cut.body.error.message.en).toBe('2 dossiers and 0 ratings of the unit fall outside the new dates');
    // A merger while a unit still sits below; a top-level unit by Home Affairs.
    const other = await attempt('POST', '/api/units', {
      code: '00070',
      name: 'Phường Hoàn Kiếm',
      kind: 'ward',
      parentId: province(),
      validFrom: '2025-07-01',
    });
    expect((await attempt('POST', `/api/units/${ward}/merge`, { intoId: other.body.id, on: '2026-06-01' })).status).toBe(409);
    expect(
      (
        await attempt('POST', '/api/units', {
          code: '02',
          name: 'Tỉnh Hà Giang',
          kind: 'province',
          parentId: null,
          validFrom: '2008-01-01',
        })
      ).status,
    ).toBe(403);
    expect(
      (await attempt('POST', `/api/units/${other.body.id}/counters`, { code: 'bad code!', name: 'Quầy' })).body.error.fields[0].field,
    ).toBe('code');
    const after = (await t.query('select * from units order by id')) as unknown[];
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('keeps units outside the caller’s scope out of reach', async () => {
    const elsewhere = await json(
      await t.call(
        'POST',
        '/api/units',
        { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', parentId: null, validFrom: '2025-07-01' },
        admin,
      ),
    );
    const attempt = (method: string, path: string, body: unknown) => t.call(method, path, body, homeAffairs);
    expect((await attempt('PATCH', `/api/units/${elsewhere.body.id}`, { name: 'Sài Gòn' })).status).toBe(403);
    expect(
      (
        await attempt('POST', '/api/units', {
          code: '26734',
          name: 'Phường Sài Gòn',
          kind: 'ward',
          parentId: elsewhere.body.id,
          validFrom: '2025-07-01',
        })
      ).status,
    ).toBe(403);
    expect((await attempt('POST', `/api/units/${t.ward.id}/merge`, { intoId: elsewhere.body.id, on: '2026-06-01' })).status).toBe(403);
    expect((await attempt('POST', `/api/units/${elsewhere.body.id}/counters`, { code: 'Q1', name: 'Quầy 1' })).status).toBe(403);
  });
});
