import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_KEY, makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const TABLES = ['ratings', 'rating_reasons', 'rating_answers', 'rating_tokens'];
const snapshot = async () => (await Promise.all(TABLES.map((name) => t.count(name)))).join(',');

function send(body: string, headers: Record<string, string>) {
  return t.app.request('/api/ratings', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

interface ErrorBody {
  error: {
    code: string;
    message: { vi: string; en: string };
    fields?: { field: string; code: string; message: { vi: string; en: string } }[];
  };
}

describe('bad rating input', () => {
  const headers = { 'idempotency-key': 'valid-key-123456', 'x-device-key': DEVICE_KEY };
  const cases: [string, unknown, string[]][] = [
    ['level out of range', { deviceId: 'bd-q1', level: 6 }, ['level']],
    ['level not whole', { deviceId: 'bd-q1', level: 4.5 }, ['level']],
    ['level missing', { deviceId: 'bd-q1' }, ['level']],
    ['neither device nor token', { level: 3 }, ['deviceId', 'token']],
    ['both device and token', { deviceId: 'bd-q1', token: 'a'.repeat(22), level: 3 }, ['deviceId', 'token']],
    ['unknown reason', { deviceId: 'bd-q1', level: 1, reasons: ['rude'] }, ['reasons.0']],
    ['repeated reason', { deviceId: 'bd-q1', level: 1, reasons: ['late', 'late'] }, ['reasons']],
    ['comment too long', { deviceId: 'bd-q1', level: 1, comment: 'x'.repeat(1001) }, ['comment']],
    ['bad client time', { deviceId: 'bd-q1', level: 5, clientTime: 'yesterday' }, ['clientTime']],
    ['channel with a kiosk', { deviceId: 'bd-q1', level: 5, channel: 'qr' }, ['channel']],
    [
      'criterion answered twice',
      {
        deviceId: 'bd-q1',
        level: 5,
        answers: [
          { criterion: 'a', level: 4 },
          { criterion: 'a', level: 5 },
        ],
      },
      ['answers'],
    ],
    [
      'bad criterion answer',
      { deviceId: 'bd-q1', level: 5, answers: [{ criterion: 'có dấu', level: 0 }] },
      ['answers.0.criterion', 'answers.0.level'],
    ],
    ['unknown field and wrong types', { deviceId: 7, level: '5', levle: 3 }, ['deviceId', 'level', 'levle']],
    ['not an object', [1, 2, 3], ['(body)']],
  ];
  it.each(cases)('%s: 422 naming each bad field, nothing stored', async (_name, body, fields) => {
    const before = await snapshot();
    const res = await send(JSON.stringify(body), headers);
    expect(res.status).toBe(422);
    const json = (await res.json()) as ErrorBody;
    expect(json.error.code).toBe('validation_failed');
    expect(json.error.fields?.map((f) => f.field).sort()).toEqual([...fields].sort());
    for (const f of json.error.fields ?? []) {
      expect(f.message.vi.length).toBeGreaterThan(0);
      expect(f.message.en.length).toBeGreaterThan(0);
      expect(f.message.vi).not.toBe(f.message.en);
    }
    expect(await snapshot()).toBe(before);
  });

  it('names a missing or malformed Idempotency-Key', async () => {
    for (const key of [undefined, 'short', 'has spaces in it']) {
      const res = await send(JSON.stringify({ deviceId: 'bd-q1', level: 5 }), key === undefined ? {} : { 'idempotency-key': key });
      expect(res.status).toBe(422);
      const json = (await res.json()) as ErrorBody;
      expect(json.error.fields?.[0]).toMatchObject({ field: 'idempotency-key', code: key === undefined ? 'required' : 'invalid_format' });
    }
  });

  it('answers malformed JSON and a wrong content type with a JSON error', async () => {
    const malformed = await send('{"level": 5', headers);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).error.code).toBe('malformed_body');
    const text = await t.app.request('/api/ratings', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'level=5',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ErrorBody).error.message.vi).toContain('JSON');
  });
});

describe('fuzzing POST /api/ratings', () => {
  const key = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/), fc.stringMatching(/^[\x21-\x7e]{0,30}$/));
  // Mostly well-typed values with a fair share of anything-JSON, so both stored and refused requests occur.
  const field = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: fc.jsonValue(), weight: 1 });
  const optional = {
    token: field(fc.string({ minLength: 0, maxLength: 40 })),
    channel: field(fc.constantFrom('online', 'qr', 'kiosk')),
    reasons: field(fc.uniqueArray(fc.constantFrom('long_wait', 'late', 'other', 'bogus'), { maxLength: 3 })),
    comment: field(fc.string({ maxLength: 1100 })),
    answers: field(
      fc.array(fc.record({ criterion: fc.stringMatching(/^[a-z0-9.]{0,42}$/), level: fc.integer({ min: 0, max: 6 }) }), { maxLength: 3 }),
    ),
    clientTime: field(
      fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2030-01-01') }).map((d) => d.toISOString()),
    ),
  };
  const kioskLike = fc
    .tuple(
      fc.record({ deviceId: field(fc.constantFrom('bd-q1', 'bd-q1', 'other')), level: field(fc.integer({ min: 0, max: 6 })) }),
      fc.record(optional, { requiredKeys: [] }),
      fc.boolean(),
    )
    .map(([base, extra, withExtra]) => (withExtra ? { ...base, ...extra } : base));

  it('never answers 5xx, and a refused request stores nothing', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { arbitrary: kioskLike.map((b) => JSON.stringify(b)), weight: 6 },
          { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 1 },
          { arbitrary: fc.string(), weight: 1 },
        ),
        key,
        fc.constantFrom(DEVICE_KEY, DEVICE_KEY, 'wrong-key', ''),
        async (body, idempotencyKey, deviceKey) => {
          const before = await t.count('ratings');
          const tables = await snapshot();
          const res = await send(body, { 'idempotency-key': idempotencyKey, ...(deviceKey ? { 'x-device-key': deviceKey } : {}) });
          seen.add(res.status);
          expect(res.status).toBeLessThan(500);
          expect(res.headers.get('content-type')).toContain('application/json');
          if (res.status >= 400) expect(await snapshot()).toBe(tables);
          else expect((await t.count('ratings')) - before).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
    expect([...seen]).toEqual(expect.arrayContaining([201, 400, 401, 422]));
  });
});
