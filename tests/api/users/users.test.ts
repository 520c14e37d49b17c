import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, STAFF_PASSWORD, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const login = (username: string, password = STAFF_PASSWORD) =>
  t.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
const idOf = async (username: string) => ((await t.query('select id from users where username = ?', username))[0] as { id: number }).id;

describe('accounts', () => {
  it('lets an admin move an account to another role and unit, set its password, and disable it, which ends its sessions', async () => {
    const admin = await t.addUser('quantri', 'admin', null);
    const staff = await t.addStaff();
    const id = await idOf('canbo.badinh');
    const change = (body: unknown, cookie = admin) => t.call('PATCH', `/api/users/${id}`, body, cookie);

    expect((await change({ displayName: 'Nguyễn Văn A' }, staff)).status).toBe(403);
    const moved = await change({ role: 'home_affairs', unitId: t.ward.parentId, displayName: 'Nguyễn Văn A' });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      role: 'home_affairs',
      unitId: t.ward.parentId,
      displayName: 'Nguyễn Văn A',
      disabledAt: null,
    });
    expect(((await (await t.call('GET', '/api/auth/me', undefined, staff)).json()) as { role: string }).role).toBe('home_affairs');

    const noUnit = await change({ role: 'leader', unitId: null });
    expect(noUnit.status).toBe(422);
    expect(((await noUnit.json()) as { error: { fields: { field: string }[] } }).error.fields.map((f) => f.field)).toEqual(['unitId']);

    expect((await change({ password: 'a brand new long password' })).status).toBe(200);
    expect((await t.call('GET', '/api/auth/me', undefined, staff)).status).toBe(401); // a new password ends the old sessions
    expect((await login('canbo.badinh')).status).toBe(401);
    expect((await login('canbo.badinh', 'a brand new long password')).status).toBe(200);
    const again = (await login('canbo.badinh', 'a brand new long password')).headers.get('set-cookie')?.split(';')[0] as string;

    const disabled = await change({ disabled: true });
    expect(((await disabled.json()) as { disabledAt: string | null }).disabledAt).not.toBeNull();
    expect((await t.call('GET', '/api/auth/me', undefined, again)).status).toBe(401);
    const refused = await login('canbo.badinh', 'a brand new long password');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('account_disabled');
    expect((await login('canbo.badinh', 'a wrong password here')).status).toBe(401); // a wrong password learns nothing more

    expect((await change({ disabled: false })).status).toBe(200);
    expect((await login('canbo.badinh', 'a brand new long password')).status).toBe(200);
    const audit = JSON.stringify(await t.query("select before, after from audit_log where action = 'user.update'"));
    expect(audit).toContain('passwordChanged');
    expect(audit).not.toContain('a brand new long password');
  });

  it('keeps an admin from disabling or demoting themselves', async () => {
    const admin = await t.addUser('quantri', 'admin', null);
    const id = await idOf('quantri');
    for (const body of [{ disabled: true }, { role: 'leader', unitId: t.ward.id }]) {
      const res = await t.call('PATCH', `/api/users/${id}`, body, admin);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { fields: { code: string }[] } }).error.fields[0]?.code).toBe('self');
    }
    expect((await t.query('select role, disabled_at from users where id = ?', id))[0] as object).toEqual({
      role: 'admin',
      disabled_at: null,
    });
  });
});
