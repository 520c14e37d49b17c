import { afterEach, beforeEach } from 'vitest';
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
