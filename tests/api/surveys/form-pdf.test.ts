import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.js';
import { readPdf, savePages } from '../../helpers/pdf.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('printable questionnaires', () => {
  it('prints one form per drawn respondent, with its code, every statement and full Vietnamese text', async () => {
    const admin = await t.addUser('quantri', 'admin', null);
    const staff = await t.addStaff();
    const created = await t.app.request('/api/survey-waves', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'SIPAS 2026',
        definitionId: 'sipas-qd1001-2023',
        from: '2026-01-01',
        to: '2026-12-31',
        unitIds: [t.ward.id],
        populations: { [t.ward.id]: 3 },
      }),
    });
    const waveId = ((await created.json()) as { wave: { id: number } }).wave.id;
    const res = await t.app.request(`/api/survey-waves/${waveId}/forms.pdf?unit=${t.ward.id}`, { headers: { cookie: staff } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const { text, pages } = await readPdf(bytes);
    for (const code of [1, 2, 3].map((i) => `S${waveId}-${t.ward.id}-000${i}`)) expect(text).toContain(`Mã phiếu: ${code}`);
    for (const phrase of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập – Tự do – Hạnh phúc',
      'Đơn vị: Phường Ba Đình',
      '29. Trả kết quả đúng hẹn',
      '34. Kết quả xử lý được thông báo kịp thời',
      'Rất không hài lòng',
      'Đẩy mạnh ứng dụng CNTT, chuyển đổi số',
    ]) {
      expect(text).toContain(phrase);
    }
    expect(pages % 3).toBe(0); // each form has the same number of pages
    expect(text).toContain(`Mã phiếu S${waveId}-${t.ward.id}-0003 · Trang ${pages / 3}/${pages / 3}`);

    await savePages(bytes, 'survey-form', 2);
  });

  it('prints the letter-scored questions of a PAR survey under their areas', async () => {
    const admin = await t.addUser('quantri2', 'admin', null);
    const created = await t.app.request('/api/survey-waves', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Điều tra CCHC 2026',
        definitionId: 'par-hanoi-departments-2024',
        from: '2026-01-01',
        to: '2026-12-31',
        unitIds: [t.ward.id],
        populations: { [t.ward.id]: 1 },
      }),
    });
    const waveId = ((await created.json()) as { wave: { id: number } }).wave.id;
    const res = await t.app.request(`/api/survey-waves/${waveId}/forms.pdf?unit=${t.ward.id}`, { headers: { cookie: admin } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const { text } = await readPdf(bytes);
    expect(text).toContain('Cải cách thủ tục hành chính');
    expect(text).toContain('3. Điểm điều tra xã hội học');
    expect(text).toContain(`Mã phiếu: S${waveId}-${t.ward.id}-0001`);
    await savePages(bytes, 'par-survey-form');
  });
});
