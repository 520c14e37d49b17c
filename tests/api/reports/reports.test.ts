import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Definition, getDefinition } from '../../../engine/index.js';
import { FROM, openDemo, TO } from '../../helpers/demo.js';
import { pageFill, readPdf, savePages } from '../../helpers/pdf.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
});
afterAll(() => demo.close());

/** Words of English a Vietnamese report must not carry (names of people and methods aside). */
const ENGLISH = /\b(the|and|of|engine|index|report|unit|units|rank|none|sample|interval|page|value)\b/i;
/** Internal ids: method ids and criterion keys such as "policy.info.1". */
const IDS = /\b[a-z]+(\.[a-z0-9_]+)+\b|tap-rating|sipas-qd|service-qd|par-hanoi/;

describe('the PDF reports', () => {
  const pdf = async (url: string, name: string) => {
    const res = await demo.get(url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    await savePages(bytes, name, 6);
    const read = await readPdf(bytes);
    return { ...read, flat: read.text.replace(/\s+/g, ' '), fills: await pageFill(bytes) };
  };
  const vn = (x: number) => x.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  /**
   * Laid out to fill pages: no page but the last holds only a line or two (a one-line tail), and the
   * last is more than the signature alone (which reaches a tenth of the way down).
   */
  const filled = (fills: number[]) => {
    for (const [k, fill] of fills.slice(0, -1).entries()) expect(fill, `page ${k + 1}`).toBeGreaterThan(0.3);
    expect(fills.at(-1), 'last page').toBeGreaterThan(0.15);
  };

  it('reports every unit of the province as an administrative report: letterhead, number field, results by block, signature', async () => {
    const province = await demo.unitId('01');
    const ranking = (await (
      await demo.app.request(`/api/rankings?definition=tap-rating&parent=${province}&from=${FROM}&to=${TO}`, {
        headers: { cookie: demo.cookie },
      })
    ).json()) as {
      blocks: { label: { vi: string }; rows: { unit: { name: string }; value: number; rank: number }[] }[];
    };
    const rows = ranking.blocks.flatMap((b) => b.rows);
    const { flat, pages, pageTexts, fills } = await pdf(
      `/api/reports/units.pdf?definition=tap-rating&unit=${province}&from=${FROM}&to=${TO}`,
      'report-province',
    );
    for (const words of [
      'UBND THÀNH PHỐ HÀ NỘI SỞ NỘI VỤ',
      'Số: /BC-SNV',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hà Nội, ngày 23 tháng 11 năm 2026',
      'BÁO CÁO Kết quả Tỷ lệ hài lòng (đánh giá nhanh)',
      'Kỳ đánh giá: từ ngày 01/01/2026 đến ngày 31/10/2026',
      'theo phương pháp Holm',
      'Nơi nhận:',
      'GIÁM ĐỐC',
    ])
      expect(flat).toContain(words);
    // Each block under its heading, each unit whole with the ranking's value.
    for (const block of ranking.blocks) expect(flat).toContain(block.label.vi);
    for (const row of rows) expect(flat).toMatch(new RegExp(`${row.rank} ${row.unit.name} ${vn(row.value).replace('.', '\\.')}`));
    // The charts: bars from zero with intervals, the months as dots, the reasons.
    expect(flat).toContain('thanh từ 0');
    expect(flat).toContain('Diễn biến theo tháng');
    expect(flat).toContain('Lý do người dân chưa hài lòng');
    // An internal indicator names no decision and no software, in Vietnamese only.
    expect(flat).not.toContain('Căn cứ: Không có');
    expect(flat).not.toMatch(IDS);
    expect(flat.replace(/Holm/g, '')).not.toMatch(ENGLISH);
    // The signature ends the body: on the last page; page numbers from the second page, at the top.
    expect(pageTexts.at(-1)).toContain('GIÁM ĐỐC');
    for (let k = 1; k < pages; k++) expect(pageTexts[k]?.endsWith(` ${k + 1}`), `page ${k + 1}`).toBe(true);
    expect(pageTexts[0]?.endsWith(' 1')).toBe(false);
    filled(fills);
  });

  it('puts a survey’s sample, design and every criterion under its official name, the annex after the signature', async () => {
    const province = await demo.unitId('01');
    const { flat, fills } = await pdf(
      `/api/reports/units.pdf?definition=sipas-qd1001-2023&unit=${province}&from=${FROM}&to=${TO}`,
      'report-sipas',
    );
    expect(flat).toMatch(/Mẫu khảo sát: \d+ phiếu hoàn thành trên \d+ phiếu theo kế hoạch \(tỷ lệ trả lời \d+,\d%\)/);
    expect(flat).toContain('Khoảng tin cậy tính theo thiết kế mẫu');
    expect(flat).toContain('hệ số thiết kế (deff)');
    expect(flat).toContain('tính theo Quyết định số 1001/QĐ-BNV ngày 11/12/2023 của Bộ Nội vụ');
    const signature = flat.indexOf('GIÁM ĐỐC');
    const annex = flat.indexOf('PHỤ LỤC');
    expect(signature).toBeGreaterThan(flat.indexOf('II. KẾT QUẢ'));
    expect(annex).toBeGreaterThan(signature);
    const definition = getDefinition('sipas-qd1001-2023') as Definition;
    const labels: string[] = [];
    const walk = (node: Definition['root']) => {
      labels.push(node.label.vi);
      if ('children' in node) node.children.forEach(walk);
    };
    walk(definition.root);
    for (const label of labels.slice(1)) expect(flat.slice(annex), label).toContain(label);
    expect(flat).not.toMatch(IDS);
    expect(flat.replace(/Holm|SIPAS/g, '')).not.toMatch(ENGLISH);
    filled(fills);
  });

  it('names the placeholder rules a QĐ 766 report rests on, and gives it no sampling interval', async () => {
    const province = await demo.unitId('01');
    const { flat } = await pdf(
      `/api/reports/units.pdf?definition=service-qd766-2022&unit=${province}&from=${FROM}&to=${TO}`,
      'report-qd766',
    );
    expect(flat).toContain('Quy tắc tạm tính, chưa có văn bản xác nhận: ngưỡng xếp loại, xếp nhóm;');
    expect(flat).toContain('điểm tối đa của các chỉ số thành phần');
    expect(flat).toContain('Số liệu tính trên toàn bộ hồ sơ trong kỳ, không chọn mẫu');
    expect(flat).not.toContain('Mỗi giá trị kèm khoảng tin cậy 95%');
    expect(flat).toContain('toàn bộ hồ sơ, không có khoảng tin cậy');
  });

  it('reports one unit with its figure as the dashboard shows it, on a page', async () => {
    const ward = (await demo.query("select id, name from units where kind = 'ward' and valid_to is null order by id limit 1"))[0] as {
      id: number;
      name: string;
    };
    const d = await demo.dashboard(ward.id);
    const { flat, pages, fills } = await pdf(
      `/api/reports/unit.pdf?definition=tap-rating&unit=${ward.id}&from=${FROM}&to=${TO}`,
      'report-unit',
    );
    expect(flat).toContain(`${ward.name}: ${vn(d.tap.value as number)}%`);
    expect(flat).toContain(`n = ${d.tap.n.toLocaleString('vi-VN')}`);
    expect(pages).toBeLessThanOrEqual(2);
    filled(fills);
  });

  it('is written in English when asked, and only then', async () => {
    const province = await demo.unitId('01');
    const { flat } = await pdf(
      `/api/reports/units.pdf?definition=sipas-qd1001-2023&unit=${province}&from=${FROM}&to=${TO}&lang=en`,
      'report-english',
    );
    for (const words of ['SOCIALIST REPUBLIC OF VIET NAM', 'REPORT', 'I. METHOD AND SAMPLE', 'ANNEX', 'DIRECTOR'])
      expect(flat).toContain(words);
    for (const words of ['Kỳ đánh giá', 'Phương pháp', 'Giá trị', 'Nơi nhận', 'PHỤ LỤC']) expect(flat).not.toContain(words);
  });
});
