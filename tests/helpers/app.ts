import { join } from 'node:path';
import { hashPassword, sha256 } from '../../api/platform/auth/secrets.js';
import type { AppDeps } from '../../api/platform/context.js';
import { bulkInserter } from '../../api/platform/db/bulk.js';
import { counters, kioskDevices, procedures, ratings, transactions, units, users } from '../../api/platform/db/schema.js';
import { type Env, loadEnv } from '../../api/platform/env.js';
import type { USER_ROLES } from '../../api/platform/vocabulary.js';
import { ensureReach } from '../../api/units/reach.js';
import { createApp } from '../../server/app.js';
import { openTestStore, query, sqlOn } from './store.js';

export const DEVICE_KEY = 'test-device-key-0123456789abcdef';
export const STAFF_PASSWORD = 'a long staff password';
export const START = Date.parse('2026-03-02T02:00:00Z'); // 09:00 in Hà Nội
/** The least scrypt cost the setting allows (2^14), so the hundreds of test sign-ins stay quick. */
export const TEST_PASSWORD_COST = 14;

/**
 * The real Hono app on a real database of its own (a SQLite file in a fresh temporary folder, or
 * a fresh PostgreSQL database with TEST_DIALECT=postgres), with a small fixture:
 * one ward with a counter and kiosk, one procedure, two dossiers and one staff account.
 * The clock is a variable the test moves, or the real one for browser tests.
 */
export async function makeTestApp(overrides: Partial<Env> = {}, options: { realClock?: boolean } = {}) {
  const opened = await openTestStore();
  const { store, dir } = opened;
  // Limits high enough (and no wait after a link is issued) that only the tests about them meet them.
  const env: Env = {
    ...loadEnv({}),
    DATABASE_PATH: join(dir, 'test.sqlite'),
    EVIDENCE_DIR: join(dir, 'evidence'),
    SEED_DEMO: 'never',
    PASSWORD_COST: TEST_PASSWORD_COST,
    RATE_LIMIT_LOGIN_PER_IP: 1_000_000,
    RATE_LIMIT_RATINGS_PER_IP: 1_000_000,
    RATE_LIMIT_RATINGS_PER_DEVICE: 1_000_000,
    RATE_LIMIT_RATINGS_PER_TOKEN: 1_000_000,
    LINK_MIN_SECONDS: 0,
    ...overrides,
  };
  const clock = { now: START };
  const deps: AppDeps = { store, env, now: options.realClock ? Date.now : () => clock.now };
  const { db } = store;

  const province = await db
    .insert(units)
    .values({ code: '01', name: 'Thành phố Hà Nội', kind: 'province', validFrom: '2008-08-01' })
    .returning()
    .get();
  const ward = await db
    .insert(units)
    .values({ code: '00004', name: 'Phường Ba Đình', kind: 'ward', parentId: province.id, validFrom: '2025-07-01' })
    .returning()
    .get();
  await ensureReach(store);
  const counter = await db.insert(counters).values({ unitId: ward.id, code: 'Q1', name: 'Quầy 1 – Tư pháp, hộ tịch' }).returning().get();
  await db
    .insert(kioskDevices)
    .values({ id: 'bd-q1', counterId: counter.id, name: 'Kiosk Quầy 1', keyHash: sha256(DEVICE_KEY), createdAt: new Date(START) })
    .run();
  const procedure = await db.insert(procedures).values({ code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch' }).returning().get();
  const dossier = (receiptCode: string) =>
    db
      .insert(transactions)
      .values({
        receiptCode,
        unitId: ward.id,
        procedureId: procedure.id,
        counterId: counter.id,
        channel: 'counter',
        receivedAt: new Date(START - 86_400_000),
        dueAt: new Date(START),
        resolvedAt: new Date(START - 3_600_000),
      })
      .returning()
      .get();
  const dossiers = [await dossier('00004-260301-0001'), await dossier('00004-260301-0002')];

  const app = createApp(deps);
  return {
    app,
    deps,
    env,
    /** A scratch folder of this app's own, removed with it. */
    dir,
    clock,
    ward,
    counter,
    dossiers,
    /** Another dossier of the ward, received the day before START. */
    addDossier: dossier,
    /** Creates an account and signs it in; returns its session cookie. */
    async addUser(username: string, role: (typeof USER_ROLES)[number], unitId: number | null) {
      await db
        .insert(users)
        .values({
          username,
          displayName: username,
          passwordHash: await hashPassword(STAFF_PASSWORD, TEST_PASSWORD_COST),
          role,
          unitId,
          createdAt: new Date(START),
        })
        .run();
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: STAFF_PASSWORD }),
      });
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      if (res.status !== 200 || !cookie) throw new Error(`login failed: ${res.status}`);
      return cookie;
    },
    /** The ward's own staff. */
    addStaff(username = 'canbo.badinh') {
      return this.addUser(username, 'unit_staff', ward.id);
    },
    /** The PostgreSQL database of this test (none on SQLite). */
    databaseUrl: opened.url,
    /** A JSON request with a session cookie. */
    call(method: string, path: string, body: unknown, cookie: string) {
      return app.request(path, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    },
    /** Stores counted kiosk ratings at the ward's counter directly: `satisfied` of `n` at level 5, the rest at 2, spread over [from, to). */
    async storeRatings(n: number, satisfied: number, from: number, to: number) {
      const insert = bulkInserter(db, ratings);
      for (let i = 0; i < n; i++) {
        const at = from + Math.floor(((i + 0.5) / n) * (to - from));
        await insert.add({
          unitId: ward.id,
          counterId: counter.id,
          channel: 'kiosk',
          level: i < satisfied ? 5 : 2,
          serverTime: new Date(at),
          ratedAt: new Date(at),
          counted: true,
          idempotencyKey: `seed-${++ratingSeq}`,
          requestHash: '',
        });
      }
      await insert.flush();
    },
    /** Row count of a table, to prove a refused request stored nothing. */
    async count(table: string): Promise<number> {
      return Number((await query<{ n: number }>(store, `select count(*) as n from "${table}"`))[0]?.n);
    },
    ...sqlOn(store),
    close: () => opened.close(),
  };
}
export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let ratingSeq = 0;

let keySeq = 0;
/** A fresh idempotency key. */
export const newKey = () => `test-key-${process.pid}-${++keySeq}-${Math.random().toString(36).slice(2)}`;

export function postRating(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request('/api/ratings', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), ...headers },
    body: JSON.stringify(body),
  });
}

export function kioskTap(t: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return postRating(t, { deviceId: 'bd-q1', ...body }, { 'x-device-key': DEVICE_KEY, ...headers });
}
