import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, STAFF_PASSWORD, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const login = (username: string, password: string) =>
  t.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

describe('accounts and sessions', () => {
  it('signs in with an http-only cookie, knows the user, and signs out', async () => {
    const cookie = await t.addStaff('canbo.test');
    const me = await t.app.request('/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'canbo.test', role: 'unit_staff', unitId: t.ward.id });

    const again = await login('canbo.test', STAFF_PASSWORD);
    const setCookie = again.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    expect((await t.app.request('/api/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(204);
    expect((await t.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('marks the cookie Secure when the site is served over HTTPS, directly or through a trusted proxy', async () => {
    await t.addStaff('canbo.test');
    const cookieOf = async (app: typeof t, headers: Record<string, string> = {}) =>
      (
        await app.app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ username: 'canbo.test', password: STAFF_PASSWORD }),
        })
      ).headers.get('set-cookie') ?? '';
    expect(await cookieOf(t)).not.toMatch(/Secure/i);
    expect(await cookieOf(t, { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/i); // no proxy is trusted
    t.close();
    t = await makeTestApp({ TRUST_PROXY: 1 });
    await t.addStaff('canbo.test');
    expect(await cookieOf(t, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/i);
    expect(await cookieOf(t, { 'x-forwarded-proto': 'http' })).not.toMatch(/Secure/i);
    t.close();
    t = await makeTestApp({ PUBLIC_BASE_URL: 'https://sipas.example.gov.vn' });
    await t.addStaff('canbo.test');
    expect(await cookieOf(t)).toMatch(/; Secure/i);
  });

  it('refuses a wrong password or unknown user with the same message', async () => {
    await t.addStaff('canbo.test');
    const wrong = await login('canbo.test', 'not the password');
    const unknown = await login('nobody', STAFF_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('stores only a scrypt hash of the password and a SHA-256 of the session id', async () => {
    const cookie = await t.addStaff('canbo.test');
    const { password_hash } = (await t.query('select password_hash from users'))[0] as { password_hash: string };
    expect(password_hash).toMatch(/^scrypt\$/);
    expect(password_hash).not.toContain(STAFF_PASSWORD);
    const sessionId = cookie.split('=')[1]!;
    const { id_hash } = (await t.query('select id_hash from sessions'))[0] as { id_hash: string };
    expect(id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(id_hash).not.toBe(sessionId);
  });

  it('ends a session when it expires', async () => {
    const cookie = await t.addStaff('canbo.test');
    t.clock.now += t.env.SESSION_TTL_HOURS * 3_600_000 + 1;
    expect((await t.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });
});
