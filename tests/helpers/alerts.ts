import { afterEach, beforeEach } from 'vitest';
import { ratings, transactions } from '../../api/platform/db/schema.js';
import { vnDate, vnDayStart } from '../../api/platform/time.js';
import { makeTestApp, START, type TestApp } from './app.js';

export const DAY = 86_400_000;
/** Where the scan's week starts: 00:00 in Hà Nội six days before START's day (so today and six before). */
export const WEEK = vnDayStart(vnDate(START)) - 6 * DAY;

/** A fresh test app for each test, with a Home Affairs officer (`ha`) over the ward's parent. */
export function homeAffairsApp() {
  const fixture = {} as {
    t: TestApp;
    ha: string;
    /** Stores `satisfied` of `n` ratings at level 5 and the rest at 2, spread over [from, to). */
    ratings: (n: number, satisfied: number, from: number, to: number) => Promise<void>;
    /** A JSON request, by Home Affairs unless another cookie is given. */
    call: (method: string, path: string, body?: unknown, cookie?: string) => Promise<Response>;
  };
  beforeEach(async () => {
    const t = await makeTestApp();
    const ha = await t.addUser('noivu', 'home_affairs', t.ward.parentId);
    Object.assign(fixture, {
      t,
      ha,
      ratings: (n: number, satisfied: number, from: number, to: number) => t.storeRatings(n, satisfied, from, to),
      call: (method: string, path: string, body?: unknown, cookie = ha) => t.call(method, path, body, cookie),
    });
  });
  afterEach(() => fixture.t.close());
  return fixture;
}

/**
 * A kiosk's history at the fixture's counter: `dossiers` in-person dossiers spread over [from, to)
 * and `taps` of them rated at its kiosk (bd-q1), spread evenly, the last dossier tapped.
 */
export async function kioskHistory(t: TestApp, dossiers: number, taps: number, from: number, to: number) {
  const { db } = t.deps.store;
  const procedureId = t.dossiers[0]!.procedureId;
  for (let i = 0; i < dossiers; i++) {
    const at = from + Math.floor(((i + 0.5) / dossiers) * (to - from));
    await db
      .insert(transactions)
      .values({
        receiptCode: `00004-silent-${from}-${i}`,
        unitId: t.ward.id,
        procedureId,
        counterId: t.counter.id,
        channel: 'counter',
        receivedAt: new Date(at),
        dueAt: new Date(at + DAY),
      })
      .run();
    if (Math.floor(((i + 1) * taps) / dossiers) > Math.floor((i * taps) / dossiers))
      await db
        .insert(ratings)
        .values({
          unitId: t.ward.id,
          counterId: t.counter.id,
          deviceId: 'bd-q1',
          channel: 'kiosk',
          level: 4,
          serverTime: new Date(at + 60_000),
          ratedAt: new Date(at + 60_000),
          counted: true,
          idempotencyKey: `silent-${from}-${i}`,
          requestHash: '',
        })
        .run();
  }
}
