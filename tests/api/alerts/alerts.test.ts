import { describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { DAY, homeAffairsApp, WEEK } from '../../helpers/alerts.js';
import { START } from '../../helpers/app.js';

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
      'Đơn vị,Quầy,Từ,Đến,Tỷ lệ hài lòng gần đây (%),n gần đây,Mức nền (%),n mức nền,p,Trạng thái,Ghi nhận',
    );
    expect(csv).toContain('Đã nhắc quầy 1, bố trí thêm người giờ cao điểm | noivu');
    expect((await (await f.call('GET', '/api/alerts')).json()) as unknown[]).toHaveLength(1);
  });
});
