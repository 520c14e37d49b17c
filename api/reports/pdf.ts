import PDFDocument from 'pdfkit';
import type { Label } from '../../engine/index.js';
import { FONTS } from '../platform/pdf/fonts.js';

const MARGIN = 50;
const BAR = '#1f5fa8';

export interface ReportFigure {
  value: number | null;
  interval: { lower: number; upper: number } | null;
  n: number | null;
  lowN: boolean;
}

/** One unit of a report: its headline, official rank, tier and band, and the parts of its index. */
export interface ReportUnit extends ReportFigure {
  name: string;
  /** The ranking block the unit is ranked in (departments apart from the commune level). */
  block?: string;
  rank: number | null;
  tier: { tier: number; rankRange: [number, number] } | null;
  band: { label: Label } | null;
  parts: ({ label: Label } & ReportFigure)[];
}

export interface ReportInput {
  /** The issuing body, as on its letterhead: the parent authority, then the unit. */
  issuer: [string, string];
  /** Place and date line, e.g. "Hà Nội, ngày 23 tháng 11 năm 2026". */
  placeDate: string;
  title: string;
  subject: string;
  period: { from: string; to: string };
  /** census: every case counted, so no interval (QĐ 766 over all dossiers). */
  method: { title: string; basis: string; note?: string; unconfirmed: string[]; census: boolean };
  /** The headline's unit: '%' or ' điểm'. */
  suffix: string;
  units: ReportUnit[];
  /** How the ranking's tiers and ties were decided (a report of several units). */
  rankingRules?: string;
  /** The method's criteria, for the annex. */
  annex: { id: string; label: string; depth: number }[];
}

const vn = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined ? '–' : x.toLocaleString('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const vnDate = (iso: string) => iso.split('-').reverse().join('/');
const span = (i: ReportFigure['interval']) => (i ? `${vn(i.lower, 1)}–${vn(i.upper, 1)}` : '–');

/**
 * The official-style report of an index for one unit or all units of a parent: national motto and
 * letterhead, period, method and sample, summary table with rank, statistical tier and band, a
 * bar chart, a page per unit with the parts of its index, an annex of criteria, page numbers.
 */
export function renderReport(input: ReportInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: input.title },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 20;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };

  // Letterhead: the issuing body on the left, the national motto on the right (Nghị định 30/2020).
  const half = width / 2;
  const top = doc.y;
  doc
    .font('regular')
    .fontSize(10)
    .text(input.issuer[0].toUpperCase(), MARGIN, top, { width: half - 10, align: 'center' });
  doc.font('bold').text(input.issuer[1].toUpperCase(), { width: half - 10, align: 'center' });
  const leftEnd = doc.y;
  doc
    .font('bold')
    .fontSize(10)
    .text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', MARGIN + half, top, { width: half, align: 'center' });
  doc
    .font('bold')
    .fontSize(11)
    .text('Độc lập - Tự do - Hạnh phúc', MARGIN + half, doc.y, { width: half, align: 'center', underline: true });
  doc
    .moveDown(0.6)
    .font('regular')
    .fontSize(10)
    .text(input.placeDate, MARGIN + half, doc.y, { width: half, align: 'center', oblique: true });
  doc.y = Math.max(doc.y, leftEnd) + 24;

  doc.font('bold').fontSize(14).text(input.title.toUpperCase(), MARGIN, doc.y, { width, align: 'center' });
  doc.font('regular').fontSize(11).text(input.subject, { width, align: 'center' });
  doc.text(`Kỳ đánh giá: từ ngày ${vnDate(input.period.from)} đến ngày ${vnDate(input.period.to)}`, { width, align: 'center' });
  doc.moveDown(1);

  const total = input.units.reduce((s, u) => s + (u.n ?? 0), 0);
  doc.font('bold').fontSize(11).text('1. Phương pháp và mẫu', MARGIN, doc.y, { width });
  doc.font('regular').fontSize(10);
  doc.text(`Chỉ số: ${input.method.title}. Căn cứ: ${input.method.basis}.`, { width });
  doc.text(`Số đơn vị: ${input.units.length}. Tổng số câu trả lời / lượt đánh giá hợp lệ: ${total.toLocaleString('vi-VN')}.`, { width });
  doc.text(
    `${
      input.method.census
        ? 'Số liệu tính trên toàn bộ hồ sơ trong kỳ, không chọn mẫu: không có sai số chọn mẫu nên không có khoảng tin cậy; n là số hồ sơ.'
        : 'Mỗi giá trị kèm khoảng tin cậy 95% và cỡ mẫu n.'
    } Hạng chính thức xếp theo giá trị chưa làm tròn; các đơn vị cùng một nhóm thống kê có chênh lệch không có ý nghĩa thống kê.`,
    { width },
  );
  if (input.rankingRules) doc.text(input.rankingRules, { width });
  if (input.method.note) doc.text(input.method.note, { width });
  if (input.method.unconfirmed.length)
    doc.text(`Quy tắc tạm tính, chưa có văn bản xác nhận: ${input.method.unconfirmed.join('; ')}.`, { width });
  doc.moveDown(0.8);

  // Summary table.
  doc.font('bold').fontSize(11).text('2. Kết quả tổng hợp', MARGIN, doc.y, { width });
  doc.moveDown(0.3);
  const columns = [
    { title: 'Hạng', w: 34, align: 'center' as const },
    { title: 'Nhóm', w: 40, align: 'center' as const },
    { title: 'Đơn vị', w: width - 34 - 40 - 62 - 78 - 50 - 84, align: 'left' as const },
    { title: 'Giá trị', w: 62, align: 'right' as const },
    { title: input.method.census ? 'Sai số mẫu' : 'KTC 95%', w: 78, align: 'right' as const },
    { title: 'n', w: 50, align: 'right' as const },
    { title: 'Xếp loại', w: 84, align: 'left' as const },
  ];
  // A single cell spans the table (a block's heading).
  const row = (cells: string[], bold: boolean) => {
    const spans = cells.length === 1 ? [{ w: width, align: 'left' as const }] : columns;
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const heights = cells.map((text, k) => doc.heightOfString(text, { width: (spans[k]?.w ?? 0) - 6 }));
    const h = Math.max(...heights) + 6;
    ensure(h);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((text, k) => {
      const col = spans[k] as (typeof spans)[number];
      doc.text(text, x + 3, y + 3, { width: col.w - 6, align: col.align });
      x += col.w;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + width, y + h)
      .lineWidth(0.4)
      .strokeColor('#999999')
      .stroke();
    doc.y = y + h;
    doc.x = MARGIN;
  };
  row(
    columns.map((c) => c.title),
    true,
  );
  let block: string | undefined;
  for (const u of input.units) {
    if (u.block !== undefined && u.block !== block) {
      block = u.block;
      row([u.block], true);
    }
    row(
      [
        u.rank === null ? '–' : String(u.rank),
        u.tier ? String(u.tier.tier) : '–',
        u.lowN ? `${u.name} (ít mẫu)` : u.name,
        vn(u.value),
        input.method.census ? 'không có' : span(u.interval),
        u.n === null ? '–' : u.n.toLocaleString('vi-VN'),
        u.band?.label.vi ?? '–',
      ],
      false,
    );
  }
  doc.moveDown(1);

  // Bar chart of the headline, vector-drawn, with the value written at each bar.
  const bars = (items: { label: string; value: number | null }[], max: number) => {
    const labelWidth = 170;
    const barArea = width - labelWidth - 50;
    for (const item of items) {
      ensure(16);
      const y = doc.y;
      doc
        .font('regular')
        .fontSize(8)
        .fillColor('black')
        .text(item.label, MARGIN, y + 2, { width: labelWidth - 6, height: 12, ellipsis: true, lineBreak: false });
      const length = item.value === null ? 0 : (barArea * item.value) / max;
      doc.rect(MARGIN + labelWidth, y + 2, Math.max(0, length), 10).fill(BAR);
      doc.fillColor('black').text(vn(item.value), MARGIN + labelWidth + length + 4, y + 2, { width: 46, lineBreak: false });
      doc.y = y + 14;
    }
    doc.x = MARGIN;
    doc.moveDown(0.5);
  };
  const scaleMax = input.suffix === '%' ? 100 : Math.max(1, ...input.units.map((u) => u.value ?? 0));
  if (input.units.length > 1) {
    ensure(60);
    doc.font('bold').fontSize(11).text('3. Biểu đồ so sánh', MARGIN, doc.y, { width });
    doc.moveDown(0.3);
    bars(
      input.units.map((u) => ({ label: u.name, value: u.value })),
      scaleMax,
    );
  }

  // A page per unit.
  input.units.forEach((u, k) => {
    doc.addPage();
    doc
      .font('bold')
      .fontSize(13)
      .text(`${input.units.length > 1 ? `Phụ lục đơn vị ${k + 1}: ` : ''}${u.name}`, MARGIN, doc.y, { width });
    doc.moveDown(0.3).font('regular').fontSize(10);
    doc.text(
      `Giá trị: ${vn(u.value)}${input.suffix} · ${input.method.census ? 'toàn bộ hồ sơ, không chọn mẫu' : `Khoảng tin cậy 95%: ${span(u.interval)}`} · n = ${u.n === null ? '–' : u.n.toLocaleString('vi-VN')}`,
      { width },
    );
    if (u.rank !== null) {
      doc.text(
        `Hạng chính thức: ${u.rank}${u.tier ? ` · Nhóm thống kê ${u.tier.tier} (hạng ${u.tier.rankRange[0]}–${u.tier.rankRange[1]})` : ''}`,
        { width },
      );
    }
    if (u.band) doc.text(`Xếp loại: ${u.band.label.vi}`, { width });
    if (u.lowN) doc.text('Lưu ý: cỡ mẫu dưới mức tối thiểu của phương pháp; số liệu chỉ để tham khảo.', { width });
    doc.moveDown(0.6);
    if (u.parts.length > 0) {
      doc.font('bold').fontSize(11).text('Các thành phần', { width });
      doc.moveDown(0.3);
      bars(
        u.parts.map((p) => ({ label: p.label.vi, value: p.value })),
        input.suffix === '%' ? 100 : Math.max(1, ...u.parts.map((p) => p.value ?? 0)),
      );
      for (const p of u.parts) {
        ensure(14);
        doc
          .font('regular')
          .fontSize(9)
          .text(
            `${p.label.vi}: ${vn(p.value)} (${input.method.census ? 'toàn bộ hồ sơ' : `KTC 95%: ${span(p.interval)}`}; n = ${p.n === null ? '–' : p.n.toLocaleString('vi-VN')})`,
            MARGIN,
            doc.y,
            { width },
          );
      }
    }
  });

  // Annex: the method's criteria.
  doc.addPage();
  doc.font('bold').fontSize(12).text('Phụ lục: Các tiêu chí của phương pháp', MARGIN, doc.y, { width });
  doc.moveDown(0.4);
  for (const item of input.annex) {
    ensure(14);
    doc
      .font(item.depth <= 1 ? 'bold' : 'regular')
      .fontSize(9)
      .text(`${item.id}  ${item.label}`, MARGIN + 12 * item.depth, doc.y, { width: width - 12 * item.depth });
  }
  doc.moveDown(2);
  ensure(90);
  const signY = doc.y;
  doc.font('bold').fontSize(10).text('NGƯỜI LẬP BÁO CÁO', MARGIN, signY, { width: half, align: 'center' });
  doc.text('THỦ TRƯỞNG ĐƠN VỊ', MARGIN + half, signY, { width: half, align: 'center' });
  doc.font('regular').fontSize(9).text('(Ký, ghi rõ họ tên)', MARGIN, doc.y, { width: half, align: 'center', oblique: true });
  doc.text('(Ký tên, đóng dấu)', MARGIN + half, signY + 14, { width: half, align: 'center', oblique: true });

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#444444')
      .text(`${input.subject} · Trang ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN + 10, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
