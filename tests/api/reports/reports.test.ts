import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROM, openDemo, TO } from '../../helpers/demo.js';
import { readPdf, savePages } from '../../helpers/pdf.js';

/** The demo province (a small copy) behind the real app, with an admin signed in. */
let demo: Awaited<ReturnType<typeof openDemo>>;
beforeAll(async () => {
  demo = await openDemo();
});
afterAll(() => demo.close());

describe('the PDF reports', () => {
  const pdfText = async (url: string, name: string) => {
    const res = await demo.get(url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    await savePages(bytes, name, 2);
    return readPdf(bytes);
  };
  const vn = (x: number) => x.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  it('reports every unit of the province, ranked, with the exact Vietnamese names and the ranking’s values', async () => {
    const province = await demo.unitId('01');
    const ranking = (await (
      await demo.app.request(`/api/rankings?definition=tap-rating&parent=${province}&from=${FROM}&to=${TO}`, {
        headers: { cookie: demo.cookie },
      })
    ).json()) as {
      blocks: { label: { vi: string }; rows: { unit: { name: string }; value: number; rank: number }[] }[];
    };
    const rows = ranking.blocks.flatMap((b) => b.rows);
    const { text, pages } = await pdfText(
      `/api/reports/units.pdf?definition=tap-rating&unit=${province}&from=${FROM}&to=${TO}`,
      'report-province',
    );
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Kỳ đánh giá: từ ngày 01/01/2026 đến ngày 31/10/2026');
    expect(text).toContain('Hà Nội, ngày 23 tháng 11 năm 2026');
    for (const row of rows) {
      expect(text).toContain(row.unit.name);
      expect(text).toContain(vn(row.value));
    }
    // Departments and the commune level each under their own heading.
    for (const block of ranking.blocks) expect(text).toContain(block.label.vi);
    // Summary, a page per unit, the annex.
    expect(pages).toBeGreaterThanOrEqual(rows.length + 2);
    expect(text).toContain(`Trang ${pages}/${pages}`);
    expect(text.replace(/\s+/g, ' ')).toContain('theo phương pháp Holm');
  });

  it('names the placeholder rules a QĐ 766 report rests on, and gives it no sampling interval', async () => {
    const province = await demo.unitId('01');
    const { text } = await pdfText(
      `/api/reports/units.pdf?definition=service-qd766-2022&unit=${province}&from=${FROM}&to=${TO}`,
      'report-qd766',
    );
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Quy tắc tạm tính, chưa có văn bản xác nhận: ngưỡng xếp loại, xếp nhóm;');
    expect(flat).toContain('điểm tối đa của các chỉ số thành phần');
    expect(flat).toContain('Số liệu tính trên toàn bộ hồ sơ trong kỳ, không chọn mẫu');
    expect(flat).not.toContain('Mỗi giá trị kèm khoảng tin cậy 95%');
    expect(flat).toContain('toàn bộ hồ sơ, không chọn mẫu');
  });

  it('reports one unit with its figure as the dashboard shows it', async () => {
    const ward = (await demo.query("select id, name from units where kind = 'ward' and valid_to is null order by id limit 1"))[0] as {
      id: number;
      name: string;
    };
    const d = await demo.dashboard(ward.id);
    const { text } = await pdfText(`/api/reports/unit.pdf?definition=tap-rating&unit=${ward.id}&from=${FROM}&to=${TO}`, 'report-unit');
    expect(text).toContain(ward.name);
    expect(text).toContain(`Giá trị: ${vn(d.tap.value as number)}%`);
    expect(text).toContain(`n = ${d.tap.n.toLocaleString('vi-VN')}`);
  });
});
