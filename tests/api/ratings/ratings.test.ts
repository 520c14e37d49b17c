import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../../api/platform/auth/secrets.js';
import { groupCommit } from '../../../api/platform/db/group-commit.js';
import { DEVICE_KEY, kioskTap, makeTestApp, newKey, postRating, START, type TestApp } from '../../helpers/app.js';
import { onPostgres } from '../../helpers/store.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 10 });
});
afterEach(() => t.close());

async function issueToken(cookie: string, dossierId: number) {
  const res = await t.app.request(`/api/transactions/${dossierId}/rating-token`, { method: 'POST', headers: { cookie } });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; url: string; expiresAt: string };
}

describe('kiosk ratings', () => {
  it('stores a tap from an authorised device under its counter and unit', async () => {
    const res = await kioskTap(t, { level: 5 });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ unitId: t.ward.id, channel: 'kiosk', level: 5, counted: true, ratedAt: new Date(START).toISOString() });
    const row = (await t.query('select unit_id, counter_id, device_id, level from ratings'))[0];
    expect(row).toEqual({ unit_id: t.ward.id, counter_id: t.counter.id, device_id: 'bd-q1', level: 5 });
  });

  it('returns the first result for a retry with the same idempotency key and stores nothing twice', async () => {
    const key = newKey();
    const first = await kioskTap(t, { level: 4 }, { 'idempotency-key': key });
    t.clock.now += 60_000;
    const retry = await kioskTap(t, { level: 4 }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect(await t.count('ratings')).toBe(1);
  });

  it('refuses an idempotency key reused for a different rating', async () => {
    const key = newKey();
    await kioskTap(t, { level: 4 }, { 'idempotency-key': key });
    const other = await kioskTap(t, { level: 1 }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
    expect(await t.count('ratings')).toBe(1);
  });

  it('refuses a wrong or missing device key and stores nothing', async () => {
    for (const headers of [{ 'x-device-key': 'wrong' }, { 'x-device-key': '' }]) {
      const res = await postRating(t, { deviceId: 'bd-q1', level: 5 }, headers);
      expect([401, 422]).toContain(res.status);
    }
    expect((await postRating(t, { deviceId: 'no-such-kiosk', level: 5 }, { 'x-device-key': DEVICE_KEY })).status).toBe(401);
    expect((await postRating(t, { deviceId: 'bd-q1', level: 5 })).status).toBe(401);
    expect(await t.count('ratings')).toBe(0);
  });

  it('counts repeated taps inside the window once, and counts again after it', async () => {
    expect((await (await kioskTap(t, { level: 5 })).json()).counted).toBe(true);
    t.clock.now += 3_000;
    expect((await (await kioskTap(t, { level: 5 })).json()).counted).toBe(false);
    t.clock.now += 3_000;
    expect((await (await kioskTap(t, { level: 1 })).json()).counted).toBe(false);
    t.clock.now += 11_000;
    expect((await (await kioskTap(t, { level: 4 })).json()).counted).toBe(true);
    expect(await t.count('ratings')).toBe(4);

    const cookie = await t.addStaff();
    const summary = await (await t.app.request(`/api/units/${t.ward.id}/ratings/summary`, { headers: { cookie } })).json();
    expect(summary.total).toBe(2);
    expect(summary.notCounted).toBe(2);
    expect(summary.levels).toEqual({ '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 });
  });

  it('counts one of the taps a kiosk sends together inside the window, written in one batch', async () => {
    const batchesBefore = groupCommit(t.deps.store).stats.batches;
    const taps = await Promise.all([5, 5, 4, 5].map((level) => kioskTap(t, { level })));
    const bodies = await Promise.all(taps.map((r) => r.json()));
    expect(taps.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(bodies.map((b) => b.counted)).toEqual([true, false, false, false]);
    // SQLite's one lane takes the four in one batch; PostgreSQL's lane is found by a lookup first.
    if (t.deps.store.dialect === 'sqlite') expect(groupCommit(t.deps.store).stats.batches - batchesBefore).toBe(1);
    const stored = await t.query<{ id: number; level: number; counted: number | boolean }>(
      'select id, level, counted from ratings order by id',
    );
    const answered = bodies.map((b) => [b.id, b.level, b.counted]).sort((a, b) => a[0] - b[0]);
    expect(stored.map((r) => [r.id, r.level, Boolean(r.counted)])).toEqual(answered);
    t.clock.now += 11_000;
    expect((await (await kioskTap(t, { level: 3 })).json()).counted).toBe(true);
  });

  it('judges the window by tap time, so taps queued offline and sent together all count', async () => {
    t.clock.now = START + 10 * 60_000;
    const tapped = [START, START + 60_000, START + 120_000].map((ms) => new Date(ms).toISOString());
    for (const clientTime of tapped) {
      const res = await kioskTap(t, { level: 4, clientTime });
      expect((await res.json()).counted).toBe(true);
    }
    const rows = (await t.query('select rated_at from ratings order by id')) as { rated_at: number }[];
    expect(rows.map((r) => new Date(r.rated_at).toISOString())).toEqual(tapped);
  });

  it('uses the server time when the device clock is implausible', async () => {
    const future = new Date(START + 3_600_000).toISOString();
    const ancient = '2001-01-01T00:00:00Z';
    for (const clientTime of [future, ancient]) {
      t.clock.now += 60_000;
      const body = await (await kioskTap(t, { level: 3, clientTime })).json();
      expect(body.ratedAt).toBe(new Date(t.clock.now).toISOString());
    }
  });

  it('stores reasons, per-criterion answers and an NFC-normalised comment', async () => {
    const decomposed = 'Phải chờ lâu'.normalize('NFD');
    const res = await kioskTap(t, {
      level: 2,
      reasons: ['long_wait', 'unclear_guidance'],
      answers: [
        { criterion: 'sipas.3.1', level: 2 },
        { criterion: 'sipas.3.2', level: 3 },
      ],
      comment: `  ${decomposed}  `,
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(await t.query('select reason from rating_reasons where rating_id = ? order by reason', id)).toEqual([
      { reason: 'long_wait' },
      { reason: 'unclear_guidance' },
    ]);
    expect(await t.query('select criterion, level from rating_answers where rating_id = ? order by criterion', id)).toEqual([
      { criterion: 'sipas.3.1', level: 2 },
      { criterion: 'sipas.3.2', level: 3 },
    ]);
    const [row] = await t.query<{ comment: string }>('select comment from ratings where id = ?', id);
    const comment = row?.comment;
    expect(comment).toBe('Phải chờ lâu'.normalize('NFC'));
    expect(comment).not.toBe(decomposed.trim());
  });
});

describe('one-time rating tokens', () => {
  it('issues a token to staff only, and the citizen rates the dossier once', async () => {
    const [dossier] = t.dossiers;
    expect((await t.app.request(`/api/transactions/${dossier!.id}/rating-token`, { method: 'POST' })).status).toBe(401);

    const cookie = await t.addStaff();
    const { token, url } = await issueToken(cookie, dossier!.id);
    expect(token.length).toBeGreaterThanOrEqual(22); // 128 random bits
    expect(url).toBe(`http://localhost/r/${token}`);
    const stored = (await t.query('select token_hash from rating_tokens'))[0] as { token_hash: string };
    expect(stored.token_hash).not.toContain(token);

    const key = newKey();
    const first = await postRating(t, { token, level: 4, channel: 'qr' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ channel: 'qr', level: 4, unitId: t.ward.id });
    const row = (await t.query('select transaction_id, counter_id from ratings'))[0];
    expect(row).toEqual({ transaction_id: dossier!.id, counter_id: t.counter.id });

    const again = await postRating(t, { token, level: 1 });
    expect(again.status).toBe(409);
    const error = (await again.json()).error;
    expect(error.code).toBe('already_rated');
    expect(error.message.vi).toContain('đã được đánh giá');
    expect(error.message.en).toContain('already been rated');

    const retry = await postRating(t, { token, level: 4, channel: 'qr' }, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(await t.count('ratings')).toBe(1);

    // Issuing again looks the same as for a dossier nobody rated: staff cannot tell which ones were;
    // the second link only takes no rating.
    const again2 = await t.app.request(`/api/transactions/${dossier!.id}/rating-token`, { method: 'POST', headers: { cookie } });
    const fresh = await t.app.request(`/api/transactions/${t.dossiers[1]!.id}/rating-token`, { method: 'POST', headers: { cookie } });
    expect(again2.status).toBe(fresh.status);
    expect(Object.keys(await again2.json()).sort()).toEqual(Object.keys(await fresh.json()).sort());
    expect(await t.count('ratings')).toBe(1);
  });

  it('refuses a second token of the same dossier once the first was used', async () => {
    const cookie = await t.addStaff();
    const a = await issueToken(cookie, t.dossiers[1]!.id);
    const b = await issueToken(cookie, t.dossiers[1]!.id);
    expect((await postRating(t, { token: a.token, level: 5 })).status).toBe(201);
    expect((await postRating(t, { token: b.token, level: 5 })).status).toBe(409);
    expect(await t.count('ratings')).toBe(1);
  });

  it('answers 404 for an unknown token and 410 for an expired one', async () => {
    expect((await postRating(t, { token: 'x'.repeat(22), level: 5 })).status).toBe(404);
    const cookie = await t.addStaff();
    const { token } = await issueToken(cookie, t.dossiers[0]!.id);
    t.clock.now += t.env.RATING_TOKEN_TTL_HOURS * 3_600_000 + 1;
    const res = await postRating(t, { token, level: 5 });
    expect(res.status).toBe(410);
    expect((await res.json()).error.code).toBe('token_expired');
    expect(await t.count('ratings')).toBe(0);
  });

  it('answers 404 for an unknown dossier and gives the QR code as SVG', async () => {
    const cookie = await t.addStaff();
    expect((await t.app.request('/api/transactions/999/rating-token', { method: 'POST', headers: { cookie } })).status).toBe(404);
    const svg = await t.app.request(`/api/transactions/${t.dossiers[0]!.id}/rating-token?format=svg`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(svg.status).toBe(201);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg[^>]*>.*<path/s);
  });
});

describe('group commit', () => {
  it('commits ratings that arrive together in one batch, each refused or replayed on its own', async () => {
    const t = await makeTestApp({ KIOSK_REPEAT_WINDOW_SECONDS: 0 });
    try {
      const shared = newKey();
      const responses = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => kioskTap(t, { level: 1 + (i % 5) })),
        kioskTap(t, { level: 3 }, { 'x-device-key': 'a wrong key of enough length' }),
        kioskTap(t, { level: 4 }, { 'idempotency-key': shared }),
        kioskTap(t, { level: 4 }, { 'idempotency-key': shared }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([...Array.from({ length: 20 }, () => 201), 401, 201, 201]);
      // Sent at once, either of the two may be the first (on PostgreSQL each looks up its lane first).
      expect(
        responses
          .slice(21)
          .map((r) => r.headers.get('idempotent-replayed'))
          .sort(),
      ).toEqual([null, 'true']);
      expect(await t.count('ratings')).toBe(21); // the refused tap stored nothing, the replay nothing more
      const ids = await Promise.all(responses.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as { id: number }).id));
      expect(new Set(ids).size).toBe(21);
      // All 23 ran through the queue (the refused one rolled back inside its batch), in fewer commits.
      const { batches, writes } = groupCommit(t.deps.store).stats;
      expect(writes).toBe(23);
      expect(batches).toBeLessThan(writes);
    } finally {
      await t.close();
    }
  });

  it.runIf(onPostgres)('writes a batch of kiosk taps on PostgreSQL in four round trips, whatever its size', async () => {
    const send = pg.Client.prototype.query;
    const open = new Set<pg.Client>();
    const statements: string[] = [];
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text: string };
      const text = typeof config === 'string' ? config : config.text;
      if (text.startsWith('begin')) open.add(this);
      if (open.has(this)) statements.push(text.replace(/\s+/g, ' ').slice(0, 36));
      // With standbys the commit asks for the position it reached in the same round trip.
      if (/^(commit|rollback)\b/.test(text)) open.delete(this);
      return (send as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
    try {
      const before = groupCommit(t.deps.store).stats.batches;
      for (const size of [20, 3]) {
        const answers = await Promise.all(
          Array.from({ length: size }, (_, i) => kioskTap(t, { level: 1 + (i % 5), clientTime: undefined })),
        );
        expect(answers.map((r) => r.status)).toEqual(Array.from({ length: size }, () => 201));
      }
      const batches = groupCommit(t.deps.store).stats.batches - before;
      expect(batches).toBeLessThan(23);
      // Each batch: BEGIN with its claims, the taps' lookups, the ratings' insert, COMMIT.
      expect(statements.map((text) => text.slice(0, 6))).toEqual(
        Array.from({ length: batches }, () => ['begin;', 'select', 'insert', 'commit']).flat(),
      );
      expect(new Set(statements.filter((_, i) => i % 4 < 3))).toEqual(
        new Set(['begin; select pg_advisory_xact_lock(', 'select d.id as device_id, d.key_hash', 'insert into ratings ("unit_id", "cou']),
      );
    } finally {
      spy.mockRestore();
    }
  });

  // On PostgreSQL the ward's and its neighbour's ratings go to different lanes, written side by
  // side: what one lane takes, the other learns from the unique index, and must still answer well.
  it('refuses one idempotency key sent at once from kiosks of two units', async () => {
    await t.exec(
      "insert into units (code, name, kind, parent_id, valid_from) values ('00008', 'Phường Ngọc Hà', 'ward', ?, '2025-07-01')",
      t.ward.parentId,
    );
    const [neighbour] = await t.query<{ id: number }>("select id from units where code = '00008'");
    await t.exec("insert into counters (unit_id, code, name) values (?, 'Q1', 'Quầy 1')", neighbour?.id);
    const [counter] = await t.query<{ id: number }>('select id from counters where unit_id = ?', neighbour?.id);
    await t.exec(
      "insert into kiosk_devices (id, counter_id, name, key_hash, created_at) values ('nh-q1', ?, 'Kiosk', ?, ?)",
      counter?.id,
      sha256(DEVICE_KEY),
      START,
    );
    // Ten keys, each from both kiosks at once, fifty times over: on PostgreSQL pairs meet inside the
    // database, the two lanes taking the same keys in different orders (a deadlock PostgreSQL
    // breaks by rolling one back; that write is tried again after its batch, never answered 500).
    const rounds = 50;
    for (let round = 0; round < rounds; round++) {
      const keys = Array.from({ length: 10 }, () => newKey());
      const answers = await Promise.all(
        keys.flatMap((key, i) => [
          kioskTap(t, { level: 5 }, { 'idempotency-key': key }),
          kioskTap(t, { deviceId: 'nh-q1', level: 2 }, { 'idempotency-key': keys[(i + 5) % keys.length] as string }),
        ]),
      );
      // Key i went from the ward's kiosk as answer 2i and from the neighbour's as answer 2j + 1, i = j + 5.
      for (const [i, key] of keys.entries()) {
        const pair = [answers[2 * i], answers[2 * ((i + 5) % keys.length) + 1]] as Response[];
        expect(pair.map((r) => r.status).sort(), `round ${round}, key ${key}`).toEqual([201, 409]);
      }
      const refused = answers.filter((r) => r.status === 409);
      for (const r of refused) expect((await r.json()).error.code).toBe('idempotency_key_reused');
    }
    expect(await t.count('ratings')).toBe(10 * rounds);
  }, 120_000);

  it('refuses the second of two rating links of one dossier used at once', async () => {
    const cookie = await t.addStaff();
    const links = [await issueToken(cookie, t.dossiers[0]!.id), await issueToken(cookie, t.dossiers[0]!.id)];
    const answers = await Promise.all(links.map(({ token }) => postRating(t, { token, level: 4 })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = answers.find((r) => r.status === 409) as Response;
    expect((await refused.json()).error.code).toBe('already_rated');
    expect(await t.count('ratings')).toBe(1);
  });
});
