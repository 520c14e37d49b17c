import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { zip } from '../../helpers/zip.js';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await makeTestApp();
  cookie = await t.addStaff();
});
afterEach(() => t.close());

const HEADER = 'Mã hồ sơ,Mã đơn vị,Mã thủ tục,Kênh,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Số hóa';
const csv = (...lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\n'));
const GOOD = [
  'BD-0001,00004,1.001193,Trực tiếp,01/09/2025 08:30,02/09/2025,01/09/2025 15:00,có',
  'BD-0002,00004,1.001193,Trực tuyến,2025-09-01T21:10,2025-09-03,,không',
  'BD-0003,00004,1.001193,Bưu chính,02/09/2025,05/09/2025,04/09/2025 10:00,1',
];

async function upload(bytes: Uint8Array, name = 'hoso.csv', extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  const res = await t.app.request('/api/imports/transactions', { method: 'POST', headers: { cookie }, body: form });
  return { status: res.status, body: await res.json() };
}
const imported = async () =>
  (await t.query(
    "select receipt_code, channel, resolved_at, digitised from transactions where receipt_code like 'BD-%' order by receipt_code",
  )) as {
    receipt_code: string;
    channel: string;
    resolved_at: number | null;
    digitised: number;
  }[];

describe('importing dossiers from files', () => {
  it('stores a good file with Vietnamese headings, dates in Hà Nội time, and records the import', async () => {
    const { status, body } = await upload(csv(...GOOD));
    expect(status).toBe(200);
    expect(body).toMatchObject({ duplicate: false, rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    const rows = await imported();
    expect(rows.map((r) => [r.receipt_code, r.channel, r.digitised])).toEqual([
      ['BD-0001', 'counter', 1],
      ['BD-0002', 'online', 0],
      ['BD-0003', 'postal', 1],
    ]);
    expect(new Date(rows[0]!.resolved_at!).toISOString()).toBe('2025-09-01T08:00:00.000Z'); // 15:00 in Hà Nội
    expect(rows[1]!.resolved_at).toBeNull();
    const log = (await t.query("select action, after from audit_log where action = 'import.transactions'"))[0] as { after: string };
    expect(JSON.parse(log.after)).toMatchObject({ filename: 'hoso.csv', inserted: 3 });
  });

  it('reads headings and channel words as one-stop systems write them: NFD, BOM, CRLF, “hoá”, postal service', async () => {
    const header = 'Mã hồ sơ,Mã đơn vị,Mã TTHC,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Số hoá hồ sơ:'.normalize('NFD');
    const channels: [string, string][] = [
      ['Dịch vụ bưu chính công ích', 'postal'],
      ['Trực tuyến toàn trình', 'online'],
      ['Trực tuyến một phần', 'online'],
      ['  TRỰC  TIẾP ', 'counter'],
      ['Nộp trực tiếp', 'counter'],
      ['Bưu điện', 'postal'],
    ];
    const lines = channels.map(
      ([word], i) => `BD-01${i},00004,1.001193,${word.normalize('NFD')},01/09/2025,03/09/2025,${i % 2 ? 'Có' : 'Không'}`,
    );
    const bytes = new TextEncoder().encode(`\uFEFF${[header, ...lines].join('\r\n')}\r\n`);
    const { status, body } = await upload(bytes);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ rows: 6, inserted: 6 });
    expect((await imported()).map((r) => [r.channel, r.digitised])).toEqual(channels.map(([, channel], i) => [channel, i % 2]));
  });

  it('names a missing column in the language of the message, and an unknown channel with the words it takes', async () => {
    const noProcedure = await upload(
      new TextEncoder().encode('Mã hồ sơ,Mã đơn vị,Kênh,Ngày tiếp nhận,Ngày hẹn trả\nBD-0001,00004,Trực tiếp,01/09/2025,02/09/2025'),
    );
    expect(noProcedure.status).toBe(422);
    const missing = noProcedure.body.error.lines.find((l: { field: string }) => l.field === 'procedureCode');
    expect(missing.message.vi).toMatch(/^Thiếu cột "mã thủ tục"/);
    expect(missing.message.en).toMatch(/^Missing column "procedure code"/);
    const unknown = await upload(csv('BD-0001,00004,1.001193,Chim bồ câu,01/09/2025,02/09/2025,,không'));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.lines[0].message.en).toBe('Channel "Chim bồ câu" is not in person, online or by post');
  });

  it('stores nothing twice when the same file comes again, and previews without storing', async () => {
    const preview = await upload(csv(...GOOD), 'hoso.csv', { dryRun: 'true' });
    expect(preview.body).toMatchObject({ dryRun: true, inserted: 3, importId: null });
    expect(await imported()).toHaveLength(0);
    const first = await upload(csv(...GOOD));
    const again = await upload(csv(...GOOD));
    expect(again.body).toMatchObject({ duplicate: true, importId: first.body.importId });
    expect(await imported()).toHaveLength(3);
    expect(await t.count('imports')).toBe(1);
  });

  it('updates a dossier from a later status file without duplicating it, and audits the change', async () => {
    await upload(csv(...GOOD));
    const later = await upload(
      csv(GOOD[0]!, 'BD-0002,00004,1.001193,Trực tuyến,2025-09-01T21:10,2025-09-03,03/09/2025 09:00,có', GOOD[2]!),
      'capnhat.csv',
    );
    expect(later.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    expect(await imported()).toHaveLength(3);
    const change = (await t.query("select before, after from audit_log where action = 'transaction.update'"))[0] as {
      before: string;
      after: string;
    };
    expect(Object.keys(JSON.parse(change.before)).sort()).toEqual(['digitised', 'resolvedAt']);
    expect(JSON.parse(change.before).digitised).toBe(false);
    expect(JSON.parse(change.after).digitised).toBe(true);
  });

  it.each([
    ['a wrong column', [HEADER.replace('Mã thủ tục', 'Thủ tục số'), GOOD[0]!].join('\n'), [[1, 'procedureCode']]],
    ['a bad date', [HEADER, GOOD[0]!, 'BD-0009,00004,1.001193,Trực tiếp,31/02/2025,02/09/2025,,'].join('\n'), [[3, 'receivedAt']]],
    ['a repeated receipt code', [HEADER, GOOD[0]!, GOOD[1]!, GOOD[0]!].join('\n'), [[4, 'receiptCode']]],
    [
      'an unknown channel, unit and procedure',
      [HEADER, 'BD-0010,99999,9.999,Fax,01/09/2025,02/09/2025,,'].join('\n'),
      [
        [2, 'channel'],
        [2, 'unitCode'],
        [2, 'procedureCode'],
      ],
    ],
    ['a due date before receipt', [HEADER, 'BD-0011,00004,1.001193,Trực tiếp,05/09/2025,02/09/2025,,'].join('\n'), [[2, 'dueAt']]],
    [
      'a result before receipt',
      [HEADER, 'BD-0013,00004,1.001193,Trực tiếp,05/09/2025,09/09/2025,04/09/2025,'].join('\n'),
      [[2, 'resolvedAt']],
    ],
    [
      'a unit not yet formed on that date',
      [HEADER, 'BD-0012,00004,1.001193,Trực tiếp,01/03/2025,02/03/2025,,'].join('\n'),
      [[2, 'unitCode']],
    ],
  ])('refuses a file with %s, names each line, and stores nothing', async (_name, text, expected) => {
    const { status, body } = await upload(new TextEncoder().encode(text));
    expect(status).toBe(422);
    expect(body.error.code).toBe('import_rejected');
    expect(body.error.lines.map((l: { line: number; field: string }) => [l.line, l.field])).toEqual(expected);
    for (const l of body.error.lines) expect(l.message.vi).not.toBe(l.message.en);
    expect(await imported()).toHaveLength(0);
    expect(await t.count('imports')).toBe(0);
  });

  it('refuses rows of a unit outside the importer’s scope', async () => {
    await t.deps.store.db.insert(units).values({ code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', validFrom: '2025-07-01' }).run();
    const { status, body } = await upload(csv(GOOD[0]!, 'HK-0001,00070,1.001193,Trực tiếp,01/09/2025,02/09/2025,,'));
    expect(status).toBe(422);
    expect(body.error.lines).toEqual([expect.objectContaining({ line: 3, field: 'unitCode' })]);
    expect(await imported()).toHaveLength(0);
  });

  it('reads Windows-1258 and UTF-16 files, and refuses a file that mixes encodings', async () => {
    // "Mã hồ sơ" in Windows-1258: ã = a + combining tilde (DE), ồ = ô (F4) + combining grave (CC), ơ = F5.
    const cp1258Header = [0x4d, 0x61, 0xde, 0x20, 0x68, 0xf4, 0xcc, 0x20, 0x73, 0xf5];
    const rest = new TextEncoder().encode(',Unit,Procedure,Channel,Received,Due\n');
    const utf16 = new Uint8Array(Buffer.from(`\ufeff${[HEADER, GOOD[0]!].join('\r\n')}`, 'utf16le'));
    expect((await upload(utf16, 'unicode.txt')).body).toMatchObject({ inserted: 1 });

    const mixed = new Uint8Array([
      ...cp1258Header,
      ...rest,
      ...new TextEncoder().encode(`${GOOD[1]!.replace('Trực tuyến', 'Trực tuyến')}\n`),
    ]);
    const refused = await upload(mixed, 'tron.csv');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('unreadable_file');
    expect(refused.body.error.message.vi).toContain('dòng 2');

    // A whole Windows-1258 file: headings and a channel with Vietnamese letters.
    const enc = (s: string) => {
      const map: Record<string, number[]> = {
        ã: [0x61, 0xde],
        ồ: [0xf4, 0xcc],
        ơ: [0xf5],
        đ: [0xf0],
        ị: [0x69, 0xf2],
        ủ: [0x75, 0xd2],
        ụ: [0x75, 0xf2],
        à: [0xe0],
        ó: [0xf3],
        ự: [0xfd, 0xf2],
        ế: [0xea, 0xec],
        ậ: [0xe2, 0xf2],
        ạ: [0x61, 0xf2],
        ẹ: [0x65, 0xf2],
        ả: [0x61, 0xd2],
        ố: [0xf4, 0xec],
        ớ: [0xf5, 0xec],
        ư: [0xfd],
        ê: [0xea],
        ô: [0xf4],
        â: [0xe2],
        ì: [0x69, 0xcc],
        ò: [0x6f, 0xcc],
        á: [0xe1],
        í: [0xed],
      };
      return [...s.normalize('NFC')].flatMap(
        (ch) =>
          map[ch] ??
          (ch.charCodeAt(0) < 0x80
            ? [ch.charCodeAt(0)]
            : (() => {
                throw new Error(`no cp1258 for ${ch}`);
              })()),
      );
    };
    const cp1258 = new Uint8Array(enc([HEADER, 'BD-0100,00004,1.001193,Trực tiếp,01/09/2025,02/09/2025,,không'].join('\n')));
    expect((await upload(cp1258, 'cu.csv')).body).toMatchObject({ inserted: 1 });
    expect((await imported()).map((r) => r.receipt_code)).toContain('BD-0100');
  });

  it('reads an Excel file, taking its dates as Hà Nội wall-clock time, with a column mapping', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hồ sơ');
    sheet.addRow(['Số hồ sơ', 'Mã đơn vị', 'Mã thủ tục', 'Kênh', 'Ngày tiếp nhận', 'Ngày hẹn trả']);
    sheet.addRow(['BD-0200', '00004', '1.001193', 'Trực tiếp', new Date(Date.UTC(2025, 8, 1, 8, 30)), new Date(Date.UTC(2025, 8, 2))]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { status, body } = await upload(bytes, 'hoso.xlsx', { mapping: JSON.stringify({ receiptCode: 'Số hồ sơ' }) });
    expect(status).toBe(200);
    expect(body.inserted).toBe(1);
    const row = (await t.query("select received_at from transactions where receipt_code = 'BD-0200'"))[0] as { received_at: number };
    expect(new Date(row.received_at).toISOString()).toBe('2025-09-01T01:30:00.000Z'); // 08:30 in Hà Nội
  });

  it('imports a 100,000-row file in one piece, and a second time stores nothing', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => {
      const day = 1 + (i % 28);
      return `BD-${String(i).padStart(6, '0')},00004,1.001193,${i % 3 ? 'Trực tuyến' : 'Trực tiếp'},${day}/10/2025 09:00,${day}/11/2025,,${i % 2}`;
    });
    const bytes = csv(...lines);
    const started = performance.now();
    const first = await upload(bytes, 'lon.csv');
    const seconds = (performance.now() - started) / 1000;
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 100_000, inserted: 100_000 });
    expect(await t.count('transactions')).toBe(100_000 + t.dossiers.length);
    expect((await upload(bytes, 'lon.csv')).body.duplicate).toBe(true);
    expect(await t.count('transactions')).toBe(100_000 + t.dossiers.length);
    console.log(`100,000-row import: ${seconds.toFixed(1)} s`);
  }, 120_000);

  it('refuses an Excel file that would unpack to over a gigabyte, before unpacking it, and stores nothing', async () => {
    const before = [await t.count('transactions'), await t.count('imports')];
    // A few bytes on the wire whose directory declares 1.2 GB: a ZIP bomb dressed as a workbook.
    const bomb = zip([
      { name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(1024), declared: 1_200_000_000 },
    ]);
    const started = performance.now();
    const { status, body } = await upload(bomb, 'hoso.xlsx');
    expect(status).toBe(422);
    expect(body.error.fields[0]).toMatchObject({ field: 'file', code: 'unreadable' });
    expect(body.error.message.vi).toContain('Tệp Excel khi giải nén quá lớn (1145 MB');
    expect(body.error.message.en).toContain('at most 1024 MB');
    expect([await t.count('transactions'), await t.count('imports')]).toEqual(before);
    expect(performance.now() - started).toBeLessThan(10_000); // refused unread, not after unpacking
  });

  it('refuses a workbook whose sheet is not what it claims, after reading it as a stream, and stores nothing', async () => {
    // 0.3 MB on the wire, 300 MB of zeros unpacked: read as a stream (bounded memory), then refused.
    const bomb = zip([
      { name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(300 * 1024 * 1024) },
    ]);
    const { status, body } = await upload(bomb, 'hoso.xlsx');
    expect(status).toBe(422);
    expect(body.error.fields[0]).toMatchObject({ field: 'file', code: 'unreadable' });
    expect(await t.count('imports')).toBe(0);
  }, 60_000);

  it('parses a file off the event loop: the server keeps answering while a large workbook is read', async () => {
    // 100,000 rows without the dossier's unit column: the request is reading the workbook (seconds
    // of unpacking and parsing, on a thread of its own), then a 422.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hồ sơ');
    sheet.addRow(['Mã hồ sơ', 'Mã thủ tục', 'Kênh', 'Ngày tiếp nhận', 'Ngày hẹn trả']);
    for (let i = 0; i < 100_000; i++) sheet.addRow([`P-${i}`, '1.001193', 'Trực tiếp', '01/10/2025 09:00', '02/11/2025']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    try {
      expect((await upload(bytes, 'lon.xlsx')).status).toBe(422);
    } finally {
      clearInterval(ticker);
      longest = Math.max(longest, performance.now() - last);
    }
    // The longest the server could answer nothing: a parse on its own thread would be all of it.
    expect(longest).toBeLessThan(500);
  }, 120_000);

  it('reports its progress as a stream of lines when asked, ending with the outcome or the error', async () => {
    const lines = Array.from(
      { length: 30_000 },
      (_, i) => `PG-${String(i).padStart(6, '0')},00004,1.001193,Trực tiếp,${1 + (i % 28)}/10/2025 09:00,${1 + (i % 28)}/11/2025,,0`,
    );
    const send = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'dai.csv'));
      const res = await t.app.request('/api/imports/transactions', {
        method: 'POST',
        headers: { cookie, accept: 'application/x-ndjson' },
        body: form,
      });
      expect(res.headers.get('content-type')).toContain('application/x-ndjson');
      return (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    };
    const stream = await send(csv(...lines));
    const progress = stream.filter((m) => m.progress).map((m) => m.progress);
    expect(progress[0]).toMatchObject({ phase: 'checking' });
    expect(progress.every((p, i) => i === 0 || p.lines >= progress[i - 1].lines || p.phase === 'storing')).toBe(true);
    expect(stream.at(-1).outcome).toMatchObject({ rows: 30_000, inserted: 30_000 });
    const refused = await send(csv(...lines.slice(0, 10), 'PG-X,00004,1.001193,Fax,01/10/2025,02/10/2025,,0'));
    expect(refused.at(-1)).toMatchObject({ status: 422, error: { code: 'import_rejected', linesTotal: 1 } });
  }, 60_000);

  it('refuses a file over its limit (413, naming the file) and leaves no scratch copy behind', async () => {
    // Scratch copies go to a folder of this test's own (uploads use the system's temporary folder).
    const own = mkdtempSync(join(tmpdir(), 'scratch-'));
    const system = process.env.TMPDIR;
    process.env.TMPDIR = own;
    try {
      const form = new FormData();
      form.append('file', new File([new Uint8Array(65 * 1024 * 1024)], 'qua-lon.csv'));
      const res = await t.app.request(`/api/survey-waves/1/imports`, { method: 'POST', headers: { cookie }, body: form });
      expect(res.status).toBe(413);
      expect((await res.json()).error.fields[0]).toMatchObject({ field: 'file', code: 'too_large' });
      const missing = await t.app.request('/api/imports/transactions', { method: 'POST', headers: { cookie }, body: new FormData() });
      expect(missing.status).toBe(422);
      expect((await missing.json()).error.fields[0]).toMatchObject({ field: 'file', code: 'required' });
      expect((await upload(csv(...GOOD))).status).toBe(200);
      expect(readdirSync(own).filter((d) => d.startsWith('sipas-upload-'))).toEqual([]);
    } finally {
      if (system === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = system;
      rmSync(own, { recursive: true, force: true });
    }
  }, 60_000);

  it('lets dashboards be read while a long import runs', async () => {
    const lines = Array.from(
      { length: 30_000 },
      (_, i) => `LD-${String(i).padStart(6, '0')},00004,1.001193,Trực tiếp,${1 + (i % 28)}/10/2025 09:00,${1 + (i % 28)}/11/2025,,0`,
    );
    let finished = false;
    const importing = upload(csv(...lines), 'dai.csv').then((result) => {
      finished = true;
      return result;
    });
    // One after another, each only once the one before has been answered.
    const readsDone: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.request(`/api/dashboard?unit=${t.ward.id}&from=2025-10-01&to=2025-10-31`, { headers: { cookie } });
      expect(res.status).toBe(200);
      readsDone.push(finished);
    }
    expect(readsDone).toEqual([false, false, false, false, false]); // all answered while it ran
    expect((await importing).body).toMatchObject({ rows: 30_000, inserted: 30_000 });
  }, 120_000);
});

describe('the JSON API for one-stop software', () => {
  const record = (receiptCode: string, extra: object = {}) => ({
    receiptCode,
    unitCode: '00004',
    procedureCode: '1.001193',
    channel: 'online',
    receivedAt: '2025-09-01T09:00:00+07:00',
    dueAt: '2025-09-03',
    ...extra,
  });
  const batch = (transactions: unknown[]) =>
    t.app.request('/api/transactions/batch', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ transactions }),
    });

  it('upserts by receipt code and names bad records by position', async () => {
    expect(await (await batch([record('API-1'), record('API-2')])).json()).toMatchObject({ inserted: 2 });
    const update = await (
      await batch([record('API-1', { resolvedAt: '2025-09-02T10:00:00+07:00', paidOnline: true, supplementRequests: 1 })])
    ).json();
    expect(update).toMatchObject({ inserted: 0, updated: 1 });
    const bad = await batch([record('API-3'), record('API-4', { receivedAt: 'hôm qua', extra: 1 })]);
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.lines.map((l: { line: number; field: string }) => [l.line, l.field])).toEqual([[2, '(row)']]);
    expect((await t.query("select count(*) as n from transactions where receipt_code like 'API-%'"))[0]).toEqual({ n: 2 });
  });

  it('is closed to leaders (read-only) and to anonymous callers', async () => {
    const leader = await t.addUser('lanhdao', 'leader', t.ward.id);
    const res = await t.app.request('/api/transactions/batch', {
      method: 'POST',
      headers: { cookie: leader, 'content-type': 'application/json' },
      body: JSON.stringify({ transactions: [record('X')] }),
    });
    expect(res.status).toBe(403);
    expect(
      (await t.app.request('/api/transactions/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }))
        .status,
    ).toBe(401);
  });
});
