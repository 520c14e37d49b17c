import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vnDate, vnDayStart } from '../../../api/platform/time.js';
import { makeTestApp, START, type TestApp } from '../../helpers/app.js';

const DAY = 86_400_000;
/** Where the scan's week starts: 00:00 in Hà Nội six days before START's day (so today and six before). */
const WEEK = vnDayStart(vnDate(START)) - 6 * DAY;
let t: TestApp;
let ha: string;
beforeEach(async () => {
  t = await makeTestApp();
  ha = await t.addUser('noivu', 'home_affairs', t.ward.parentId);
});
afterEach(() => t.close());

const ratings = (n: number, satisfied: number, from: number, to: number) => t.storeRatings(n, satisfied, from, to);
const call = (method: string, path: string, body?: unknown, cookie = ha) => t.call(method, path, body, cookie);

describe('alerts', () => {
  it('raises one alert for the ward and one for its counter when the last week fell well below the previous 90 days, once', async () => {
    const now = START;
    await ratings(300, 270, WEEK - 90 * DAY, WEEK); // baseline 90%
    await ratings(60, 36, WEEK, now); // last week 60%
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 2, updated: 0 });
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 2 });
    const list = (await (await call('GET', '/api/alerts')).json()) as {
      unitId: number;
      counterId: number | null;
      recentValue: number;
      recentN: number;
      baselineValue: number;
      baselineN: number;
      pValue: number;
    }[];
    expect(list).toHaveLength(2);
    expect(list.map((a) => a.counterId).sort()).toEqual([t.counter.id, null].sort());
    for (const a of list) expect(a).toMatchObject({ unitId: t.ward.id, recentValue: 60, recentN: 60, baselineValue: 90, baselineN: 300 });
    // The week is whole Hà Nội days: from midnight six days before today, to the scan.
    for (const a of list) expect(a).toMatchObject({ windowFrom: new Date(WEEK).toISOString(), windowTo: new Date(START).toISOString() });
    expect(list[0]?.pValue).toBeLessThan(0.01);
  });

  it('stays quiet on a bad morning of six taps and when nothing changed', async () => {
    await ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await ratings(6, 3, START - 4 * 3_600_000, START);
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 0 });
    await ratings(100, 90, WEEK, START - DAY);
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 0 });
  });

  it('is acknowledged by Home Affairs with a comment kept as history, and not raised again for the same week', async () => {
    await ratings(300, 270, WEEK - 90 * DAY, WEEK);
    await ratings(60, 36, WEEK, START);
    await call('POST', '/api/alerts/scan');
    const [first] = (await (await call('GET', '/api/alerts')).json()) as { id: number }[];
    const staff = await t.addStaff();
    expect((await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Đã nhắc quầy' }, staff)).status).toBe(403);
    const empty = await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: '   ' });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe('comment');
    expect(
      (await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Đã nhắc quầy 1, bố trí thêm người giờ cao điểm' })).status,
    ).toBe(200);
    expect((await call('POST', `/api/alerts/${first?.id}/acknowledge`, { comment: 'Tuần sau kiểm tra lại' })).status).toBe(200);
    const all = (await (await call('GET', '/api/alerts?status=all')).json()) as {
      id: number;
      status: string;
      notes: { comment: string; by: string }[];
    }[];
    const acknowledged = all.find((a) => a.id === first?.id);
    expect(acknowledged?.status).toBe('acknowledged');
    expect(acknowledged?.notes.map((n) => n.comment)).toEqual(['Đã nhắc quầy 1, bố trí thêm người giờ cao điểm', 'Tuần sau kiểm tra lại']);
    expect(acknowledged?.notes[0]?.by).toBe('noivu');
    expect(await (await call('POST', '/api/alerts/scan')).json()).toEqual({ raised: 0, updated: 1 }); // the other, still open
    const csv = await (await call('GET', '/api/alerts.csv?status=all')).text();
    expect(csv.split('\r\n')[0]).toBe(
      'Đơn vị,Quầy,Từ,Đến,Tỷ lệ hài lòng gần đây (%),n gần đây,Mức nền (%),n mức nền,p,Trạng thái,Ghi nhận',
    );
    expect(csv).toContain('Đã nhắc quầy 1, bố trí thêm người giờ cao điểm | noivu');
    expect((await (await call('GET', '/api/alerts')).json()) as unknown[]).toHaveLength(1);
  });
});
