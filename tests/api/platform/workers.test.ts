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
  it('holds rate limits, sign-in holds and the kiosk repeat guard across processes, and delivers a webhook once, not once per process', async () => {
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
        LOGIN_MAX_FAILURES: '2',
        TRUST_PROXY: '1',
        RATE_LIMIT_RATINGS_PER_DEVICE: '3',
        KIOSK_REPEAT_WINDOW_SECONDS: '5',
      },
      2,
    );
    const pids = new Set([...server.output().matchAll(/process (\d+)\)/g)].map((m) => m[1]));
    expect(pids.size).toBe(2);

    // Eight sign-ins with wrong passwords from one address (other usernames each, so no account is
    // held), spread over both processes: the address's limit of four is one limit, not four per process.
    const signIn = (address: string, username: string, i: number) =>
      once(`${server?.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ username, password: `sai mật khẩu ${i}` }),
      });
    const limited: number[] = [];
    for (let i = 0; i < 8; i++) limited.push((await signIn('203.0.113.1', `khach${i}`, i)).status);
    expect(limited).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    // From another address, one account: its second wrong password holds it, whichever process answers.
    const held: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await signIn('203.0.113.2', 'admin', i);
      held.push(res.status === 429 ? ((await res.json()) as { error: { code: string } }).error.code : String(res.status));
    }
    expect(held).toEqual(['401', '401', 'sign_in_held', 'sign_in_held']);

    // A kiosk's limit of three taps a window, across both processes; the taps after the first are
    // inside the repeat window, so they are stored but not counted, whichever process took the first.
    const taps: number[] = [];
    const counted: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await once(`${server.url}/api/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `workers-${i}`, 'x-device-key': DEVICE_KEY },
        body: JSON.stringify({ deviceId: 'bd-q1', level: 5 }),
      });
      taps.push(res.status);
      if (res.status === 201) counted.push(((await res.json()) as { counted: boolean }).counted);
    }
    expect(taps).toEqual([201, 201, 201, 429, 429, 429]);
    expect(counted).toEqual([true, false, false]);

    // Both processes run the delivery timer every second; only the lease's holder delivers.
    for (let waited = 0; posts.length === 0 && waited < 10_000; waited += 100) await sleep(100);
    await sleep(3_000);
    expect(posts, server.output()).toHaveLength(1);
    expect(JSON.parse(posts[0] as string)).toMatchObject({ event: 'alert.fired', data: { unit: 'Phường Ba Đình' } });
  });
});
