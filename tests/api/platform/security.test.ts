import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../api/platform/auth/secrets.js';
import { kioskTap, makeTestApp, postRating, STAFF_PASSWORD, TEST_PASSWORD_COST, type TestApp } from '../../helpers/app.js';
import { columnsOf } from '../../helpers/store.js';

let t: TestApp;
afterEach(() => t?.close());

const login = (username: string, password: string) =>
  t.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

describe('sign-in protection', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const signIn = (username: string, password: string, headers: Record<string, string>) =>
    t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    });

  it('holds one address after repeated wrong passwords, longer each time, while the account stays open elsewhere', async () => {
    t = await makeTestApp({ TRUST_PROXY: 1, LOGIN_MAX_FAILURES: 3, LOGIN_DELAY_SECONDS: 30, LOGIN_MAX_DELAY_MINUTES: 5 });
    await t.addStaff('canbo.test');
    const attacker = from('203.0.113.9');
    for (let i = 0; i < 3; i++) expect((await signIn('canbo.test', 'wrong', attacker)).status).toBe(401);
    const held = await signIn('canbo.test', STAFF_PASSWORD, attacker); // even the right password waits
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('30');
    expect((await held.json()).error.message.vi).toContain('09:00 ngày 02/03/2026');
    // The account's owner, from their own address, is not held.
    expect((await signIn('canbo.test', STAFF_PASSWORD, from('10.0.0.7'))).status).toBe(200);
    // Every further wrong password doubles the wait, up to the ceiling.
    const waits = [];
    for (let i = 0; i < 5; i++) {
      t.clock.now += Number((await signIn('canbo.test', 'wrong', attacker)).headers.get('retry-after') ?? 0) * 1000;
      expect((await signIn('canbo.test', 'wrong', attacker)).status).toBe(401);
      const next = await signIn('canbo.test', 'wrong', attacker);
      expect(next.status).toBe(429);
      waits.push(Number(next.headers.get('retry-after')));
    }
    expect(waits).toEqual([60, 120, 240, 300, 300]);

    const admin = await t.addUser('quantri', 'admin', null);
    const id = ((await t.query("select id from users where username = 'canbo.test'"))[0] as { id: number }).id;
    const listed = (await (await t.app.request('/api/users', { headers: { cookie: admin } })).json()) as {
      id: number;
      signInHeldUntil: string | null;
    }[];
    expect(Date.parse(listed.find((u) => u.id === id)?.signInHeldUntil ?? '')).toBeGreaterThan(t.clock.now);
    expect((await t.app.request(`/api/users/${id}/unlock`, { method: 'POST', headers: { cookie: admin } })).status).toBe(200);
    expect((await signIn('canbo.test', STAFF_PASSWORD, attacker)).status).toBe(200);
    const actions = await t.query('select action from audit_log order by id');
    expect(actions).toEqual([{ action: 'sign_in.hold' }, { action: 'account.unlock' }]);
  });

  it('answers an unknown username exactly as a known one, after the same work', async () => {
    t = await makeTestApp({ TRUST_PROXY: 1, LOGIN_MAX_FAILURES: 2 });
    await t.addStaff('canbo.test');
    const answers = async (username: string, address: string) => {
      const out = [];
      for (let i = 0; i < 3; i++) {
        const res = await signIn(username, 'wrong', from(address));
        out.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() });
      }
      return out;
    };
    const known = await answers('canbo.test', '203.0.113.1');
    expect(known.map((a) => a.status)).toEqual([401, 401, 429]);
    expect(await answers('khong.co.ai', '203.0.113.2')).toEqual(known);

    // Checking a password is the slow part: an unknown username takes as long (alternated, medians).
    const took = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 6; i++) {
      for (const [name, list] of [
        ['canbo.test', took.known],
        [`khong.co.${i}`, took.unknown],
      ] as const) {
        const start = performance.now();
        await signIn(name, 'wrong', from(`198.51.100.${i}`));
        list.push(performance.now() - start);
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1] as number;
    expect(median(took.unknown) / median(took.known)).toBeGreaterThan(0.5);
  });

  it('stores a password hashed at older parameters again at today’s when its owner signs in', async () => {
    t = await makeTestApp({ PASSWORD_COST: 15 });
    await t.addStaff('canbo.test');
    await t.exec(
      "update users set password_hash = ? where username = 'canbo.test'",
      await hashPassword(STAFF_PASSWORD, TEST_PASSWORD_COST),
    );
    const stored = async () =>
      ((await t.query("select password_hash as h from users where username = 'canbo.test'"))[0] as { h: string }).h;
    expect(await stored()).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect((await login('canbo.test', 'wrong')).status).toBe(401);
    expect(await stored()).toMatch(/^scrypt\$16384\$/);
    expect((await login('canbo.test', STAFF_PASSWORD)).status).toBe(200);
    expect(await stored()).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect((await login('canbo.test', STAFF_PASSWORD)).status).toBe(200);
  });

  it('limits sign-in attempts per address, with Retry-After', async () => {
    t = await makeTestApp({ RATE_LIMIT_LOGIN_PER_IP: 3, RATE_LIMIT_WINDOW_SECONDS: 60 });
    for (let i = 0; i < 3; i++) expect((await login('nobody', 'x')).status).toBe(401);
    const limited = await login('nobody', 'x');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    t.clock.now += 60_000;
    expect((await login('nobody', 'x')).status).toBe(401);
  });
});

describe('rate limits on rating capture', () => {
  it('holds a kiosk above its limit without storing anything, then lets it continue', async () => {
    t = await makeTestApp({ RATE_LIMIT_RATINGS_PER_DEVICE: 3, KIOSK_REPEAT_WINDOW_SECONDS: 0 });
    for (let i = 0; i < 3; i++) expect((await kioskTap(t, { level: 5 })).status).toBe(201);
    const held = await kioskTap(t, { level: 5 });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await t.count('ratings')).toBe(3);
    t.clock.now += 60_000;
    expect((await kioskTap(t, { level: 5 })).status).toBe(201);
  });

  it('limits lookups of the online rating page per address', async () => {
    t = await makeTestApp({ RATE_LIMIT_RATINGS_PER_IP: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.app.request(`/r/guess-${i}-000000000000000`)).status);
    expect(statuses).toEqual([404, 404, 429]);
    const page = await t.app.request('/r/guess-3-000000000000000');
    expect(await page.text()).toContain('Quá nhiều yêu cầu');
  });

  it('limits guesses at rating tokens per address', async () => {
    t = await makeTestApp({ RATE_LIMIT_RATINGS_PER_IP: 5 });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await postRating(t, { token: `guess-${i}`.padEnd(22, 'x'), level: 5 })).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
  });
});

describe('kiosk keys and idempotency keys', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('counts a kiosk’s own limit only on its right key, and wrong keys against the address that sent them', async () => {
    t = await makeTestApp({
      TRUST_PROXY: 1,
      RATE_LIMIT_RATINGS_PER_DEVICE: 3,
      RATE_LIMIT_FAILED_KEYS_PER_IP: 5,
      KIOSK_REPEAT_WINDOW_SECONDS: 0,
    });
    const statuses = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await kioskTap(t, { level: 1 }, { 'x-device-key': 'not-the-key', ...from('203.0.113.9') })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(await t.count('ratings')).toBe(0);
    // The kiosk itself, from its own address, is not held by any of that.
    for (let i = 0; i < 3; i++) expect((await kioskTap(t, { level: 5 }, from('10.1.2.3'))).status).toBe(201);
    expect((await kioskTap(t, { level: 5 }, from('10.1.2.3'))).status).toBe(429);
  });

  it('answers a used idempotency key like an unknown one to a caller without a valid key or link', async () => {
    t = await makeTestApp();
    const key = 'kiosk-key-used-once-0001';
    expect((await kioskTap(t, { level: 5 }, { 'idempotency-key': key })).status).toBe(201);
    const probe = async (headers: Record<string, string>) => {
      const res = await postRating(t, { deviceId: 'bd-q1', level: 1 }, headers);
      return { status: res.status, body: await res.json() };
    };
    const used = await probe({ 'idempotency-key': key, 'x-device-key': 'a-guess-at-the-kiosk-key' });
    const unknown = await probe({ 'idempotency-key': 'never-used-key-000000001', 'x-device-key': 'a-guess-at-the-kiosk-key' });
    expect(used).toEqual(unknown);
    expect(used.status).toBe(401);
    // The kiosk itself is told the key is taken.
    expect((await kioskTap(t, { level: 1 }, { 'idempotency-key': key })).status).toBe(409);
    expect(await t.count('ratings')).toBe(1);
  });
});

describe('behind a proxy', () => {
  const login = (headers: Record<string, string>) =>
    t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username: 'nobody', password: 'x' }),
    });

  it('takes the address the trusted proxy appended, whatever the client put before it', async () => {
    t = await makeTestApp({ TRUST_PROXY: 1, RATE_LIMIT_LOGIN_PER_IP: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login({ 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` })).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
    expect((await login({ 'x-forwarded-for': '203.0.113.8' })).status).toBe(401);
  });

  it('counts the hops it is told to trust', async () => {
    t = await makeTestApp({ TRUST_PROXY: 2, RATE_LIMIT_LOGIN_PER_IP: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login({ 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7, 10.0.0.${i}` })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe('headers and cross-site requests', () => {
  it('sends a strict content security policy and no referrer on every page', async () => {
    t = await makeTestApp();
    for (const path of ['/', '/kiosk/bd-q1', '/r/unknown-token-000000000', '/api/health']) {
      const res = await t.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('signs out only by a POST from our own pages', async () => {
    t = await makeTestApp();
    const cookie = await t.addStaff();
    const signedIn = async () => (await t.app.request('/api/auth/me', { headers: { cookie } })).status === 200;
    expect((await t.app.request('/api/auth/logout', { headers: { cookie } })).status).toBe(404);
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of foreign)
      expect((await t.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, ...headers } })).status).toBe(403);
    expect(await signedIn()).toBe(true);
    const own = await t.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(204);
    expect(await signedIn()).toBe(false);
  });

  it('refuses a signed-in write coming from another site, and nothing is stored', async () => {
    t = await makeTestApp();
    const cookie = await t.addStaff();
    const path = `/api/transactions/${t.dossiers[0]!.id}/rating-token`;
    const foreign = await t.app.request(path, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe('cross_site_request');
    expect(await t.count('rating_tokens')).toBe(0);
    expect((await t.app.request(path, { method: 'POST', headers: { cookie, origin: 'http://localhost' } })).status).toBe(201);
  });
});

describe('anonymous citizens', () => {
  it('keeps a follow-up phone apart from the rating, only with consent, and out of the request hash', async () => {
    t = await makeTestApp();
    const without = await kioskTap(t, { level: 2, followUp: { phone: '0912 345 678' } });
    expect(without.status).toBe(422);
    expect((await without.json()).error.fields.map((f: { field: string }) => f.field)).toEqual(['followUp.consent']);
    const res = await kioskTap(t, { level: 2, followUp: { phone: '0912 345 678', consent: true } });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(await t.query('select rating_id, phone from follow_ups')).toEqual([{ rating_id: id, phone: '0912345678' }]);
    const rating = JSON.stringify((await t.query('select * from ratings where id = ?', id))[0]);
    expect(rating).not.toContain('0912345678');
    const columns = await columnsOf(t.deps.store, 'ratings');
    expect(columns.join(' ')).not.toMatch(/phone|name|citizen|cccd|identity/);
  });
});

describe('fuzzing the other JSON endpoints', () => {
  it('sign-in and account creation never answer 5xx and store nothing on a refusal', async () => {
    t = await makeTestApp();
    const admin = await t.addUser('quantri', 'admin', null);
    const before = await t.count('users');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            { username: fc.oneof(fc.string(), fc.jsonValue()), password: fc.oneof(fc.string(), fc.jsonValue()) },
            { requiredKeys: [] },
          ),
        ),
        async (body) => {
          const res = await t.app.request('/api/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            username: fc.oneof(fc.stringMatching(/^[a-z.]{0,10}$/), fc.jsonValue()),
            displayName: fc.oneof(fc.string(), fc.jsonValue()),
            role: fc.oneof(fc.constantFrom('admin', 'leader', 'unit_staff', 'boss'), fc.jsonValue()),
            unitId: fc.oneof(fc.constantFrom(null, t.ward.id, 999), fc.jsonValue()),
            password: fc.oneof(fc.string({ maxLength: 14 }), fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const count = await t.count('users');
          const res = await t.app.request('/api/users', {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: admin },
            body: JSON.stringify(body),
          });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(await t.count('users')).toBe(count);
        },
      ),
      { numRuns: 200 },
    );
    expect(await t.count('users')).toBeGreaterThanOrEqual(before);
  });
});
