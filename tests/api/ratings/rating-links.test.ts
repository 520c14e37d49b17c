import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let staff: string;
beforeEach(async () => {
  t = await makeTestApp();
  staff = await t.addStaff();
});
afterEach(() => t.close());

const issue = (receiptCodes: unknown, cookie = staff) =>
  t.app.request('/api/rating-links', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ receiptCodes }),
  });

describe('rating links by receipt code', () => {
  it('issues a link with its QR code for each receipt code, once each', async () => {
    const res = await issue([' 00004-260301-0001', '00004-260301-0002', '00004-260301-0001']);
    expect(res.status).toBe(201);
    const { links } = (await res.json()) as { links: { receiptCode: string; transactionId: number; url: string; qr: string }[] };
    expect(links.map((l) => [l.receiptCode, l.transactionId])).toEqual([
      ['00004-260301-0001', t.dossiers[0]!.id],
      ['00004-260301-0002', t.dossiers[1]!.id],
    ]);
    for (const l of links) {
      expect(l.url).toMatch(/^http:\/\/localhost\/r\/[\w-]{22}$/);
      expect(l.qr).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    }
    expect(await t.count('rating_tokens')).toBe(2);
    const audit = await t.query("select action from audit_log where action = 'rating_token.issue'");
    expect(audit).toHaveLength(2);
  });

  it('names every code that is no dossier of the caller’s units, unknown or outside, and issues none', async () => {
    const other = await t.deps.store.db
      .insert(units)
      .values({ code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: t.ward.parentId, validFrom: '2025-07-01' })
      .returning()
      .get();
    const outsider = await t.addUser('canbo.hoankiem', 'unit_staff', other.id);
    const res = await issue(['00004-260301-0001', 'KHONG-CO'], outsider);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.fields.map((f: { field: string }) => f.field)).toEqual(['receiptCodes.0', 'receiptCodes.1']);
    expect(body.error.fields[0].message.vi).toBe('Không có hồ sơ 00004-260301-0001 của đơn vị bạn');
    expect(await t.count('rating_tokens')).toBe(0);
    expect((await issue([])).status).toBe(422);
    expect((await issue(Array.from({ length: 51 }, (_, i) => `X-${i}`))).status).toBe(422);
  });
});
