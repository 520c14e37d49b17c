import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await makeTestApp();
  cookie = await t.addUser('noivu.hanoi', 'home_affairs', t.ward.parentId);
});
afterEach(() => t.close());

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const catalogue = async () =>
  (await json(await t.call('GET', '/api/procedures', null, cookie))).body as {
    code: string;
    levels: string[];
    onlineLevel: string | null;
    name: string;
  }[];

async function importFile(content: string | Uint8Array, dryRun = false, name = 'danh-muc-tthc.csv') {
  const form = new FormData();
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  form.append('dryRun', String(dryRun));
  return json(await t.app.request('/api/imports/procedures', { method: 'POST', headers: { cookie }, body: form }));
}

describe('the procedure catalogue', () => {
  it('is kept through the API: added, corrected, a code used once', async () => {
    const added = await json(
      await t.call(
        'POST',
        '/api/procedures',
        { code: '1.000894', name: 'Đăng ký kết hôn'.normalize('NFD'), field: 'Hộ tịch', levels: ['commune'], onlineLevel: 'partial' },
        cookie,
      ),
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'Đăng ký kết hôn', levels: ['commune'], onlineLevel: 'partial' });
    expect((await t.call('POST', '/api/procedures', { code: '1.000894', name: 'Khác', field: 'Hộ tịch' }, cookie)).status).toBe(409);
    const changed = await json(await t.call('PATCH', `/api/procedures/${added.body.id}`, { onlineLevel: 'full' }, cookie));
    expect(changed.body).toMatchObject({ onlineLevel: 'full', levels: ['commune'], name: 'Đăng ký kết hôn' });
    const staff = await t.addStaff();
    expect((await t.call('PATCH', `/api/procedures/${added.body.id}`, { name: 'X' }, staff)).status).toBe(403);
    expect((await catalogue()).map((p) => p.code)).toEqual(['1.000894', '1.001193']);
  });

  it('imports a provincial list as it is written: levels several or one, online levels in words, unknown columns listed', async () => {
    const text = [
      'STT;Mã TTHC;Tên thủ tục hành chính;Lĩnh vực;Cấp thực hiện;Mức độ DVC;Cơ quan thực hiện',
      '1;1.001193;Đăng ký khai sinh;Hộ tịch;Cấp xã;Toàn trình;UBND cấp xã',
      '2;2.000908;Chứng thực bản sao từ bản chính giấy tờ, văn bản;Chứng thực;Cấp tỉnh, Cấp xã;Một phần;UBND',
      '3;1.004227;Cấp giấy phép xây dựng;Xây dựng;Cấp tỉnh;Mức độ 2;Sở Xây dựng',
    ]
      .join('\r\n')
      .normalize('NFD');
    const preview = await importFile(`\uFEFF${text}`, true);
    expect(preview.body).toMatchObject({ dryRun: true, rows: 3, inserted: 2, updated: 1, unchanged: 0, errorCount: 0 });
    expect(preview.body.columns.filter((c: { field: string | null }) => !c.field).map((c: { heading: string }) => c.heading)).toEqual([
      'STT',
      'Cơ quan thực hiện',
    ]);
    expect(await catalogue()).toHaveLength(1);
    const done = await importFile(`\uFEFF${text}`);
    expect(done.body).toMatchObject({ inserted: 2, updated: 1 });
    const byCode = new Map((await catalogue()).map((p) => [p.code, p]));
    expect(byCode.get('2.000908')).toMatchObject({ levels: ['province', 'commune'], onlineLevel: 'partial' });
    expect(byCode.get('1.001193')).toMatchObject({ levels: ['commune'], onlineLevel: 'full', name: 'Đăng ký khai sinh' });
    expect(byCode.get('1.004227')).toMatchObject({ levels: ['province'], onlineLevel: 'none' });
    expect((await importFile(text)).body).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('imports the list as an Excel workbook too', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh mục');
    sheet.addRow(['Mã TTHC', 'Tên thủ tục hành chính', 'Lĩnh vực', 'Cấp thực hiện', 'Mức độ DVC']);
    sheet.addRow(['1.000894', 'Đăng ký kết hôn', 'Hộ tịch', 'Cấp xã', 'Một phần']);
    const done = await importFile(new Uint8Array(await workbook.xlsx.writeBuffer()), false, 'danh-muc.xlsx');
    expect(done.body).toMatchObject({ inserted: 1, errorCount: 0 });
    expect((await catalogue()).find((p) => p.code === '1.000894')).toMatchObject({ levels: ['commune'], onlineLevel: 'partial' });
  });

  it('refuses a list with an unknown level, a repeated code or a missing name, whole, naming each line', async () => {
    const text = [
      'Mã TTHC,Tên thủ tục,Lĩnh vực,Cấp thực hiện',
      '1.000894,Đăng ký kết hôn,Hộ tịch,Cấp huyện',
      '1.000894,Đăng ký kết hôn,Hộ tịch,Cấp xã',
      '1.000001,,Hộ tịch,Cấp xã',
    ].join('\n');
    const refused = await importFile(text);
    expect(refused.status).toBe(422);
    expect(refused.body.error.lines.map((l: { line: number; field: string }) => [l.line, l.field])).toEqual([
      [2, 'levels'],
      [3, 'code'],
      [4, 'name'],
    ]);
    expect(refused.body.error.lines[1]).toMatchObject({ rule: 'procedure_code_once' });
    expect(await catalogue()).toHaveLength(1);
    const missing = await importFile('Mã,Lĩnh vực\n1,Hộ tịch');
    expect(missing.body.error.lines[0].message.en).toMatch(/^Missing column "procedure name"/);
  });
});
