import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

describe('the units page', () => {
  it('shows the scope as a tree with its history and counters, and the procedure catalogue', async () => {
    await t.deps.store.db
      .insert(units)
      .values({
        code: '00007',
        name: 'Phường Trúc Bạch',
        kind: 'ward',
        parentId: t.ward.parentId,
        validFrom: '2008-08-01',
        validTo: '2025-07-01',
        mergedIntoId: t.ward.id,
      })
      .run();
    const ha = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
    const html = await (await t.app.request('/staff/units', { headers: { cookie: ha } })).text();
    const tree = html.slice(html.indexOf('id="unit-tree"'), html.indexOf('id="procedures"'));
    // The province holds both wards, the current one first; the old one says when it ended and where it went.
    expect(tree.indexOf('Thành phố Hà Nội')).toBeLessThan(tree.indexOf('Phường Ba Đình'));
    expect(tree.indexOf('Phường Ba Đình')).toBeLessThan(tree.indexOf('Phường Trúc Bạch'));
    expect(tree).toContain('đến 01/07/2025 · sáp nhập vào Phường Ba Đình');
    expect(tree).toContain('Quầy: Q1');
    expect(html.slice(html.indexOf('id="procedures"'))).toContain('Đăng ký khai sinh');

    const staff = await t.addStaff();
    const own = await (await t.app.request('/staff/units', { headers: { cookie: staff } })).text();
    expect(own).toContain('Phường Ba Đình');
    expect(own.slice(own.indexOf('id="unit-tree"'), own.indexOf('id="procedures"'))).not.toContain('Thành phố Hà Nội');
  });
});
