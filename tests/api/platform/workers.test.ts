import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { webhooks } from '../../../api/platform/db/schema.js';
import { enqueue } from '../../../api/webhooks/service.js';
import { DEVICE_KEY, makeTestApp, type TestApp } from '../../helpers/app.js';
import { type RunningServer, startServer } from '../../helpers/server.js';
import { onPostgres } from '../../helpers/store.js';

let t: TestApp | undefined;
let server: RunningServer | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  // The primary passes SIGTERM on to its processes; they close the database and exit.
  const stopped = server && new Promise((resolve) => server?.process.once('exit', resolve));
  server?.process.kill('SIGTERM');
  await stopped;
  receiver?.close();
  await t?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request on a connection of its own, so the cluster hands each to the next process in turn. */
const once = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), connection: 'close' } });

describe('several API processes on one database (WORKERS)', () => {
  it('holds rate limits and sign-in limits across processes and delivers a webhook once, not once per process', async () => {
    t = await makeTestApp();
    const posts: string[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        posts.push(body);
        // A slow receiver: a second process's run would find the delivery still due meanwhile.
        setTimeout(() => res.end('ok'), 1_500);
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    await t.deps.store.db
      .insert(webhooks)
      .values({ url: `http://127.0.0.1:${port}/hook`, secret: 'bí mật của bên nhận', events: ['alert.fired'], createdAt: new Date() })
      .run();
    await enqueue(t.deps.store.db, Date.now(), 'alert.fired', { unit: 'Phường Ba Đình' });
    if (!onPostgres) await t.deps.store.close(); // the file is the server's from here
    server = await startServer(
      { path: t.env.DATABASE_PATH, url: t.databaseUrl },
      {
        WORKERS: '2',
        WEBHOOK_INTERVAL_SECONDS: '1',
        RATE_LIMIT_LOGIN_PER_IP: '4',
        RATE_LIMIT_RATINGS_PER_DEVICE: '3',
        KIOSK_REPEAT_WINDOW_SECONDS: '0',
      },
      2,
    );
    const pids = new Set([...server.output().matchAll(/process (\d+)\)/g)].map((m) => m[1]));
    expect(pids.size).toBe(2);

    // Eight sign-ins with a wrong password from one address, spread over both processes: the
    // address's limit of four is one limit, not four per process.
    const signIns: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await once(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: `sai mật khẩu ${i}` }),
      });
      signIns.push(res.status);
    }
    expect(signIns).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);

    // A kiosk's limit of three taps a window, across both processes.
    const taps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await once(`${server.url}/api/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `workers-${i}`, 'x-device-key': DEVICE_KEY },
        body: JSON.stringify({ deviceId: 'bd-q1', level: 5 }),
      });
      taps.push(res.status);
    }
    expect(taps).toEqual([201, 201, 201, 429, 429, 429]);

    // Both processes run the delivery timer every second; only the lease's holder delivers.
    for (let waited = 0; posts.length === 0 && waited < 10_000; waited += 100) await sleep(100);
    await sleep(3_000);
    expect(posts, server.output()).toHaveLength(1);
    expect(JSON.parse(posts[0] as string)).toMatchObject({ event: 'alert.fired', data: { unit: 'Phường Ba Đình' } });
  });
});
