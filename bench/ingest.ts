/**
 * `npm run bench`, part 4: rating ingest through the full stack (validation, device key,
 * idempotency, repeat guard, durable group commit) against a bare Hono handler, both under the
 * same load: autocannon, 50 connections, 10 s, loopback; then at a steady rate. The full stack
 * runs on a fresh SQLite file and on a fresh PostgreSQL database (BENCH_DATABASE_URL's server, or
 * a throwaway one from npm) in turns, BENCH_INGEST_ROUNDS times; every acknowledged rating is
 * looked for in the database; the medians of the rounds go into bench/results.json.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type BenchServer, benchServer } from './postgres.js';
import { record } from './results.js';

const DURATION = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const KEY = 'bench-device-key-0123456789abcdef';
/** The load comes from this many kiosks, as a province's counters would send it. */
const KIOSKS = 100;
/** A steady load well above a province's peak (the national peak hour is a few hundred a second). */
const RATE = Number(process.env.BENCH_INGEST_RATE ?? 1000);
/** SQLite and PostgreSQL in turns, this many times each. */
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'sipas-ingest-'));

function start(mode: 'bare' | 'validated' | 'full', database = ''): Promise<{ child: ChildProcess; port: number }> {
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

/** A load on a full server, then a steady one on it: rates, latencies, CPU and what was stored. */
async function fullRound(database: string, count: () => Promise<number>) {
  const full = await start('full', database);
  const ingest = await measured(full);
  const paced = await load(full.port, RATE);
  const { batches = 0, writes = 0 } = await askStats(full.child);
  await stop(full.child);
  const stored = await count();
  return { ...ingest, paced, batches, writes, stored, acknowledged: ingest.ok + paced.ok, refused: ingest.other + paced.other };
}

/** SQLite on a fresh file. */
function onSqlite(round: number) {
  const path = join(dir, `ingest-${round}.sqlite`);
  return fullRound(path, async () => {
    const db = new Database(path, { readonly: true });
    const { n } = db.prepare('select count(*) as n from ratings').get() as { n: number };
    db.close();
    return n;
  });
}

/** PostgreSQL on a fresh database of the part's server, dropped after. */
async function onPostgres(server: BenchServer, round: number) {
  const database = await server.database(`ingest${round}`);
  try {
    const result = await fullRound(database.url, async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const n = Number((await client.query('select count(*) as n from ratings')).rows[0].n);
      await client.end();
      return n;
    });
    return { ...result, server: database.server };
  } finally {
    await database.drop();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const kept = (r: { acknowledged: number; stored: number; refused: number }) =>
  `${r.stored >= r.acknowledged ? 'every acknowledged rating stored' : 'LOST RATINGS'}, ${r.refused} refused or failed`;

console.log(`4. Rating ingest, 50 connections, ${DURATION} s, loopback (server in its own process), ${ROUNDS} rounds`);
try {
  const bare = await start('bare');
  const ceiling = await measured(bare);
  await stop(bare.child);
  const validatedServer = await start('validated');
  const validated = await measured(validatedServer);
  await stop(validatedServer.child);
  console.log(`   bare Hono 201:   ${ceiling.rps.toFixed(0).padStart(6)} req/s, p99 ${ceiling.p99} ms`);
  console.log(
    `   CPU per request: server ${ceiling.serverUs.toFixed(0)} µs bare, ${validated.serverUs.toFixed(0)} µs with the route's validation alone (${(validated.serverUs / ceiling.serverUs).toFixed(1)}×); load generator ${ceiling.clientUs.toFixed(0)} µs`,
  );
  // This machine's speed moves by the minute: SQLite and PostgreSQL go in turns, each pair compared
  // within its round, and the medians of the rounds are the figures. Round 0 warms both up and is
  // not counted: a new PostgreSQL cluster makes (and zero-fills) each log segment as it first needs
  // it, which a server in service never does once a checkpoint has recycled the old ones.
  const server = await benchServer();
  const rounds: { sqlite: Awaited<ReturnType<typeof onSqlite>>; postgres: Awaited<ReturnType<typeof onPostgres>> }[] = [];
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const sqlite = await onSqlite(round);
      const postgres = await onPostgres(server, round);
      if (round === 0) {
        await server.checkpoint();
        console.log(
          `   round 0 (warm-up, not counted): SQLite ${sqlite.rps.toFixed(0)} req/s, PostgreSQL ${postgres.rps.toFixed(0)} req/s, ${kept(sqlite)}, ${kept(postgres)}`,
        );
        continue;
      }
      rounds.push({ sqlite, postgres });
      console.log(
        `   round ${round}: SQLite ${sqlite.rps.toFixed(0)} req/s (p99 ${sqlite.p99} ms, ${sqlite.serverUs.toFixed(0)} µs server CPU, ${(sqlite.writes / Math.max(1, sqlite.batches)).toFixed(1)} a fsync; at ${RATE}/s p50 ${sqlite.paced.p50}, p99 ${sqlite.paced.p99} ms; ${kept(sqlite)})`,
      );
      console.log(
        `            PostgreSQL (${postgres.server}) ${postgres.rps.toFixed(0)} req/s (p99 ${postgres.p99} ms, ${postgres.serverUs.toFixed(0)} µs server CPU, ${(postgres.writes / Math.max(1, postgres.batches)).toFixed(1)} a commit, ${(postgres.queries / Math.max(1, postgres.ok)).toFixed(2)} round trips a rating; at ${RATE}/s p50 ${postgres.paced.p50}, p99 ${postgres.paced.p99} ms; ${kept(postgres)}): ${((100 * postgres.rps) / sqlite.rps).toFixed(0)}% of SQLite`,
      );
    }
  } finally {
    await server.stop();
  }
  const ratio = median(rounds.map((r) => r.postgres.rps / r.sqlite.rps));
  const pacedP99 = median(rounds.map((r) => r.postgres.paced.p99));
  const serverUs = median(rounds.map((r) => r.sqlite.serverUs));
  const clientUs = median(rounds.map((r) => r.sqlite.clientUs));
  // Server and load generator share this machine's cores: the CPU each spends per request bounds
  // what any server doing the full work could reach here, whatever its design.
  const cores = availableParallelism();
  const bound = (cores * 1e6) / (serverUs + clientUs);
  console.log(
    `   full ingest on SQLite: ${serverUs.toFixed(0)} µs server CPU a rating (median), ${(serverUs / ceiling.serverUs).toFixed(1)}× bare (target ≤ 2.5×); on ${cores} cores the full stack tops out near ${bound.toFixed(0)} req/s, ${((100 * bound) / ceiling.rps).toFixed(0)}% of the bare figure`,
  );
  console.log(
    `   PostgreSQL against SQLite, median of the rounds: ${(100 * ratio).toFixed(0)}% of the rate (target ≥ 50%); its p99 at a steady ${RATE} req/s ${pacedP99} ms (target ≤ 50 ms)`,
  );
  record({
    'ingest.serverCpuRatio': { value: serverUs / ceiling.serverUs, target: 2.5, direction: 'below', unit: '×' },
    'ingest.postgresToSqlite': { value: ratio, target: 0.5, direction: 'above', unit: '×' },
    'ingest.postgresPacedP99Ms': { value: pacedP99, target: 50, direction: 'below', unit: 'ms' },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
