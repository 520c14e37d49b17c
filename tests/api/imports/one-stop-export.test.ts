import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { procedures, units } from '../../../api/platform/db/schema.js';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

/**
 * An export as one-stop systems write it (written here, not copied from any real file): names, not
 * codes, for the unit and the procedure; a numbering and a notes column; supplementation columns;
 * UTF-8 with a BOM, CRLF lines, names in NFD.
 */
const HEADINGS = [
  'STT',
  'Số hồ sơ',
  'Đơn vị tiếp nhận',
  'Tên thủ tục hành chính',
  'Hình thức nộp',
  'Ngày tiếp nhận',
  'Ngày hẹn trả',
  'Ngày có kết quả',
  'Số hóa hồ sơ',
  'Số lần bổ sung',
  'Ngày yêu cầu bổ sung',
  'Ngày nhận bổ sung',
  'Ghi chú',
];
const PROCEDURES = [
  ['1.001193', 'Đăng ký khai sinh'],
  ['1.000894', 'Đăng ký kết hôn'],
  ['2.000908', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản'],
] as const;
const CHANNELS = [
  ['Dịch vụ bưu chính công ích', 'postal'],
  ['Trực tuyến toàn trình', 'online'],
  ['Trực tiếp', 'counter'],
  ['Trực tuyến một phần', 'online'],
  ['Trực tiếp', 'counter'],
] as const;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIRST = Date.UTC(2025, 4, 5, 1); // 08:00 on 05/05/2025 in Hà Nội
const ROWS = 500;

const two = (n: number) => String(n).padStart(2, '0');
/** dd/mm/yyyy HH:mm in Hà Nội time. */
const written = (ms: number) => {
  const d = new Date(ms + 7 * HOUR);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
};

/** Dossier i of the export: what the file says, and what a correct import stores. */
function dossier(i: number) {
  const received = FIRST + Math.floor(i / 4) * DAY + (i % 4) * 2 * HOUR;
  const due = received + 5 * DAY;
  const supplements = i % 10 === 0 ? 1 : i % 25 === 1 ? 2 : 0;
  const requested = supplements ? received + DAY : null;
  const answered = requested === null ? null : requested + 3 * DAY;
  // Every seventh dossier ends a day after its due time: late unless the applicant's three days are taken off.
  const resolved = i % 13 === 5 ? null : i % 7 === 0 ? due + DAY : received + 2 * DAY + (answered === null ? 0 : 4 * DAY);
  const oldWard = received < Date.UTC(2025, 5, 30, 17); // before 01/07/2025 in Hà Nội
  const [procedureCode, procedureName] = PROCEDURES[i % 3] as (typeof PROCEDURES)[number];
  const [channelWord, channel] = CHANNELS[i % 5] as (typeof CHANNELS)[number];
  const digitised = i % 3 !== 2;
  const onTime =
    resolved !== null && supplements <= 1 && resolved - (answered !== null && requested !== null ? answered - requested : 0) <= due;
  return {
    cells: [
      String(i + 1),
      `HK-2025-${String(i).padStart(5, '0')}`,
      // As systems write them: decomposed, in other cases and spacing.
      (oldWard ? (i % 2 ? 'PHƯỜNG HÀNG BẠC' : 'Phường Hàng Bạc') : i % 2 ? 'phường  Hoàn Kiếm' : 'Phường Hoàn Kiếm').normalize('NFD'),
      (i % 4 === 0 ? procedureName.toUpperCase() : procedureName).normalize('NFD'),
      channelWord.normalize('NFD'),
      written(received),
      written(due).slice(0, 10),
      resolved === null ? '' : written(resolved),
      digitised ? 'Có' : 'Không',
      String(supplements),
      requested === null ? '' : written(requested),
      answered === null ? '' : written(answered),
      i % 50 === 0 ? 'Hồ sơ ưu tiên' : '',
    ],
    expected: { procedureCode, channel, digitised, oldWard, onTime, resolved },
  };
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const exportFile = (lines: string[][]) =>
  new TextEncoder().encode(`\uFEFF${[HEADINGS, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`);

let t: TestApp;
let cookie: string;
let ids: { hangBac: number; hoanKiem: number; province: number };
beforeEach(async () => {
  t = await makeTestApp();
  const db = t.deps.store.db;
  const province = t.ward.parentId as number;
  const hoanKiem = await db
    .insert(units)
    .values({ code: '00070', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: province, validFrom: '2025-07-01' })
    .returning()
    .get();
  const hangBac = await db
    .insert(units)
    .values({
      code: '00037',
      name: 'Phường Hàng Bạc',
      kind: 'ward',
      parentId: province,
      validFrom: '2008-08-01',
      validTo: '2025-07-01',
      mergedIntoId: hoanKiem.id,
    })
    .returning()
    .get();
  for (const [code, name] of PROCEDURES.slice(1)) await db.insert(procedures).values({ code, name, field: 'Hộ tịch' }).run();
  ids = { hangBac: hangBac.id, hoanKiem: hoanKiem.id, province };
  cookie = await t.addUser('noivu.hanoi', 'home_affairs', province);
});
afterEach(() => t.close());

async function upload(bytes: Uint8Array, extra: Record<string, string> = {}, path = '/api/imports/transactions') {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'xuat-hoso-mot-cua.csv'));
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return t.app.request(path, { method: 'POST', headers: { cookie }, body: form });
}
const stored = async () =>
  (await t.query(
    `select t.receipt_code, u.code unit, p.code procedure, t.channel, t.digitised, t.supplement_requests, t.supplement_requested_at, t.supplement_received_at
       from transactions t join units u on u.id = t.unit_id join procedures p on p.id = t.procedure_id
      where t.receipt_code like 'HK-%' order by t.receipt_code`,
  )) as {
    receipt_code: string;
    unit: string;
    procedure: string;
    channel: string;
    digitised: number | boolean;
    supplement_requests: number;
  }[];

describe('a one-stop export, imported as it is', () => {
  it('is refused whole with every bad line named, previewed, then stored right once fixed, and stores nothing again', async () => {
    const dossiers = Array.from({ length: ROWS }, (_, i) => dossier(i));
    const lines = dossiers.map((d) => d.cells);
    const duplicate = [...(lines[0] as string[])];
    duplicate[0] = '501';
    const badDate = [...(dossier(ROWS).cells as string[])];
    badDate[0] = '502';
    badDate[5] = '31/02/2025 09:00';
    const broken = exportFile([...lines, duplicate, badDate]);

    // All or nothing: the duplicate (line 502) and the impossible date (line 503) are named, with their rule.
    const refused = await upload(broken);
    expect(refused.status).toBe(422);
    const error = (await refused.json()).error;
    expect(error.linesTotal).toBe(2);
    expect(error.lines.map((l: { line: number; field: string; rule?: string }) => [l.line, l.field, l.rule])).toEqual([
      [502, 'receiptCode', 'receipt_code_once'],
      [503, 'receivedAt', undefined],
    ]);
    expect(error.lines[0].message.vi).toContain('trùng với dòng 2');
    expect(error.lines[0].message.en).toContain('Rule: one line per receipt code');
    expect(await t.count('transactions')).toBe(2); // the fixture's own

    // The preview says how each column and name was read, and stores nothing.
    const preview = await (await upload(broken, { dryRun: 'true' })).json();
    expect(preview).toMatchObject({ dryRun: true, importId: null, errorCount: 2, refusedLines: 2, inserted: ROWS, unchanged: 0 });
    const ignored = preview.columns.filter((c: { field: string | null }) => c.field === null).map((c: { heading: string }) => c.heading);
    expect(ignored).toEqual(['STT', 'Ghi chú']);
    expect(preview.columns.find((c: { heading: string }) => c.heading === 'Số hóa hồ sơ').field).toBe('digitised');
    expect(preview.columns.find((c: { heading: string }) => c.heading === 'Ngày nhận bổ sung').field).toBe('supplementReceivedAt');
    const unitNames = preview.names.filter((n: { kind: string }) => n.kind === 'unit');
    expect(unitNames.every((n: { unresolvedRows: number }) => n.unresolvedRows === 0)).toBe(true);
    const resolvedTo = (name: string) =>
      unitNames
        .filter((n: { written: string }) => n.written.normalize('NFC') === name)
        .flatMap((n: { matches: { id: number; via: string }[] }) => n.matches.map((m) => [m.id, m.via]));
    expect(resolvedTo('Phường Hàng Bạc')).toEqual([[ids.hangBac, 'name']]);
    expect(resolvedTo('Phường Hoàn Kiếm')).toEqual([[ids.hoanKiem, 'name']]);
    expect(preview.names.filter((n: { kind: string }) => n.kind === 'procedure').length).toBe(PROCEDURES.length * 2); // as written and in capitals
    expect(await t.count('imports')).toBe(0);

    // Fixed (the duplicate line dropped, the date corrected): every row stored right.
    badDate[5] = dossier(ROWS).cells[5] as string;
    const fixed = exportFile([...lines, badDate]);
    const done = await upload(fixed);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ rows: ROWS + 1, inserted: ROWS + 1, updated: 0 });
    const rows = await stored();
    expect(rows).toHaveLength(ROWS + 1);
    dossiers.forEach((d, i) => {
      const row = rows[i] as (typeof rows)[number];
      expect([row.unit, row.procedure, row.channel, Boolean(row.digitised)]).toEqual([
        d.expected.oldWard ? '00037' : '00070',
        d.expected.procedureCode,
        d.expected.channel,
        d.expected.digitised,
      ]);
    });
    const audit = (await t.query("select after from audit_log where action = 'import.transactions'"))[0] as { after: string };
    expect(JSON.parse(audit.after).ignored).toEqual(['STT', 'Ghi chú']);

    // QĐ 766 on the new ward: shares equal the file's own counts, on time by the supplementation rule.
    const mine = [...dossiers, dossier(ROWS)].filter((d) => !d.expected.oldWard);
    const share = (f: (d: (typeof mine)[number]) => boolean) => mine.filter(f).length / mine.length;
    const points = (rate: number, max: number, target: number) => Math.min(max, (rate * max) / target);
    const res = await t.app.request(
      `/api/indices?definition=service-qd766-2022&unit=${ids.hoanKiem}&from=2025-07-01&to=2025-12-31&missing=exclude`,
      { headers: { cookie } },
    );
    expect(res.status).toBe(200);
    const leaves = new Map<string, { value: number; n: number }>();
    const walk = (node: { id: string; value: number; n: number; children?: unknown[] }) => {
      leaves.set(node.id, node);
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    walk((await res.json()).computations[0].root);
    expect(leaves.get('online.2')?.n).toBe(mine.length);
    expect(leaves.get('online.2')?.value).toBeCloseTo(
      points(
        share((d) => d.expected.channel === 'online'),
        6,
        0.5,
      ),
      2,
    );
    expect(leaves.get('digitisation.2')?.value).toBeCloseTo(
      points(
        share((d) => d.expected.digitised),
        4,
        0.8,
      ),
      2,
    );
    // Open dossiers are all past their due time by the period's end: none counts as on time.
    expect(leaves.get('progress.1')?.value).toBeCloseTo(20 * share((d) => d.expected.onTime), 2);

    // The same file again stores nothing; so does the same content re-saved (another hash).
    expect(await (await upload(fixed)).json()).toMatchObject({ duplicate: true, inserted: 0 });
    const resaved = new Uint8Array([...fixed, 0x0d, 0x0a]);
    expect(await (await upload(resaved)).json()).toMatchObject({ duplicate: false, inserted: 0, updated: 0, unchanged: ROWS + 1 });
    expect(await t.count('transactions')).toBe(ROWS + 1 + 2);
  });
});

describe('names a file writes', () => {
  const row = (receipt: string, unit: string, procedure: string, received = '05/09/2025 08:00') => [
    String(1),
    receipt,
    unit,
    procedure,
    'Trực tiếp',
    received,
    '10/09/2025',
    '',
    'Có',
    '0',
    '',
    '',
    '',
  ];

  it('lists the closest units for an unknown name, resolves it once staff confirm it, and forgets it when told', async () => {
    const file = exportFile([row('HK-1', 'P. Hoàn Kiếm', 'Đăng ký khai sinh'), row('HK-2', 'P. Hoàn Kiếm', 'Đăng ký khai sinh')]);
    const preview = await (await upload(file, { dryRun: 'true' })).json();
    expect(preview.errorCount).toBe(2);
    const entry = preview.names.find((n: { written: string }) => n.written === 'P. Hoàn Kiếm');
    expect(entry).toMatchObject({ kind: 'unit', rows: 2, unresolvedRows: 2, matches: [] });
    expect(entry.candidates[0]).toMatchObject({ id: ids.hoanKiem, code: '00070' });
    expect(preview.errors[0].message.vi).toContain('Gần nhất: Phường Hoàn Kiếm – Thành phố Hà Nội (00070)');

    // A unit's own staff may not say what a name means; Home Affairs may, once, for every later import.
    const staff = await t.addStaff();
    const alias = { kind: 'unit', name: 'P. Hoàn Kiếm'.normalize('NFD'), targetId: ids.hoanKiem };
    expect((await t.call('POST', '/api/name-aliases', alias, staff)).status).toBe(403);
    const created = await t.call('POST', '/api/name-aliases', alias, cookie);
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await t.call('POST', '/api/name-aliases', alias, cookie)).status).toBe(201); // the same again: nothing new
    expect(await t.count('name_aliases')).toBe(1);
    const listed = await (await t.call('GET', '/api/name-aliases', null, cookie)).json();
    expect(listed).toEqual([
      expect.objectContaining({ id, kind: 'unit', name: 'P. Hoàn Kiếm', target: expect.objectContaining({ code: '00070' }) }),
    ]);

    const again = await (await upload(file, { dryRun: 'true' })).json();
    expect(again.errorCount).toBe(0);
    expect(again.names.find((n: { written: string }) => n.written === 'P. Hoàn Kiếm').matches).toEqual([
      expect.objectContaining({ id: ids.hoanKiem, via: 'alias', rows: 2 }),
    ]);
    expect((await upload(file)).status).toBe(200);
    expect((await stored()).map((r) => r.unit)).toEqual(['00070', '00070']);

    // An alias still resolves only while its unit exists: an older dossier is refused.
    const older = await (
      await upload(exportFile([row('HK-3', 'P. Hoàn Kiếm', 'Đăng ký khai sinh', '05/05/2025')]), { dryRun: 'true' })
    ).json();
    expect(older.errors[0].message.en).toMatch(/^Unit "P\. Hoàn Kiếm" is not valid on 05\/05\/2025/);

    expect((await t.call('DELETE', `/api/name-aliases/${id}`, null, cookie)).status).toBe(204);
    const later = exportFile([row('HK-4', 'P. Hoàn Kiếm', 'Đăng ký khai sinh')]);
    expect((await (await upload(later, { dryRun: 'true' })).json()).errorCount).toBe(1);
    const actions = (await t.query("select action from audit_log where entity = 'name_alias' order by id")) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(['alias.create', 'alias.delete']);
  });

  it('refuses an alias that is a real name, means something else already, or points outside the scope', async () => {
    const refused = await t.call('POST', '/api/name-aliases', { kind: 'unit', name: 'phường hàng bạc', targetId: ids.hoanKiem }, cookie);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.fields[0]).toMatchObject({ field: 'name' });
    await t.call('POST', '/api/name-aliases', { kind: 'procedure', name: 'Khai sinh', targetId: 1 }, cookie);
    const taken = await t.call('POST', '/api/name-aliases', { kind: 'procedure', name: 'KHAI SINH', targetId: 2 }, cookie);
    expect(taken.status).toBe(409);
    const ward = await t.addUser('noivu.badinh', 'home_affairs', t.ward.id);
    const outside = await t.call('POST', '/api/name-aliases', { kind: 'unit', name: 'HK', targetId: ids.hoanKiem }, ward);
    expect(outside.status).toBe(422);
    expect(await t.count('name_aliases')).toBe(1);
  });

  it('says a name is ambiguous when two units bear it that day, unless one alone is in the importer’s scope', async () => {
    const db = t.deps.store.db;
    const other = await db
      .insert(units)
      .values({ code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'province', validFrom: '2008-08-01' })
      .returning()
      .get();
    await db
      .insert(units)
      .values({ code: '26734', name: 'Phường Hoàn Kiếm', kind: 'ward', parentId: other.id, validFrom: '2025-07-01' })
      .run();
    const file = exportFile([row('HK-1', 'Phường Hoàn Kiếm', 'Đăng ký khai sinh')]);
    expect((await upload(file)).status).toBe(200); // the Hà Nội staff's own
    const admin = await t.addUser('quantri', 'admin', null);
    cookie = admin;
    const preview = await (await upload(exportFile([row('HK-2', 'Phường Hoàn Kiếm', 'Đăng ký khai sinh')]), { dryRun: 'true' })).json();
    expect(preview.errors[0].message.en).toMatch(/^2 units are named "Phường Hoàn Kiếm" on 05\/09\/2025: use the unit code/);
    expect(preview.names[0].candidates.map((c: { name: string }) => c.name).sort()).toEqual([
      'Phường Hoàn Kiếm – Thành phố Hà Nội',
      'Phường Hoàn Kiếm – Thành phố Hồ Chí Minh',
    ]);
  });
});

describe('the refused lines of a file', () => {
  it('names them all: the answer shows the first 500 and their total, the download every one with line, rule and both languages', async () => {
    const lines = Array.from({ length: 620 }, (_, i) => {
      const d = dossier(i).cells;
      d[7] = '01/01/2025 08:00'; // resolved before received
      d.splice(9, 3, '0', '', '');
      return d;
    });
    const file = exportFile(lines);
    const refused = await upload(file);
    expect(refused.status).toBe(422);
    const { error } = await refused.json();
    expect(error.lines).toHaveLength(500);
    expect(error.linesTotal).toBe(620);
    expect(error.lines[0]).toMatchObject({ line: 2, field: 'resolvedAt', rule: 'result_not_before_receipt' });
    expect(error.lines[0].message.vi).toMatch(
      /^Ngày có kết quả trước ngày tiếp nhận \(08:00 ngày 01\/01\/2025 trước 08:00 ngày 05\/05\/2025\)\. Quy tắc: /,
    );

    const csv = await upload(file, { format: 'csv' }, '/api/imports/transactions/errors');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('loi-xuat-hoso-mot-cua.csv');
    const text = await csv.text();
    const rows = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe('Dòng / Line,Cột / Field,Quy tắc / Rule,Lỗi,Error');
    expect(rows).toHaveLength(621);
    expect(rows[620]).toMatch(
      /^621,resolvedAt,result_not_before_receipt,Ngày có kết quả trước ngày tiếp nhận .*Resolved before it was received/,
    );

    const xlsx = await upload(file, { format: 'xlsx' }, '/api/imports/transactions/errors');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets[0]?.rowCount).toBe(621);
    expect(book.worksheets[0]?.getRow(621).getCell(1).value).toBe(621);
    expect(await t.count('imports')).toBe(0);
  });

  it('is closed to leaders and to anyone not signed in', async () => {
    const file = exportFile([dossier(0).cells]);
    cookie = await t.addUser('lanhdao', 'leader', ids.province);
    expect((await upload(file, {}, '/api/imports/transactions/errors')).status).toBe(403);
    cookie = '';
    expect((await upload(file, {}, '/api/imports/transactions/errors')).status).toBe(401);
  });
});
