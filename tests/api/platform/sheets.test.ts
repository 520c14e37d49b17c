import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../../api/platform/sheets.js';
import { kioskTap, makeTestApp, type TestApp } from '../../helpers/app.js';

const lines = (csv: string) =>
  csv
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');

describe('CSV downloads', () => {
  it('keeps text that a spreadsheet would run as a formula as text, and numbers as numbers', () => {
    const texts = ['=1+1', '+84 912', '-2+3', '@SUM(A1:A9)', '\tcmd', '\rcmd', 'Cán bộ nhiệt tình', 'a=b'];
    const csv = toCsv({ key: 't', name: 'T', headers: ['x', 'n'], rows: texts.map((t, i) => [t, -i - 0.5]) });
    expect(lines(csv).slice(1)).toEqual([
      "'=1+1,-0.5",
      "'+84 912,-1.5",
      "'-2+3,-2.5",
      "'@SUM(A1:A9),-3.5",
      "'\tcmd,-4.5",
      `"'\rcmd",-5.5`,
      'Cán bộ nhiệt tình,-6.5',
      'a=b,-7.5',
    ]);
  });

  describe('a citizen comment in the dashboard export', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeTestApp();
    });
    afterAll(() => t.close());

    it('comes out as text, never as a formula', async () => {
      const comment = '=HYPERLINK("http://example.invalid","Bấm vào đây")';
      expect((await kioskTap(t, { level: 2, comment })).status).toBe(201);
      const cookie = await t.addStaff();
      const res = await t.app.request(`/api/dashboard.csv?unit=${t.ward.id}&from=2026-03-01&to=2026-03-31&table=comments`, {
        headers: { cookie },
      });
      expect(res.status).toBe(200);
      const row = lines(await res.text())[1] as string;
      expect(row.endsWith(`"'=HYPERLINK(""http://example.invalid"",""Bấm vào đây"")"`)).toBe(true);
    });
  });
});
