/**
 * `npm run bench`, part 5: a one-stop export imported through the real app (upload to disk, two
 * streamed readings: check, then store in one transaction), at 100,000 and BENCH_IMPORT_ROWS
 * (1,000,000) rows, each on a fresh SQLite file in a server process of its own. Prints time, rows
 * a second and the server's peak resident memory, and the ratios of the large file to the small:
 * time should grow with the rows, memory should not.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const LARGE = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const WARDS = 100;
const PASSWORD = 'a long bench password';
const dir = mkdtempSync(join(tmpdir(), 'sipas-imports-'));

/** An export as one-stop software writes it: names for the ward and the procedure, Vietnamese headings, CRLF. */
async function writeExport(rows: number): Promise<string> {
  const path = join(dir, `export-${rows}.csv`);
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    '\uFEFFSTT,Số hồ sơ,Đơn vị tiếp nhận,Tên thủ tục hành chính,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Số hóa hồ sơ\r\n',
  );
  const channels = ['Trực tiếp', 'Trực tuyến toàn trình', 'Dịch vụ bưu chính công ích'];
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    const month = 7 + (Math.floor(i / 28) % 6);
    await write(
      `${i + 1},HS-${String(i).padStart(8, '0')},Phường ${1 + (i % WARDS)},Đăng ký khai sinh,${channels[i % 3]},${day}/${month}/2025 08:${String(i % 60).padStart(2, '0')},${day}/${month}/2025 17:00,${i % 5 ? `${day}/${month}/2025 15:00` : ''},${i % 4 ? 'Có' : 'Không'}\r\n`,
    );
  }
  out.end();
  await once(out, 'finish');
  return path;
}

function startServer(database: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL('./import-server.ts', import.meta.url), [database, PASSWORD, String(WARDS)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => child.stdout?.once('data', (d: Buffer) => resolve({ child, port: JSON.parse(d.toString()).port })));
}

/** A multipart body streamed from disk: the file is never in this process's memory either. */
function multipart(path: string): { body: ReadableStream; type: string } {
  const boundary = `----bench${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="xuat-mot-cua.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const parts = async function* () {
    yield Buffer.from(head);
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
    yield Buffer.from(tail);
  };
  return { body: Readable.toWeb(Readable.from(parts())) as ReadableStream, type: `multipart/form-data; boundary=${boundary}` };
}

async function run(rows: number) {
  const file = await writeExport(rows);
  const server = await startServer(join(dir, `import-${rows}.sqlite`));
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const { body, type } = multipart(file);
    const started = performance.now();
    const res = await fetch(`${base}/api/imports/transactions`, {
      method: 'POST',
      headers: { cookie, 'content-type': type, origin: base },
      body,
      duplex: 'half',
    } as RequestInit);
    const outcome = (await res.json()) as { inserted?: number; error?: unknown };
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 200 || outcome.inserted !== rows)
      throw new Error(`import of ${rows} rows: ${res.status} ${JSON.stringify(outcome).slice(0, 500)}`);
    const peak = await new Promise<number>((resolve) => {
      server.child.once('message', (m) => resolve((m as { peakMb: number }).peakMb));
      server.child.send('peak');
    });
    const mb = statSync(file).size / 2 ** 20;
    console.log(
      `   ${rows.toLocaleString('en')} rows (${mb.toFixed(0)} MB): ${seconds.toFixed(1)} s, ${Math.round(rows / seconds).toLocaleString('en')} rows/s, server peak memory ${peak.toFixed(0)} MB`,
    );
    return { seconds, peak };
  } finally {
    server.child.send('stop');
    await once(server.child, 'exit');
  }
}

console.log('5. Importing a one-stop export (CSV, names resolved, all or nothing), through the real app on SQLite');
try {
  const small = await run(100_000);
  const large = await run(LARGE);
  console.log(
    `   ${(LARGE / 100_000).toFixed(0)}× the rows: ${(large.seconds / small.seconds).toFixed(1)}× the time, ${(large.peak / small.peak).toFixed(2)}× the peak memory\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
