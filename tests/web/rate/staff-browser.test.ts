import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, postRating, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('a rating link opened in a staff browser', () => {
  it('shows neither the dossier nor whether it was rated, signed in or signed out', async () => {
    const cookie = await t.addStaff();
    const issue = async (dossier: number) =>
      (
        (await (await t.app.request(`/api/transactions/${dossier}/rating-token`, { method: 'POST', headers: { cookie } })).json()) as {
          token: string;
        }
      ).token;
    const [rated, open] = [await issue(t.dossiers[0]!.id), await issue(t.dossiers[1]!.id)];
    expect((await postRating(t, { token: rated, level: 5 })).status).toBe(201);
    for (const browser of [cookie, 'staff_device=a-browser-staff-once-used'])
      for (const token of [rated, open]) {
        const page = await t.app.request(`/r/${token}`, { headers: { cookie: browser } });
        expect(page.status).toBe(403);
        const html = await page.text();
        expect(html).toContain('Đường dẫn đánh giá dành cho người dân');
        expect(html).not.toMatch(/00004-260301-000[12]/);
        expect(html).not.toContain('đã được đánh giá');
      }
    // A citizen's phone sees the link as it is.
    expect(await (await t.app.request(`/r/${rated}`)).text()).toContain('đã được đánh giá');
    expect(await (await t.app.request(`/r/${open}`)).text()).toContain('00004-260301-0002');
  });
});
