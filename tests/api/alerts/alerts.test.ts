import { gt } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { kioskDevices, ratings, ratingTokens, transactions, units } from '../../../api/platform/db/schema.js';
import { DAY, homeAffairsApp, kioskHistory, WEEK } from '../../helpers/alerts.js';
import { DEVICE_KEY, START } from '../../helpers/app.js';

const f = homeAffairsApp();

describe('alerts', () => {
  it('raises one alert for the ward and one for its counter when the last week fell well below the previous 90 days, once', async () => {
    const now = START;
    await f.ratings(300, 270, WEEK - 90 * DAY, WEEK); // baseline 90%
    await f.ratings(60, 36, WEEK, now); // last week 60%
    expect(await (await f.call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 2, updated: 0 });
    expect(await (await f.call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 2 });
    const list = (await (await f.call('GET', '/api/alerts')).json()) as {
      unitId: number;
      counterId: number | null;
      recentValue: number;
      recentN: number;
      baselineValue: number;
      baselineN: number;
      pValue: number;
    }[];
    expect(list).toHaveLength(2);
    expect(list.map((a) => a.counterId).sort()).toEqual([f.t.counter.id, null].sort());
    for (const a of list) expect(a).toMatchObject({ unitId: f.t.ward.id, recentValue: 60, recentN: 60, baselineValue: 90, baselineN: 300 });
    // The week is whole Hà Nội days: from midnight six days before today, to the scan.
    for (const a of list) expect(a).toMatchObject({ windowFrom: new Date(WEEK).toISOString(), windowTo: new Date(START).toISOString() });
    expect(list[0]?.pValue).toBeLessThan(0.01);
  });

  it('scans only the scope of the Home Affairs officer who asks', async () => {
    await f.ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await f.ratings(60, 36, WEEK, START);
    const other = await f.t.deps.store.db
      .insert(units)
      .values({ code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: f.t.ward.parentId, validFrom: '2025-07-01' })
      .returning()
      .get();
    const wardOfficer = await f.t.addUser('noivu.hoankiem', 'home_affairs', other.id);
    expect(await (await f.call('POST', '/api/alerts/scan', undefined, wardOfficer)).json()).toEqual({ raised: 0, updated: 0 });
    expect(await f.t.count('alerts')).toBe(0);
    expect(await (await f.call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 2, updated: 0 });
  });

  /** Ratings through links a staff member issued, at these times and levels, counted as a citizen's would be. */
  async function linkRatings(issuer: number, times: number[], level: (i: number) => number) {
    const { db } = f.t.deps.store;
    for (const [i, at] of times.entries()) {
      const dossier = await f.t.addDossier(`00004-260301-${String(5000 + links++)}`);
      const token = await db
        .insert(ratingTokens)
        .values({
          transactionId: dossier.id,
          tokenHash: `hash-${links}`,
          createdAt: new Date(at - 3_600_000),
          expiresAt: new Date(at + DAY),
          createdBy: issuer,
        })
        .returning()
        .get();
      await db
        .insert(ratings)
        .values({
          unitId: f.t.ward.id,
          transactionId: dossier.id,
          tokenId: token.id,
          channel: 'online',
          level: level(i),
          serverTime: new Date(at),
          ratedAt: new Date(at),
          idempotencyKey: `link-${links}`,
          requestHash: '',
        })
        .run();
    }
  }
  let links = 0;
  const staffId = async () => {
    await f.t.addStaff('canbo.badinh');
    return Number(((await f.t.query("select id from users where username = 'canbo.badinh'"))[0] as { id: number }).id);
  };

  it('raises an alert when a unit’s link ratings stand far above its kiosk ratings of the same days', async () => {
    const issuer = await staffId();
    await f.ratings(100, 60, WEEK, START); // kiosk: 60%
    await linkRatings(
      issuer,
      Array.from({ length: 40 }, (_, i) => WEEK + i * 3 * 3_600_000),
      () => 5,
    ); // links: 100%, spread over five days (no burst)
    const scan = (await (await f.call('POST', '/api/alerts/scan')).json()) as { raised: number };
    const list = (await (await f.call('GET', '/api/alerts')).json()) as {
      kind: string;
      recentValue: number;
      recentN: number;
      baselineValue: number;
      baselineN: number;
      pValue: number;
    }[];
    expect(list.map((a) => a.kind).sort()).toEqual(['links_above_kiosk']);
    expect(scan.raised).toBe(1);
    expect(list[0]).toMatchObject({ recentValue: 100, recentN: 40, baselineValue: 60, baselineN: 100 });
    expect(list[0]?.pValue).toBeLessThan(0.01);
  });

  it('raises an alert on a burst of top ratings on one issuer’s links, naming the issuer, and not below the count', async () => {
    const issuer = await staffId();
    await f.ratings(100, 80, WEEK, START); // kiosk: 80%
    const burst = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i * 5 * 60_000); // every 5 minutes
    await linkRatings(issuer, burst(9, WEEK + DAY), () => 5); // 9 in 40 minutes: under LINK_BURST_COUNT (10)
    await f.call('POST', '/api/alerts/scan');
    expect(((await (await f.call('GET', '/api/alerts')).json()) as { kind: string }[]).filter((a) => a.kind === 'link_burst')).toEqual([]);
    await linkRatings(issuer, burst(12, WEEK + 3 * DAY), (i) => (i === 5 ? 3 : 5)); // 11 top of 12 within 55 minutes
    await f.call('POST', '/api/alerts/scan');
    const bursts = (
      (await (await f.call('GET', '/api/alerts')).json()) as {
        kind: string;
        issuer: string;
        recentN: number;
        recentValue: number;
        pValue: number;
      }[]
    ).filter((a) => a.kind === 'link_burst');
    expect(bursts).toHaveLength(1);
    // 11 top ratings; the hour from the first holds all 12 of that span.
    expect(bursts[0]).toMatchObject({ issuer: 'canbo.badinh', recentN: 11 });
    expect(bursts[0]?.recentValue).toBeCloseTo((100 * 11) / 12, 9);
    // P(X ≥ 11 | 12, 0.8) = 12 · 0.8^11 · 0.2 + 0.8^12
    expect(bursts[0]?.pValue).toBeCloseTo(12 * 0.8 ** 11 * 0.2 + 0.8 ** 12, 9);
  });

  it('stays quiet on a bad morning of six taps and when nothing changed', async () => {
    await f.ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await f.ratings(6, 3, START - 4 * 3_600_000, START);
    expect(await (await f.call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 0 });
    await f.ratings(100, 90, WEEK, START - DAY);
    expect(await (await f.call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 0 });
  });

  it('is acknowledged by Home Affairs with a comment kept as history, and not raised again for the same week', async () => {
    await f.ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await f.ratings(60, 36, WEEK, START);
    await f.call('POST', '/api/alerts/scan');
    const [first] = (await (await f.call('GET', '/api/alerts')).json()) as { id: number }[];
    const staff = await f.t.addStaff();
    expect((await f.call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Đã nhắc quầy' }, staff)).status).toBe(403);
    const empty = await f.call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: '   ' });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe('comment');
    expect(
      (await f.call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Đã nhắc quầy 1, bố trí thêm người giờ cao điểm' })).status,
    ).toBe(200);
    expect((await f.call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Tuần sau kiểm tra lại' })).status).toBe(200);
    const all = (await (await f.call('GET', '/api/alerts?status=all')).json()) as {
      id: number;
      status: string;
      notes: { comment: string; by: string }[];
    }[];
    const acknowledged = all.find((a) => a.id === first?.id);
    expect(acknowledged?.status).toBe('acknowledged');
    expect(acknowledged?.notes.map((n) => n.comment)).toEqual(['Đã nhắc quầy 1, bố trí thêm người giờ cao điểm', 'Tuần sau kiểm tra lại']);
    expect(acknowledged?.notes[0]?.by).toBe('noivu');
    expect(await (await f.call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 1 }); // the other, still open
    const csv = await (await f.call('GET', '/api/alerts.csv?status=all')).text();
    expect(csv.split('\r\n')[0]).toBe(
      'Loại,Đơn vị,Quầy,Cán bộ cấp đường dẫn,Từ,Đến,Tỷ lệ hài lòng gần đây (%),n gần đây,Mức nền (%),n mức nền,p,Trạng thái,Ghi nhận',
    );
    expect(csv).toContain('Đã nhắc quầy 1, bố trí thêm người giờ cao điểm | noivu');
    expect((await (await f.call('GET', '/api/alerts')).json()) as unknown[]).toHaveLength(1);
  });

  describe('a kiosk gone silent', () => {
    const HOUR = 3_600_000;
    const history = (dossiers: number, taps: number, from: number, to: number) => kioskHistory(f.t, dossiers, taps, from, to);
    const silent = async () =>
      (
        (await (await f.call('GET', '/api/alerts')).json()) as {
          kind: string;
          counterId: number;
          recentN: number;
          baselineValue: number;
          pValue: number;
          windowFrom: string;
        }[]
      ).filter((a) => a.kind === 'kiosk_silent');

    beforeEach(async () => {
      await f.t.deps.store.db.delete(transactions).run(); // the fixture's two dossiers
      await f.t.deps.store.db
        .update(kioskDevices)
        .set({ createdAt: new Date(START - 60 * DAY) })
        .run();
    });

    it('raises “terminal probably down” when the counter keeps receiving and nobody taps, at the kiosk’s own rate', async () => {
      await history(100, 60, START - 30 * DAY, START - 2 * HOUR); // 60 taps for 100 dossiers, the last one 2 hours ago
      const lastTap = (await f.t.query("select max(rated_at) as at from ratings where device_id = 'bd-q1'"))[0] as { at: number };
      await history(12, 0, START - 2 * HOUR + 60_001, START); // then 12 dossiers and no tap
      await f.call('POST', '/api/alerts/scan');
      const [alert, ...more] = await silent();
      expect(more).toHaveLength(0);
      expect(alert).toMatchObject({ counterId: f.t.counter.id, recentN: 12, windowFrom: new Date(lastTap.at).toISOString() });
      expect(alert!.baselineValue).toBeCloseTo(60, 10);
      expect(alert!.pValue).toBeCloseTo(0.4 ** 12, 15);
      const page = await (await f.t.app.request('/staff/alerts?status=all', { headers: { cookie: f.ha } })).text();
      expect(page).toContain('Thiết bị đánh giá có thể đã hỏng');
    });

    it('stays quiet while the kiosk reports in, for a kiosk citizens seldom use, and for a revoked one', async () => {
      await history(100, 60, START - 30 * DAY, START - 2 * HOUR);
      await history(12, 0, START - 2 * HOUR + 60_001, START);
      f.t.clock.now = START - 10 * 60_000;
      const beat = await f.t.app.request('/api/kiosks/bd-q1/heartbeat', { method: 'POST', headers: { 'x-device-key': DEVICE_KEY } });
      expect(beat.status).toBe(204);
      f.t.clock.now = START;
      await f.call('POST', '/api/alerts/scan');
      expect(await silent()).toHaveLength(0);

      // Not heard for an hour and a half, but only 2 dossiers since: at its rate (0.4²) no surprise.
      await f.t.deps.store.db
        .update(kioskDevices)
        .set({ lastSeenAt: new Date(START - 90 * 60_000) })
        .run();
      await f.t.deps.store.db
        .delete(transactions)
        .where(gt(transactions.receivedAt, new Date(START - 90 * 60_000 + 2 * 11 * 60_000)))
        .run();
      await f.call('POST', '/api/alerts/scan');
      expect(await silent()).toHaveLength(0);

      await f.t.deps.store.db
        .update(kioskDevices)
        .set({ lastSeenAt: null, revokedAt: new Date(START - DAY) })
        .run();
      await history(12, 0, START - HOUR, START);
      await f.call('POST', '/api/alerts/scan');
      expect(await silent()).toHaveLength(0);
    });
  });
});
