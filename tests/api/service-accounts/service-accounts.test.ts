import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await makeTestApp();
  admin = await t.addUser('quantri', 'admin', null);
});
afterEach(() => t.close());

type Issued = { account: { id: number; keys: { prefix: string; expiresAt: string | null; lastUsedAt: string | null }[] }; key: string };

const create = async (body: Record<string, unknown>) => {
  const res = await t.call('POST', '/api/service-accounts', body, admin);
  return { status: res.status, body: (await res.json()) as Issued & { error?: { fields: { field: string }[] } } };
};
const withKey = (key: string, path: string, body?: unknown, method = 'POST') =>
  t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
const links = (key: string, receiptCodes: string[]) => withKey(key, '/api/rating-links', { receiptCodes });

describe('service accounts', () => {
  it('gives the portal a key once, stored hashed, that issues rating links by receipt code and is audited', async () => {
    const { status, body } = await create({ name: 'Cổng dịch vụ công Hà Nội', unitId: t.ward.id, permissions: ['rating-links:issue'] });
    expect(status).toBe(201);
    expect(body.key).toMatch(/^sk_[\w-]{40,}$/);
    expect(body.account.keys[0]?.prefix).toBe(body.key.slice(0, 10));
    const stored = (await t.query('select key_hash from service_keys')) as { key_hash: string }[];
    expect(stored.map((k) => k.key_hash)).not.toContain(body.key);
    // The listing shows the prefix, never the key.
    expect(JSON.stringify(await (await t.call('GET', '/api/service-accounts', undefined, admin)).json())).not.toContain(body.key);

    const res = await links(body.key, [t.dossiers[0]!.receiptCode]);
    expect(res.status).toBe(201);
    const issued = (await res.json()) as { links: { url: string; qr: string }[] };
    expect(issued.links[0]?.url).toMatch(/\/r\/[\w-]{22}$/);
    const token = (await t.query('select created_by, service_account_id, issued_from from rating_tokens'))[0];
    expect(token).toEqual({ created_by: null, service_account_id: body.account.id, issued_from: null });
    const uses = await t.query("select entity_id, after from audit_log where action = 'service_key.use'");
    expect(uses).toHaveLength(1);
    const listed = (await (await t.call('GET', '/api/service-accounts', undefined, admin)).json()) as Issued['account'][];
    expect(listed[0]?.keys[0]?.lastUsedAt).toBe(new Date(t.clock.now).toISOString());
  });

  it('answers 401 to a wrong or revoked key, 403 to a key without the permission, and names a dossier of another unit as none of its own', async () => {
    const portal = (await create({ name: 'Cổng', unitId: t.ward.id, permissions: ['rating-links:issue'] })).body;
    const reader = (await create({ name: 'Kho báo cáo', unitId: t.ward.id, permissions: ['reports:read'] })).body;
    const other = await t.deps.store.db
      .insert(units)
      .values({ code: '00008', name: 'Phường Ngọc Hà', kind: 'ward', parentId: t.ward.parentId, validFrom: '2025-07-01' })
      .returning()
      .get();
    const elsewhere = (await create({ name: 'Phần mềm một cửa Ngọc Hà', unitId: other.id, permissions: ['rating-links:issue'] })).body;

    expect((await links('sk_not-a-key', [t.dossiers[0]!.receiptCode])).status).toBe(401);
    const lacking = await links(reader.key, [t.dossiers[0]!.receiptCode]);
    expect(lacking.status).toBe(403);
    expect(((await lacking.json()) as { error: { code: string } }).error.code).toBe('forbidden_permission');
    // A dossier of another unit is answered as unknown, by name, and nothing is issued.
    const outside = await links(elsewhere.key, [t.dossiers[0]!.receiptCode]);
    expect(outside.status).toBe(422);
    expect(await t.count('rating_tokens')).toBe(0);

    expect((await t.call('POST', `/api/service-accounts/${portal.account.id}/revoke`, undefined, admin)).status).toBe(200);
    expect((await links(portal.key, [t.dossiers[0]!.receiptCode])).status).toBe(401);
  });

  it('opens nothing but the operations its permissions name: no staff API, no page', async () => {
    const { key } = (
      await create({ name: 'Cổng', unitId: t.ward.id, permissions: ['rating-links:issue', 'reports:read', 'dossiers:write'] })
    ).body;
    for (const path of ['/api/users', '/api/dashboard?unit=1&from=2026-01-01&to=2026-01-31', '/api/service-accounts', '/api/alerts']) {
      expect((await withKey(key, path, undefined, 'GET')).status, path).toBe(401);
    }
    for (const path of ['/staff', '/staff/dashboard', '/staff/users', '/staff/users/service-accounts']) {
      const res = await withKey(key, path, undefined, 'GET');
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location')).toMatch(/^\/login/);
    }
    expect((await withKey(key, `/api/transactions/${t.dossiers[0]!.id}/rating-token`)).status).toBe(401);
  });

  it('lets the one-stop software push dossiers and their changes with its key, upserting by receipt code', async () => {
    const { key, account } = (await create({ name: 'Phần mềm một cửa', unitId: t.ward.id, permissions: ['dossiers:write'] })).body;
    const record = (receiptCode: string, extra: Record<string, unknown> = {}) => ({
      receiptCode,
      unitCode: '00004',
      procedureCode: '1.001193',
      channel: 'counter',
      receivedAt: '2026-03-01T08:30:00+07:00',
      dueAt: '2026-03-05',
      ...extra,
    });
    const push = (transactions: unknown[]) => withKey(key, '/api/transactions/batch', { transactions });
    expect(await (await push([record('MC-1'), record('MC-2')])).json()).toMatchObject({ inserted: 2, updated: 0 });
    // A supplement requested, then the result: the same receipt code updated, never a second dossier.
    const changed = await push([record('MC-1', { supplementRequests: 1, resolvedAt: '2026-03-04T15:00:00+07:00' })]);
    expect(await changed.json()).toMatchObject({ inserted: 0, updated: 1 });
    expect(await t.query("select supplement_requests from transactions where receipt_code = 'MC-1'")).toEqual([{ supplement_requests: 1 }]);
    const audit = (await t.query("select after from audit_log where action = 'import.transactions' order by id")) as { after: unknown }[];
    expect(audit.map((a) => (typeof a.after === 'string' ? JSON.parse(a.after) : a.after).serviceAccountId)).toEqual([
      account.id,
      account.id,
    ]);
    // A dossier of a unit the key does not reach is refused by line, and nothing of the batch is stored.
    const outside = await push([record('MC-3'), record('MC-4', { unitCode: '01' })]);
    expect(outside.status).toBe(422);
    expect(await t.query("select receipt_code from transactions where receipt_code in ('MC-3', 'MC-4')")).toEqual([]);
    // The same key issues no links: that permission was not given.
    expect((await links(key, ['MC-1'])).status).toBe(403);

    // After an outage the software reads what changed since its cursor, each dossier as it stands now.
    type Changes = {
      changes: { seq: number; dossier: { receiptCode: string; supplementRequests: number } }[];
      next: number;
      more: boolean;
    };
    const read = async (after: number, limit = 500) =>
      (await (await withKey(key, `/api/transactions/changes?after=${after}&limit=${limit}`, undefined, 'GET')).json()) as Changes;
    const all = await read(0);
    expect(all.changes.map((c) => c.dossier.receiptCode)).toEqual(['MC-1', 'MC-2', 'MC-1']);
    expect(all.changes.map((c) => c.dossier.supplementRequests)).toEqual([1, 0, 1]); // the state now
    expect(all.more).toBe(false);
    const first = await read(0, 2);
    expect([first.changes.length, first.more]).toEqual([2, true]);
    const rest = await read(first.next);
    expect(rest.changes.map((c) => c.seq)).toEqual([all.changes[2]?.seq]);
    expect((await read(all.next)).changes).toEqual([]);
    // A push that changes nothing adds nothing to the feed.
    await push([record('MC-2')]);
    expect((await read(all.next)).changes).toEqual([]);
  });

  it('is refused (401) by every staff operation of the OpenAPI document that does not name the key scheme', async () => {
    const { key } = (
      await create({ name: 'Cổng', unitId: t.ward.id, permissions: ['dossiers:write', 'rating-links:issue', 'reports:read'] })
    ).body;
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
        if (!schemes.includes('session') || schemes.includes('serviceKey')) continue;
        const url = path.replace(/\{[^}]+\}/g, '1');
        const res = await withKey(key, url, method === 'get' ? undefined : {}, method.toUpperCase());
        expect(res.status, `${method} ${path}`).toBe(401);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('rotates with an overlap: the old key works until then, the new one at once', async () => {
    const first = (await create({ name: 'Cổng', unitId: t.ward.id, permissions: ['rating-links:issue'] })).body;
    const res = await t.call('POST', `/api/service-accounts/${first.account.id}/keys`, { overlapHours: 2 }, admin);
    expect(res.status).toBe(201);
    const second = (await res.json()) as Issued;
    expect(second.key).not.toBe(first.key);
    expect(second.account.keys.map((k) => k.expiresAt)).toEqual([new Date(t.clock.now + 2 * 3600_000).toISOString(), null]);
    expect((await links(first.key, [t.dossiers[0]!.receiptCode])).status).toBe(201);
    t.clock.now += 2 * 3600_000;
    expect((await links(first.key, [t.dossiers[0]!.receiptCode])).status).toBe(401);
    expect((await links(second.key, [t.dossiers[0]!.receiptCode])).status).toBe(201);
  });

  it('limits each key, refuses bad input by field, and lets only admins manage accounts', async () => {
    const bad = await create({ name: '', unitId: 0, permissions: ['everything'] });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.fields.map((f) => f.field).sort()).toEqual(['name', 'permissions.0', 'unitId']);
    expect((await create({ name: 'Cổng', unitId: 999_999, permissions: ['reports:read'] })).status).toBe(404);
    await create({ name: 'Cổng', unitId: t.ward.id, permissions: ['reports:read'] });
    expect((await create({ name: 'Cổng', unitId: t.ward.id, permissions: ['reports:read'] })).status).toBe(409);
    const staff = await t.addStaff();
    expect((await t.call('GET', '/api/service-accounts', undefined, staff)).status).toBe(403);
  });
});

describe('a busy key', () => {
  it('is held to its own limit per minute (429 with Retry-After), the others unaffected', async () => {
    await t.close();
    t = await makeTestApp({ RATE_LIMIT_SERVICE_KEY_PER_MINUTE: 2 });
    admin = await t.addUser('quantri', 'admin', null);
    const a = (await create({ name: 'A', unitId: t.ward.id, permissions: ['rating-links:issue'] })).body;
    const b = (await create({ name: 'B', unitId: t.ward.id, permissions: ['rating-links:issue'] })).body;
    const code = [t.dossiers[0]!.receiptCode];
    expect((await links(a.key, code)).status).toBe(201);
    // The limit is the key's, whatever route it calls.
    expect(
      (await withKey(a.key, '/api/reports/unit.pdf?definition=tap-rating&unit=1&from=2026-01-01&to=2026-01-31', undefined, 'GET')).status,
    ).toBe(403);
    const held = await links(a.key, code);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await links(b.key, code)).status).toBe(201);
  });
});
