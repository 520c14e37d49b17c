/**
 * `npm run bench`, part 4: rating ingest through the full stack (validation, device key,
 * idempotency, repeat guard, durable group commit) against a bare Hono handler, both under the
 * same load: autocannon, 50 connections, 10 s, loopback. Then every acknowledged rating is
 * looked for in the database.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const DURATION = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const KEY = 'bench-device-key-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'sipas-ingest-'));
const file = join(dir, 'ingest.sqlite');

function start(mode: 'bare' | 'full'): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL('./ingest-server.ts', import.meta.url), [mode, file, KEY], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.stdout?.once('data', (d: Buffer) => resolve({ child, port: JSON.parse(d.toString()).port })));
}

async function load(port: number) {
  let seq = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/ratings`,
    connections: 50,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: { 'content-type': 'application/json', 'x-device-key': KEY, 'idempotency-key': `bench-${process.pid}-${++seq}` },
          body: JSON.stringify({ deviceId: 'bench', level: 1 + (seq % 5) }),
        }),
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, ok: result['2xx'], other: result.non2xx + result.errors + result.timeouts };
}

const stop = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve) && child.kill('SIGTERM'));
const askStats = (child: ChildProcess) => new Promise<{ batches: number; writes: number }>((resolve) => child.once('message', (m) => resolve(m as never)) && child.send('stats'));

console.log(`4. Rating ingest, 50 connections, ${DURATION} s, loopback (server in its own process)`);
try {
  const bare = await start('bare');
  const ceiling = await load(bare.port);
  await stop(bare.child);
  const full = await start('full');
  const ingest = await load(full.port);
  const { batches, writes } = await askStats(full.child);
  await stop(full.child);
  const stored = (new Database(file, { readonly: true }).prepare('select count(*) as n from ratings').get() as { n: number }).n;
  console.log(`   bare Hono 201:   ${ceiling.rps.toFixed(0).padStart(6)} req/s, p99 ${ceiling.p99} ms`);
  console.log(`   full ingest:     ${ingest.rps.toFixed(0).padStart(6)} req/s, p99 ${ingest.p99} ms, ${(100 * ingest.rps / ceiling.rps).toFixed(0)}% of the ceiling (target ≥ 90%, p99 ≤ 15 ms)`);
  console.log(`   acknowledged ${ingest.ok}, stored ${stored} (${stored >= ingest.ok ? 'every acknowledged rating is committed' : 'LOST RATINGS'}), refused/errors ${ingest.other}`);
  console.log(`   group commit: ${batches} batches for ${writes} writes, ${(writes / Math.max(1, batches)).toFixed(1)} ratings per fsync`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
