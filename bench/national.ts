/**
 * `npm run bench`, part 6: the country on PostgreSQL (issue 20). 34 provinces and 3,321 commune-level
 * units (communes, wards, special zones) under one national unit, BENCH_NATIONAL_RATINGS ratings and
 * BENCH_NATIONAL_DOSSIERS dossiers over 2025 (10 million each by default: a 2-core, 24 GiB machine),
 * loaded in bulk through the statement-level triggers that keep the rollups in service. Then, server
 * time through the real Hono app on the PostgreSQL store, each the median of 5 after three warm-ups: the
 * national ranking of every commune-level unit, a province's dashboard, the national dashboard and
 * the PDF of a province's communes. The server is BENCH_DATABASE_URL's or a throwaway one from npm.
 */
import pg from 'pg';
import { openPostgres } from '../api/platform/db/postgres.js';
import type { Store } from '../api/platform/db/store.js';
import { loadEnv } from '../api/platform/env.js';
import { REASON_CODES } from '../api/platform/vocabulary.js';
import { ensureReach } from '../api/units/reach.js';
import { createApp } from '../server/app.js';
import { benchDatabase } from './postgres.js';
import { record } from './results.js';
import { benchSession } from './session.js';

const RATINGS = Number(process.env.BENCH_NATIONAL_RATINGS ?? 10_000_000);
const DOSSIERS = Number(process.env.BENCH_NATIONAL_DOSSIERS ?? 10_000_000);
const PROVINCES = 34;
const COMMUNES = 3_321;
const CHUNK = 500_000;
const DAY = 86_400_000;
const YEAR = Date.parse('2024-12-31T17:00:00Z'); // 1 January 2025, 00:00 in Hà Nội
const FIRST_COMMUNE = PROVINCES + 2;
const mb = (bytes: number) => bytes / 2 ** 20;

const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)] as number;

/** Communes per province: uneven as the merged provinces are (Hà Nội 126, the smallest near 50). */
function communesPerProvince(): number[] {
  const weights = Array.from({ length: PROVINCES }, (_, p) => 50 + ((p * 37) % 80));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((COMMUNES * w) / total));
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < COMMUNES; k++) counts[k % PROVINCES] = (counts[k % PROVINCES] as number) + 1;
  return counts;
}

async function load(client: pg.Client, store: Store) {
  const perProvince = communesPerProvince();
  await client.query(
    `insert into units (id, code, name, kind, valid_from) values (1, 'VN', 'Bộ Nội vụ (cả nước)', 'ministry', '2025-07-01')`,
  );
  const values: string[] = [];
  for (let p = 0; p < PROVINCES; p++) values.push(`(${p + 2}, 'P${p + 1}', 'Tỉnh số ${p + 1}', 'province', 1)`);
  let id = FIRST_COMMUNE;
  perProvince.forEach((count, p) => {
    for (let k = 0; k < count; k++, id++) {
      // 13 special zones, about a fifth wards, the rest communes (2,621 / 687 / 13 in the country).
      const kind = id % 255 === 7 ? 'special_zone' : id % 5 === 0 ? 'ward' : 'commune';
      const name = { special_zone: 'Đặc khu', ward: 'Phường', commune: 'Xã' }[kind];
      values.push(`(${id}, 'C${id}', '${name} số ${id}', '${kind}', ${p + 2})`);
    }
  });
  await client.query(
    `insert into units (id, code, name, kind, parent_id, valid_from) select v.*, '2025-07-01' from (values ${values.join(',')}) v`,
  );
  await client.query(`select setval('units_id_seq', ${id})`);
  await client.query(
    `insert into counters (id, unit_id, code, name) select 2 * u + k, u, 'Q' || (k + 1), 'Quầy ' || (k + 1) from generate_series(${FIRST_COMMUNE}, ${id - 1}) u, generate_series(0, 1) k`,
  );
  await client.query(`insert into procedures (id, code, name, field) values (1, '1.001193', 'Đăng ký khai sinh', 'Hộ tịch')`);
  // The tree before the records, as in service: the load then keeps the rows below each unit too.
  await ensureReach(store);
  await client.query('select setseed(0.2020)');

  const time = (started: number, rows: number) => {
    const s = (performance.now() - started) / 1000;
    return `${s.toFixed(0)} s, ${Math.round(rows / s).toLocaleString('en')} rows/s`;
  };
  // A commune's quality (0–1) shifts its levels, so the ranking has something to find.
  const unit = `(${FIRST_COMMUNE} + floor(random() * ${COMMUNES}))::bigint`;
  const officeTime = (i: string, total: number) =>
    `${YEAR} + floor(${i}::float8 * 365 / ${total})::bigint * ${DAY} + 5400000 + floor(random() * 34200000)::bigint`;
  let started = performance.now();
  for (let from = 0; from < RATINGS; from += CHUNK) {
    const to = Math.min(RATINGS, from + CHUNK) - 1;
    await client.query(`
      insert into ratings (unit_id, counter_id, channel, level, comment, server_time, rated_at, counted, idempotency_key, request_hash)
      select u, case when i % 3 = 1 then null else 2 * u + i % 2 end, (array['kiosk', 'online', 'qr'])[1 + i % 3],
        case when r < t then 1 when r < t + 0.025 then 2 when r < t + 0.085 then 3 when r < t + 0.415 then 4 else 5 end,
        case when random() < 0.03 then 'Góp ý số ' || i end, at, at, true, 'n' || i, ''
      from (
        select i, u, random() as r, 0.005 + 0.06 * ((u * 7919) % 101) / 100.0 as t, ${officeTime('i', RATINGS)} as at
        from (select i, ${unit} as u from generate_series(${from}, ${to}) i) s
      ) g`);
  }
  console.log(`   load ${RATINGS.toLocaleString('en')} ratings (setup, not a target): ${time(started, RATINGS)} with the rollup triggers`);
  started = performance.now();
  const reasons = `array[${REASON_CODES.map((r) => `'${r}'`).join(',')}]`;
  for (let from = 1; from <= RATINGS; from += CHUNK) {
    await client.query(
      `insert into rating_reasons (rating_id, reason) select id, (${reasons})[1 + id % ${REASON_CODES.length}] from ratings where level <= 3 and id between ${from} and ${from + CHUNK - 1}`,
    );
  }
  console.log(`   reasons of the ratings at levels 1–3: ${time(started, RATINGS)}`);
  started = performance.now();
  for (let from = 0; from < DOSSIERS; from += CHUNK) {
    const to = Math.min(DOSSIERS, from + CHUNK) - 1;
    await client.query(`
      insert into transactions (receipt_code, unit_id, procedure_id, counter_id, channel, received_at, due_at, resolved_at, digitised)
      select 'H' || i, u, 1, 2 * u + i % 2, case when random() < 0.45 then 'online' else 'counter' end, at, due,
        case when at > ${YEAR + 358 * DAY} and random() < 0.6 then null
             when random() < 0.95 then at + floor(random() * (due - at))::bigint + 1
             else due + floor(random() * ${5 * DAY})::bigint + 1 end,
        random() < 0.7
      from (
        select i, u, at, at + (1 + floor(random() * 15))::bigint * ${DAY} as due
        from (select i, ${unit} as u, ${officeTime('i', DOSSIERS)} as at from generate_series(${from}, ${to}) i) s
      ) g`);
  }
  console.log(`   load ${DOSSIERS.toLocaleString('en')} dossiers: ${time(started, DOSSIERS)}`);
  started = performance.now();
  await client.query('vacuum analyze');
  console.log(`   vacuum analyze: ${time(started, RATINGS + DOSSIERS)}`);
  return perProvince;
}

console.log(
  `6. The country on PostgreSQL: ${PROVINCES} provinces, ${COMMUNES.toLocaleString('en')} commune-level units, ${RATINGS.toLocaleString('en')} ratings, ${DOSSIERS.toLocaleString('en')} dossiers over 2025`,
);
// BENCH_NATIONAL_URL: time a database an earlier run loaded and kept (BENCH_NATIONAL_KEEP=1 with BENCH_DATABASE_URL).
const reused = process.env.BENCH_NATIONAL_URL;
const database = reused
  ? { url: reused, server: 'BENCH_NATIONAL_URL, loaded before', drop: async () => {} }
  : await benchDatabase('national');
console.log(`   server: ${database.server}`);
const client = new pg.Client({ connectionString: database.url });
try {
  const store = await openPostgres(database.url);
  await client.connect();
  const perProvince = reused ? communesPerProvince() : await load(client, store);
  // A database loaded before the rows below each unit were kept gets them now, as `npm start` would.
  const syncing = performance.now();
  if (await ensureReach(store)) {
    console.log(
      `   rows below each unit written from the rollups (as at start-up after migration 0023): ${((performance.now() - syncing) / 1000).toFixed(0)} s`,
    );
  }
  const size = async (tables: string[]) =>
    Number((await client.query(`select ${tables.map((t) => `pg_total_relation_size('${t}')`).join(' + ')} as n`)).rows[0].n);
  const count = async (tables: string[]) =>
    Number((await client.query(`select ${tables.map((t) => `(select count(*) from ${t})`).join(' + ')} as n`)).rows[0].n);
  const ratingRollups = [
    'rating_counts',
    'rating_hour_counts',
    'rating_reason_counts',
    'rating_counts_below',
    'rating_hour_counts_below',
    'rating_reason_counts_below',
  ];
  const dossierRollups = ['transaction_counts', 'transaction_counts_below'];
  const perMillion = (x: number, rows: number) => x / (rows / 1e6);
  const rollupRows = { ratings: await count(ratingRollups), dossiers: await count(dossierRollups) };
  const bytes = {
    ratings: await size(['ratings', 'rating_reasons']),
    ratingRollups: await size(ratingRollups),
    dossiers: await size(['transactions']),
    dossierRollups: await size(dossierRollups),
    all: Number((await client.query('select pg_database_size(current_database()) as n')).rows[0].n),
  };
  console.log(
    `   per million ratings: ${mb(perMillion(bytes.ratings, RATINGS)).toFixed(0)} MB of rows and indexes, ${Math.round(perMillion(rollupRows.ratings, RATINGS)).toLocaleString('en')} rollup rows (${mb(perMillion(bytes.ratingRollups, RATINGS)).toFixed(1)} MB)`,
  );
  console.log(
    `   per million dossiers: ${mb(perMillion(bytes.dossiers, DOSSIERS)).toFixed(0)} MB of rows and indexes, ${Math.round(perMillion(rollupRows.dossiers, DOSSIERS)).toLocaleString('en')} rollup rows (${mb(perMillion(bytes.dossierRollups, DOSSIERS)).toFixed(1)} MB)`,
  );
  console.log(`   database ${(bytes.all / 2 ** 30).toFixed(1)} GiB in all\n`);

  const env = loadEnv({ DATABASE_URL: database.url, SEED_DEMO: 'never' });
  const deps = { store, env, now: Date.now };
  await client.query("delete from sessions; delete from users where username = 'bench'"); // a database loaded before
  const app = createApp(deps);
  const cookie = await benchSession(deps, app, 'admin', null);
  const largest = 2 + perProvince.indexOf(Math.max(...perProvince));
  const dates = 'from=2025-01-01&to=2025-12-31';
  const timed = async (label: string, path: string, runs: number, target: number) => {
    const get = async () => {
      const started = performance.now();
      const res = await app.request(path, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      const size = (await res.arrayBuffer()).byteLength;
      return { ms: performance.now() - started, size };
    };
    // The first request reads from disk what later ones find in memory: shown, not the figure.
    const { size, ms: first } = await get();
    for (let k = 0; k < 2; k++) await get();
    const times: number[] = [];
    for (let k = 0; k < runs; k++) times.push((await get()).ms);
    const ms = median(times);
    console.log(
      `   ${label.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms (target < ${target.toLocaleString('en')} ms: ${(ms / target).toFixed(2)}× it; first request ${first.toFixed(0)} ms), ${Math.round(size / 1024).toLocaleString('en')} KiB`,
    );
    return { value: ms, target, direction: 'below' as const, unit: 'ms' };
  };
  console.log('   Server time through the Hono app, median of 5 after three warm-ups:');
  const communes = perProvince[largest - 2];
  const figures = {
    'national.rankingMs': await timed(
      `ranking of all ${COMMUNES.toLocaleString('en')} commune-level units`,
      `/api/rankings?definition=tap-rating&parent=1&kind=commune_level&${dates}`,
      5,
      500,
    ),
    'national.provinceDashboardMs': await timed(
      `dashboard of a province (${communes} communes)`,
      `/api/dashboard?unit=${largest}&${dates}`,
      5,
      200,
    ),
    'national.dashboardMs': await timed('national dashboard', `/api/dashboard?unit=1&${dates}`, 5, 300),
    'national.provincePdfMs': await timed(
      `PDF of a province's ${communes} communes`,
      `/api/reports/units.pdf?definition=tap-rating&unit=${largest}&${dates}`,
      3,
      10_000,
    ),
  };
  await timed(
    '  the ranking page (HTML) of the same',
    `/staff/ranking?definition=tap-rating&parent=1&kind=commune_level&${dates}`,
    3,
    1_000,
  );
  await timed('  the dashboard page (HTML) of the province', `/staff/dashboard?unit=${largest}&${dates}`, 3, 200);
  record(figures);
  await store.close();
} finally {
  await client.end();
  if (process.env.BENCH_NATIONAL_KEEP === '1') console.log(`   kept: BENCH_NATIONAL_URL=${database.url}`);
  else await database.drop();
}
