import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMITS } from '../../../api/platform/http.js';
import { DEVICE_KEY, makeTestApp, newKey, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

/** A JSON body of about `bytes` bytes: a rating whose comment is that long. */
const rating = (bytes: number) => JSON.stringify({ deviceId: 'bd-q1', level: 4, comment: 'x'.repeat(bytes) });

describe('request body limits', () => {
  it('refuses a rating body over its limit with a bilingual 413 naming the body, and stores nothing', async () => {
    const res = await t.app.request('/api/ratings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-key': DEVICE_KEY, 'idempotency-key': newKey() },
      body: rating(BODY_LIMITS.rating + 1),
    });
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error.code).toBe('payload_too_large');
    expect(error.message.vi).toContain('quá lớn');
    expect(error.fields[0].field).toBe('body');
    expect(await t.count('ratings')).toBe(0);
  });

  it('refuses a 5 MB sign-in or account body, and takes a 1 MB batch of dossiers to its own checks', async () => {
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(5 * 1024 * 1024) });
    const login = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(login.status).toBe(413);
    const cookie = await t.addStaff();
    const batch = JSON.stringify({ transactions: Array.from({ length: 4000 }, (_, i) => ({ receiptCode: `R-${i}`.padEnd(200, '0') })) });
    expect(batch.length).toBeGreaterThan(BODY_LIMITS.json);
    const res = await t.app.request('/api/transactions/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: batch,
    });
    expect(res.status).toBe(422); // read whole, then every bad record named
  });

  it('lets a rating of ordinary size through', async () => {
    const res = await t.app.request('/api/ratings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-key': DEVICE_KEY, 'idempotency-key': newKey() },
      body: rating(900),
    });
    expect(res.status).toBe(201);
  });
});
