import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { MIGRATIONS_TABLE } from '../../helpers/store.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('reports the database reachable and every migration applied', async () => {
    const res = await t.app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(body.migrations.expected).toBeGreaterThan(0);
  });

  it('reports degraded when a migration is missing', async () => {
    await t.exec(`create table saved as select * from ${MIGRATIONS_TABLE}`);
    await t.exec(`delete from ${MIGRATIONS_TABLE}`);
    try {
      const res = await t.app.request('/api/health');
      expect(res.status).toBe(503);
      expect((await res.json()).status).toBe('degraded');
    } finally {
      await t.exec(`insert into ${MIGRATIONS_TABLE} select * from saved`);
      await t.exec('drop table saved');
    }
  });

  it('answers unknown API addresses with a JSON 404', async () => {
    const res = await t.app.request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
