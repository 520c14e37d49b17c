import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../../../api/alerts/service.js';
import { listKiosks } from '../../../api/kiosks/service.js';
import { openSqlite, type SqliteStore } from '../../../api/platform/db/sqlite.js';
import { loadEnv } from '../../../api/platform/env.js';
import { bootstrap } from '../../../api/seed/bootstrap.js';
import { clearDemoData, demoWindow, type SeedResult, seedDemo } from '../../../api/seed/generate.js';
import { DEMO_NOW } from '../../helpers/demo.js';

const TARGET = 20_000;
let dir: string;
let database: SqliteStore;
let result: SeedResult;
const all = <T>(sql: string, ...params: unknown[]) => database.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => database.sqlite.prepare(sql).get(...params) as T;

/** A digest of every generated rating (units by code, since ids continue after a reseed), to compare two runs. */
const fingerprint = () => {
  const rows = all<{ r: string }>(
    `select u.code || '@' || u.valid_from || ':' || r.level || ':' || r.rated_at || ':' || r.channel as r
     from ratings r join units u on u.id = r.unit_id order by r.id`,
  );
  return createHash('sha256')
    .update(rows.map((x) => x.r).join(','))
    .digest('hex');
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sipas-seed-'));
  database = openSqlite(join(dir, 'seed.sqlite'));
  result = await seedDemo(database, { ratings: TARGET, now: DEMO_NOW });
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

// The generator's output checked with SQLite's date functions (the SQLite pass only); on PostgreSQL
// it writes through the same store code for the dashboard and ranking tests (tests/helpers/demo.ts).
describe('demo data generator', () => {
  it('writes about the requested number of ratings and more dossiers than ratings', () => {
    expect(result.ratings).toBeGreaterThan(TARGET * 0.9);
    expect(result.ratings).toBeLessThan(TARGET * 1.1);
    expect(one<{ n: number }>('select count(*) as n from ratings').n).toBe(result.ratings);
    expect(result.transactions).toBeGreaterThan(result.ratings);
  });

  it('runs over the 18 months up to the day before it is made, with a survey each year, last year’s PAR and this year’s draft', () => {
    const days = one<{ first: string; last: string }>(
      `select min(date((rated_at / 1000) + 7 * 3600, 'unixepoch')) as first, max(date((rated_at / 1000) + 7 * 3600, 'unixepoch')) as last
       from ratings where channel = 'kiosk'`,
    );
    // DEMO_NOW is 23 November 2026 in Hà Nội; the first kiosk tap falls on the first working day.
    expect(days.last).toBe('2026-11-21'); // the 22nd is a Sunday
    expect(days.first >= '2025-05-23' && days.first <= '2025-05-26').toBe(true);
    expect(all<{ name: string }>('select name from survey_waves order by period_from').map((w) => w.name)).toEqual([
      'Khảo sát SIPAS năm 2025',
      'Khảo sát SIPAS năm 2026',
    ]);
    expect(all<{ year: number }>('select distinct year from par_assessments order by year').map((a) => a.year)).toEqual([2025, 2026]);
    expect(demoWindow('2026-11-30')).toEqual({ from: '2025-05-30', to: '2026-11-29' });
    expect(demoWindow('2026-08-31')).toEqual({ from: '2025-02-28', to: '2026-08-30' });
    expect(demoWindow('2026-01-01')).toEqual({ from: '2024-07-01', to: '2025-12-31' });
  });

  it('is reproducible from its seed', async () => {
    const first = fingerprint();
    await clearDemoData(database);
    expect(one<{ n: number }>('select count(*) as n from units').n).toBe(0);
    result = await seedDemo(database, { ratings: TARGET, now: DEMO_NOW });
    expect(fingerprint()).toBe(first);
  });

  it('keeps the 2025 history: old wards and districts end on 2025-07-01, wards merge into successors', () => {
    const trucBach = one<{ valid_to: string; successor: string; district: string }>(
      `select u.valid_to, m.name as successor, p.name as district from units u
       join units m on m.id = u.merged_into_id join units p on p.id = u.parent_id where u.name = 'Phường Trúc Bạch'`,
    );
    expect(trucBach).toEqual({ valid_to: '2025-07-01', successor: 'Phường Ba Đình', district: 'Quận Ba Đình' });
    const baDinh = one<{ valid_to: string | null; parent: string }>(
      `select u.valid_to, p.name as parent from units u join units p on p.id = u.parent_id where u.name = 'Quận Ba Đình'`,
    );
    expect(baDinh).toEqual({ valid_to: '2025-07-01', parent: 'Thành phố Hà Nội' });
    // No rating falls on a unit outside its validity (dates in Hà Nội time).
    const outside = one<{ n: number }>(
      `select count(*) as n from ratings r join units u on u.id = r.unit_id
       where date((r.rated_at / 1000) + 7 * 3600, 'unixepoch') < u.valid_from
          or (u.valid_to is not null and date((r.rated_at / 1000) + 7 * 3600, 'unixepoch') >= u.valid_to)`,
    );
    // Online and QR ratings arrive after the dossier is resolved, so a handful may follow a merger.
    expect(outside.n).toBeLessThan(result.ratings * 0.01);
  });

  it('has a clearly worse unit and plausible channels and hours', () => {
    const shares = all<{ name: string; share: number }>(
      `select u.name, avg(r.level >= 4) as share from ratings r join units u on u.id = r.unit_id
       where u.valid_to is null group by u.id order by share`,
    );
    expect(shares[0]!.name).toBe('Xã Bát Tràng');
    expect(shares[1]!.share - shares[0]!.share).toBeGreaterThan(0.05);
    const channels = all<{ channel: string; n: number }>('select channel, count(*) as n from ratings group by channel order by n desc');
    expect(channels.map((c) => c.channel)).toEqual(['kiosk', 'online', 'qr']);
    const kioskOutsideHours = one<{ n: number }>(
      `select count(*) as n from ratings where channel = 'kiosk'
       and cast(strftime('%H', (rated_at / 1000) + 7 * 3600, 'unixepoch') as integer) not between 8 and 18`,
    );
    expect(kioskOutsideHours.n).toBe(0);
  });

  it('never puts two taps of one kiosk inside the repeat window', () => {
    const close = one<{ n: number }>(
      `select count(*) as n from ratings a join ratings b on a.device_id = b.device_id and b.id > a.id
       and abs(b.rated_at - a.rated_at) < 10000 where a.device_id is not null`,
    );
    expect(close.n).toBe(0);
  });

  it('has PAR assessments in every state, by accounts no password opens, and re-seeds without duplicating them', async () => {
    const states = all<{ state: string; n: number }>('select state, count(*) as n from par_assessments group by state order by state');
    expect(states.map((s) => s.state)).toEqual(['appraised', 'draft', 'published', 'submitted']);
    expect(result.assessments).toBe(states.reduce((sum, s) => sum + s.n, 0));
    // Every appraised item that differs from the unit's own score says why.
    const unexplained = one<{ n: number }>(
      'select count(*) as n from par_items where appraised_points is not null and self_points is not null and appraised_points <> self_points and appraisal_reason is null',
    );
    expect(unexplained.n).toBe(0);
    const authors = all<{ password_hash: string; role: string }>('select password_hash, role from users where username like ?', 'demo.%');
    expect(authors.length).toBeGreaterThan(1);
    expect(authors.every((a) => !a.password_hash.startsWith('scrypt$'))).toBe(true);
    await clearDemoData(database);
    await seedDemo(database, { ratings: 2_000, now: DEMO_NOW });
    expect(all('select id from users where username like ?', 'demo.%').length).toBe(authors.length);
  });
});

// What `npm start` does on a first run (the default 200,000 ratings): a new user meets a real alert
// and one silent kiosk, raised by the scan itself from the records, not written in.
describe('first run of the app', () => {
  let store: SqliteStore;
  let firstRun: string;
  beforeAll(async () => {
    firstRun = mkdtempSync(join(tmpdir(), 'sipas-first-run-'));
    store = openSqlite(join(firstRun, 'app.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(firstRun, { recursive: true, force: true });
  });

  it('shows a real drop in satisfaction and a kiosk that stopped while its counter kept serving', async () => {
    const lines: string[] = [];
    const deps = { store, env: { ...loadEnv({}), SEED_DEMO: 'auto' as const, PASSWORD_COST: 10 }, now: () => DEMO_NOW };
    await bootstrap(deps, (line) => lines.push(line));
    expect(lines.join('\n')).toMatch(/Demo data: 43 units, .* alerts/);
    const open = await listAlerts(deps, { all: true }, 'open');
    const drop = open.find((a) => a.kind === 'drop' && a.unit === 'Phường Hồng Hà' && a.counterId === null);
    expect(drop?.recentValue).toBeLessThan((drop?.baselineValue as number) - 10);
    expect(drop?.pValue).toBeLessThan(1e-6);
    const stopped = open.filter((a) => a.kind === 'kiosk_silent');
    expect(stopped.map((a) => `${a.unit} ${a.counter}`)).toEqual(['Phường Cửa Nam Quầy 2 – Hộ tịch']);
    // No other unit's satisfaction has fallen.
    expect(open.filter((a) => a.kind === 'drop' && a.unit !== 'Phường Hồng Hà')).toEqual([]);
    const silent = (await listKiosks(deps, { all: true })).filter((k) => k.silent);
    expect(silent.map((k) => k.id)).toEqual(['p-cuanam-q2']);
  }, 120_000);
});
