import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMITS } from '../../../api/platform/http.js';
import { DEVICE_KEY, makeTestApp, newKey, type TestApp } from '../../helpers/app.js';
import { listen } from '../../helpers/browser.js';

let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  t = await makeTestApp();
  server = await listen(t);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

/**
 * A rating over a real socket, its body written in the pieces given: with `length`, declared in
 * Content-Length (and only the pieces sent); without, chunked. Resolves with the status and body
 * as soon as the server answers, whether or not it read what was sent.
 */
function overSocket(pieces: string[], length?: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'x-device-key': DEVICE_KEY,
      'idempotency-key': newKey(),
    };
    if (length !== undefined) headers['content-length'] = length;
    const req = request(`${server.url}/api/ratings`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.flushHeaders();
    for (const piece of pieces) req.write(piece);
    if (length === undefined) req.end();
  });
}

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

  it('refuses a body declared too large at once, before a byte of it arrives', async () => {
    const { status, body } = await overSocket([], 10 * 1024 * 1024);
    expect(status).toBe(413);
    expect(JSON.parse(body).error.fields[0]).toMatchObject({ field: 'body', code: 'too_large' });
  });

  it('counts a body sent in chunks without a declared length while reading it, and takes one of ordinary size', async () => {
    const piece = 'x'.repeat(4096);
    const before = await t.count('ratings');
    const big = await overSocket([`{"deviceId":"bd-q1","level":4,"comment":"`, piece, piece, piece, piece, piece, '"}']);
    expect(big.status).toBe(413);
    expect(await t.count('ratings')).toBe(before);
    const small = await overSocket(['{"deviceId":"bd-q1",', '"level":4}']);
    expect(small.status).toBe(201);
    expect(await t.count('ratings')).toBe(before + 1);
  });

  it('takes a body of declared length under the limit', async () => {
    const text = JSON.stringify({ deviceId: 'bd-q1', level: 5, comment: 'Nhanh chóng, tận tình' });
    const res = await overSocket([text], Buffer.byteLength(text));
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).level).toBe(5);
  });
});
