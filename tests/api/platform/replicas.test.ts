import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres, type PostgresStore } from '../../../api/platform/db/postgres.js';
import { createApp } from '../../../server/app.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { onPostgres } from '../../helpers/store.js';

let t: TestApp | undefined;
let spare: PostgresStore | undefined;
afterEach(async () => {
  await spare?.close();
  await t?.close();
});

const standby = process.env.TEST_DATABASE_READ_URL;
const spareUrl = process.env.TEST_STANDBY_SPARE_URL;
const sparePid = Number(process.env.TEST_STANDBY_SPARE_PID);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const replicasOf = (store: unknown) => (store as PostgresStore).replicas;

/** Waits for the poll to find the standby up (it has the test's new database once it has replayed its creation). */
async function standbyUp(store: PostgresStore) {
  for (let waited = 0; !store.replicas?.stats.every((s) => s.up) && waited < 20_000; waited += 100) await sleep(100);
  expect(store.replicas?.stats.every((s) => s.up)).toBe(true);
}

const ward = (code: string, parentId: number) => ({ code, name: `Phường ${code}`, kind: 'ward', parentId, validFrom: '2025-07-01' });

describe.skipIf(!onPostgres || !standby)('reads on hot standbys (DATABASE_READ_URLS)', () => {
  it('answers GETs from the standby, and a session’s reads right after its own write see it, on any API process', async () => {
    t = await makeTestApp();
    const store = t.deps.store as PostgresStore;
    const admin = await t.addUser('admin2', 'admin', null);
    await standbyUp(store);
    const before = replicasOf(store)?.stats[0]?.reads ?? 0;
    const list = await t.call('GET', '/api/units', null, admin);
    expect(list.status).toBe(200);
    expect(replicasOf(store)?.stats[0]?.reads).toBeGreaterThan(before);

    // Write, then read at once: every one of twenty new wards is listed by the next GET.
    for (let i = 0; i < 20; i++) {
      const created = await t.call('POST', '/api/units', ward(`9${String(i).padStart(4, '0')}`, t.ward.parentId as number), admin);
      expect(created.status).toBe(201);
      const codes = ((await (await t.call('GET', '/api/units', null, admin)).json()) as { code: string }[]).map((u) => u.code);
      expect(codes).toContain(`9${String(i).padStart(4, '0')}`);
    }

    // Another API process knows nothing of this one's writes: the cookie the write set carries
    // the position its reads must see.
    const other = await openPostgres(t.databaseUrl as string, {
      max: 2,
      readUrls: [Object.assign(new URL(standby as string), { pathname: new URL(t.databaseUrl as string).pathname }).toString()],
    });
    try {
      const app = createApp({ ...t.deps, store: other });
      await standbyUp(other);
      const created = await t.call('POST', '/api/units', ward('99999', t.ward.parentId as number), admin);
      const wrote = created.headers.get('set-cookie')?.match(/wrote=([0-9A-F]+%2F[0-9A-F]+|[0-9A-F]+\/[0-9A-F]+)/)?.[0];
      expect(wrote).toBeDefined();
      const res = await app.request('/api/units', { headers: { cookie: `${admin}; ${decodeURIComponent(wrote as string)}` } });
      expect(((await res.json()) as { code: string }[]).map((u) => u.code)).toContain('99999');
      // A position no standby has reached sends the reads to the primary.
      const served = replicasOf(other)?.stats[0]?.reads;
      expect((await app.request('/api/units', { headers: { cookie: `${admin}; wrote=FFFFFFFF/0` } })).status).toBe(200);
      expect(replicasOf(other)?.stats[0]?.reads).toBe(served);
      await app.request('/api/units', { headers: { cookie: admin } });
      expect(replicasOf(other)?.stats[0]?.reads).toBeGreaterThan(served as number);
    } finally {
      await other.close();
    }
  });

  it.skipIf(!spareUrl || !sparePid)('still answers every request when the standby stops mid-run', async () => {
    t = await makeTestApp();
    const admin = await t.addUser('admin2', 'admin', null);
    spare = await openPostgres(t.databaseUrl as string, {
      max: 2,
      readUrls: [Object.assign(new URL(spareUrl as string), { pathname: new URL(t.databaseUrl as string).pathname }).toString()],
    });
    await standbyUp(spare);
    const app = createApp({ ...t.deps, store: spare });
    const get = (path: string) => app.request(path, { headers: { cookie: admin } });
    const paths = ['/api/units', '/api/auth/me', '/staff/dashboard', '/staff/ranking'];
    const statuses: number[] = [];
    for (const path of paths) statuses.push((await get(path)).status);
    expect(replicasOf(spare)?.stats[0]?.reads).toBeGreaterThan(0);

    // Requests keep coming while the standby is stopped (fast shutdown: its connections are cut).
    let stopping = true;
    const during = (async () => {
      const seen: number[] = [];
      while (stopping) for (const path of paths) seen.push((await get(path)).status);
      return seen;
    })();
    await sleep(200);
    process.kill(sparePid, 'SIGINT');
    for (let waited = 0; replicasOf(spare)?.stats[0]?.up && waited < 10_000; waited += 100) await sleep(100);
    await sleep(500);
    stopping = false;
    const seen = await during;
    expect(replicasOf(spare)?.stats[0]?.up).toBe(false);
    for (const path of paths) statuses.push((await get(path)).status);
    expect(new Set([...statuses, ...seen])).toEqual(new Set([200]));
    expect(seen.length).toBeGreaterThan(paths.length);
  });
});
