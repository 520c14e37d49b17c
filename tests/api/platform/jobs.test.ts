import { afterEach, describe, expect, it } from 'vitest';
import { holdLease } from '../../../api/platform/jobs.js';
import { hitAll, RateLimiter } from '../../../api/platform/rate-limit.js';
import { openTestStore, type TestStore } from '../../helpers/store.js';

let opened: TestStore | undefined;
afterEach(async () => {
  await opened?.close();
});

describe('leases on background jobs', () => {
  it('gives a job to one holder, who keeps it by renewing, and to another only once it has expired', async () => {
    opened = await openTestStore();
    const clock = { now: 1_000_000 };
    const deps = { store: opened.store, now: () => clock.now };
    expect(await holdLease(deps, 'webhooks', 'máy-1/101', 3_000)).toBe(true);
    expect(await holdLease(deps, 'webhooks', 'máy-2/202', 3_000)).toBe(false);
    expect(await holdLease(deps, 'alert-scan', 'máy-2/202', 3_000)).toBe(true); // another job is free
    clock.now += 2_000;
    expect(await holdLease(deps, 'webhooks', 'máy-1/101', 3_000)).toBe(true); // renewed to 6,000 ms on
    clock.now += 2_999;
    expect(await holdLease(deps, 'webhooks', 'máy-2/202', 3_000)).toBe(false);
    clock.now += 1;
    expect(await holdLease(deps, 'webhooks', 'máy-2/202', 3_000)).toBe(true);
    expect(await holdLease(deps, 'webhooks', 'máy-1/101', 3_000)).toBe(false);
  });
});

describe('shared rate limits', () => {
  it('counts each key in its fixed window, answers the longest wait of those over, and starts again after the window', async () => {
    opened = await openTestStore();
    const clock = { now: 5_000_000 };
    const deps = { store: opened.store, now: () => clock.now };
    const perIp = new RateLimiter(deps, 'ip', 2, 60_000);
    const perKiosk = new RateLimiter(deps, 'kiosk', 3, 10_000);
    const both = () =>
      hitAll(deps, [
        [perIp, '10.0.0.1'],
        [perKiosk, 'bd-q1'],
      ]);
    expect(await both()).toBeNull();
    expect(await both()).toBeNull();
    clock.now += 4_000;
    expect(await both()).toBe(56); // the address is over (56 s left); the kiosk at its limit
    expect(await both()).toBe(56); // both over: the longer wait
    expect(await perIp.hit('10.0.0.2')).toBeNull(); // another address, its own window
    clock.now += 6_000;
    expect(await perKiosk.hit('bd-q1')).toBeNull(); // the kiosk's window ended
    clock.now += 50_000;
    expect(await perIp.hit('10.0.0.1')).toBeNull();
    await opened.store.limits.sweep(clock.now + 60_000);
    expect(await perIp.hit('10.0.0.1')).toBeNull(); // swept: a fresh window
    expect(await perIp.hit('10.0.0.1')).toBeNull();
    expect(await perIp.hit('10.0.0.1')).toBe(60);
  });

  it('counts requests that arrive together as if one after another, in the order they came', async () => {
    opened = await openTestStore();
    const clock = { now: 9_000_000 };
    const deps = { store: opened.store, now: () => clock.now };
    const perIp = new RateLimiter(deps, 'ip', 3, 60_000);
    const perKiosk = new RateLimiter(deps, 'kiosk', 4, 60_000);
    // Ten requests at once from one address, from two kiosks in turn: the address is over from the
    // fourth, each kiosk never (five each, over four only at its fifth: the ninth and tenth).
    const waits = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        hitAll(deps, [
          [perIp, '10.0.0.9'],
          [perKiosk, `kiosk-${i % 2}`],
        ]),
      ),
    );
    expect(waits.map((wait) => wait !== null)).toEqual([false, false, false, true, true, true, true, true, true, true]);
    const counts = await Promise.all(Array.from({ length: 5 }, () => opened?.store.limits.hit([{ key: 'k', windowMs: 1_000 }], clock.now)));
    expect(counts.map((c) => c?.[0]?.count)).toEqual([1, 2, 3, 4, 5]);
    clock.now += 1_000;
    const later = await Promise.all(Array.from({ length: 3 }, () => opened?.store.limits.hit([{ key: 'k', windowMs: 1_000 }], clock.now)));
    expect(later.map((c) => ({ started: c?.[0]?.started, count: c?.[0]?.count }))).toEqual(
      [1, 2, 3].map((count) => ({ started: clock.now, count })),
    );
  });
});
