/**
 * `npm run bench`, part 4: rating ingest through the full stack (validation, device key,
 * idempotency, repeat guard, durable group commit) against a bare Hono handler, both under the
 * same load: autocannon, 50 connections, 10 s, loopback. Then every acknowledged rating is
 * looked for in the database. Then the full stack a second time on a fresh PostgreSQL database
 * (BENCH_DATABASE_URL's server, or a throwaway one from npm), and the ratios into bench/results.json.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { benchDatabase } from './postgres.js';
import { record } from './results.js';

const DURATION = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const KEY = 'bench-device-key-0123456789abcdef';
/** The load comes from this many kiosks, as a province's counters would send it. */
const KIOSKS = 100;
/** A steady load well above a province's peak (the national peak hour is a few hundred a second). */
const RATE = Number(process.env.BENCH_INGEST_RATE ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'sipas-ingest-'));
const file = join(dir, 'ingest.sqlite');

function start(mode: 'bare' | 'validated' | 'full', database = file): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL('./ingest-server.ts', import.meta.url), [mode, database, KEY, String(KIOSKS)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => child.stdout?.once('data', (d: Buffer) => resolve({ child, port: JSON.parse(d.toString()).port })));
}

let seq = 0; // idempotency keys unique across every load of the run
async function load(port: number, rate?: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/ratings`,
    connections: 50,
    duration: DURATION,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: { 'content-type': 'application/json', 'x-device-key': KEY, 'idempotency-key': `bench-${process.pid}-${++seq}` },
          body: JSON.stringify({ deviceId: `bench-${seq % KIOSKS}`, level: 1 + (seq % 5) }),
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    other: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  };
}

type Cpu = NodeJS.CpuUsage;
const micros = (cpu: Cpu) => cpu.user + cpu.system;
const askStats = (child: ChildProcess) =>
  new Promise<{ batches?: number; writes?: number; queries?: number; cpu: Cpu }>(
    (resolve) => child.once('message', (m) => resolve(m as never)) && child.send('stats'),
  );

/** A load, with the CPU time the server and this process (the load generator) spent per request. */
async function measured(server: { child: ChildProcess; port: number }) {
  const before = await askStats(server.child);
  const own = process.cpuUsage();
  const result = await load(server.port);
  const client = process.cpuUsage(own);
  const after = await askStats(server.child);
  const per = (us: number) => us / Math.max(1, result.total);
  return {
    ...result,
    serverUs: per(micros(after.cpu) - micros(before.cpu)),
    clientUs: per(micros(client)),
    batches: after.batches ?? 0,
    writes: after.writes ?? 0,
    queries: (after.queries ?? 0) - (before.queries ?? 0),
  };
}

const stop = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve) && child.kill('SIGTERM'));

/** The same full-stack load on a fresh PostgreSQL database (dropped afterwards), and at a steady rate. */
async function onPostgres(ceiling: number) {
  const database = await benchDatabase('ingest');
  try {
    const full = await start('full', database.url);
    const ingest = await measured(full);
    const paced = await load(full.port, RATE);
    await stop(full.child);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const stored = Number((await client.query('select count(*) as n from ratings')).rows[0].n);
    await client.end();
    const acknowledged = ingest.ok + paced.ok;
    console.log(
      `   on PostgreSQL (${database.server}): ${ingest.rps.toFixed(0).padStart(6)} req/s, p99 ${ingest.p99} ms, ${((100 * ingest.rps) / ceiling).toFixed(0)}% of the ceiling; ${(ingest.writes / Math.max(1, ingest.batches)).toFixed(1)} ratings per commit, ${(ingest.queries / Math.max(1, ingest.ok)).toFixed(1)} round trips per rating`,
    );
    console.log(
      `   on PostgreSQL at a steady ${RATE} req/s offered: p50 ${paced.p50} ms, p99 ${paced.p99} ms (target ≤ 50 ms); acknowledged ${acknowledged}, stored ${stored}${stored >= acknowledged ? '' : ' LOST RATINGS'}`,
    );
    return { ...ingest, pacedP99: paced.p99 };
  } finally {
    await database.drop();
  }
}

console.log(`4. Rating ingest, 50 connections, ${DURATION} s, loopback (server in its own process)`);
try {
  const bare = await start('bare');
  const ceiling = await measured(bare);
  await stop(bare.child);
  const validatedServer = await start('validated');
  const validated = await measured(validatedServer);
  await stop(validatedServer.child);
  const full = await start('full');
  const ingest = await measured(full);
  const paced = await load(full.port, RATE);
  const { batches = 0, writes = 0 } = await askStats(full.child);
  await stop(full.child);
  const stored = (new Database(file, { readonly: true }).prepare('select count(*) as n from ratings').get() as { n: number }).n;
  console.log(`   bare Hono 201:   ${ceiling.rps.toFixed(0).padStart(6)} req/s, p99 ${ceiling.p99} ms`);
  console.log(
    `   full ingest:     ${ingest.rps.toFixed(0).padStart(6)} req/s, p99 ${ingest.p99} ms, ${((100 * ingest.rps) / ceiling.rps).toFixed(0)}% of the ceiling (target ≥ 90%, p99 ≤ 15 ms)`,
  );
  console.log(
    `   at a steady ${RATE} req/s offered: p50 ${paced.p50} ms, p99 ${paced.p99} ms (${paced.ok} acknowledged, ${paced.other} refused/errors)`,
  );
  console.log(
    `   acknowledged ${ingest.ok + paced.ok}, stored ${stored} (${stored >= ingest.ok + paced.ok ? 'every acknowledged rating is committed' : 'LOST RATINGS'}), refused/errors ${ingest.other + paced.other}`,
  );
  console.log(`   group commit: ${batches} batches for ${writes} writes, ${(writes / Math.max(1, batches)).toFixed(1)} ratings per fsync`);
  // Server and load generator share this machine's cores: the CPU each spends per request bounds
  // what any server doing the full work could reach here, whatever its design.
  const cores = availableParallelism();
  const bound = (cores * 1e6) / (ingest.serverUs + ingest.clientUs);
  console.log(
    `   CPU per request: server ${ceiling.serverUs.toFixed(0)} µs bare, ${validated.serverUs.toFixed(0)} µs with the route's validation alone (${(validated.serverUs / ceiling.serverUs).toFixed(1)}×), ${ingest.serverUs.toFixed(0)} µs full; load generator ${ceiling.clientUs.toFixed(0)} / ${ingest.clientUs.toFixed(0)} µs`,
  );
  console.log(
    `   so on ${cores} cores the full stack tops out near ${bound.toFixed(0)} req/s, ${((100 * bound) / ceiling.rps).toFixed(0)}% of the bare figure`,
  );
  const postgres = await onPostgres(ceiling.rps);
  console.log(
    `   PostgreSQL against SQLite in this run: ${((100 * postgres.rps) / ingest.rps).toFixed(0)}% of the rate (target ≥ 50%); full against bare CPU per request: ${(ingest.serverUs / ceiling.serverUs).toFixed(1)}× (target ≤ 2.5×)`,
  );
  record({
    'ingest.serverCpuRatio': { value: ingest.serverUs / ceiling.serverUs, target: 2.5, direction: 'below', unit: '×' },
    'ingest.postgresToSqlite': { value: postgres.rps / ingest.rps, target: 0.5, direction: 'above', unit: '×' },
    'ingest.postgresPacedP99Ms': { value: postgres.pacedP99, target: 50, direction: 'below', unit: 'ms' },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
