import PDFDocument from 'pdfkit';
import type { Definition } from '../../engine/index.js';
import { LEVEL_LABELS, LEVELS } from '../../engine/index.js';
import { FONTS } from '../platform/pdf/fonts.js';
import { questionnaireOrder } from './questionnaire.js';

const MARGIN = 42;
const BOX = 11;

/**
 * The printable questionnaire of a wave: one form per drawn respondent, its code on every page, the
 * statements numbered as the entry page and imports number them, a box per answer level.
 */
export function renderSurveyForms(definition: Definition, wave: { name: string }, unitName: string, codes: string[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Phiếu khảo sát – ${wave.name} – ${unitName}` },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const width = doc.page.width - 2 * MARGIN;
  const boxesX = MARGIN + width - LEVELS.length * 28;
  const order = questionnaireOrder(definition);
  // A SIPAS form asks for satisfaction levels; a PAR sociological survey asks lettered questions.
  const levels = order.some((q) => q.kind === 'level');
  const sections = new Map<string, string>();
  const walk = (node: Definition['root'], section: string) => {
    if ('children' in node) for (const child of node.children) walk(child, 'children' in child ? child.label.vi : section || node.label.vi);
    else sections.set(node.id, section);
  };
  walk(definition.root, '');
  const pageOwner: string[] = [];

  const ensure = (height: number) => {
    if (doc.y + height > doc.page.height - MARGIN - 24) {
      doc.addPage();
      pageOwner.push(pageOwner.at(-1) as string);
      if (levels) levelHeader();
    }
  };
  const box = (x: number, y: number) => doc.rect(x, y, BOX, BOX).lineWidth(0.8).stroke();
  const levelHeader = () => {
    const y = doc.y;
    doc.font('bold').fontSize(8);
    for (const [i, level] of LEVELS.entries()) doc.text(String(level), boxesX + i * 28, y, { width: BOX, align: 'center' });
    doc.moveDown(0.4);
  };

  codes.forEach((code, index) => {
    if (index > 0) doc.addPage();
    pageOwner.push(code);
    doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', MARGIN, MARGIN, { width, align: 'center' });
    doc.text('Độc lập – Tự do – Hạnh phúc', { width, align: 'center', underline: true });
    doc.moveDown(1);
    doc.fontSize(14).text(levels ? 'PHIẾU KHẢO SÁT SỰ HÀI LÒNG CỦA NGƯỜI DÂN' : 'PHIẾU ĐIỀU TRA XÃ HỘI HỌC', { width, align: 'center' });
    doc.font('regular').fontSize(10).text(`${definition.title.vi} · ${wave.name}`, { width, align: 'center' });
    doc.text(`Đơn vị: ${unitName}`, { width, align: 'center' });
    doc.moveDown(0.6);
    doc.font('bold').fontSize(12).text(`Mã phiếu: ${code}`, { width, align: 'right' });
    doc.moveDown(0.4);
    doc
      .font('regular')
      .fontSize(9)
      .text(
        levels
          ? `Ông/Bà vui lòng đánh dấu X vào một ô cho mỗi nhận định: ${LEVELS.map((l) => `${l} = ${LEVEL_LABELS[l].vi}`).join('; ')}. ` +
              'Nếu không biết hoặc không áp dụng, xin để trống. Phiếu không ghi tên người trả lời.'
          : 'Ông/Bà vui lòng đánh dấu X vào một phương án cho mỗi câu hỏi. Phiếu không ghi tên người trả lời.',
        { width },
      );
    doc.moveDown(0.8);
    if (levels) levelHeader();

    let section = '';
    for (const q of order) {
      const heading = q.statement ? (sections.get(q.id) ?? '') : '';
      if (q.statement && heading !== section) {
        section = heading;
        ensure(34);
        doc
          .moveDown(0.3)
          .font('bold')
          .fontSize(9.5)
          .text(heading, MARGIN, doc.y, { width: boxesX - MARGIN - 8 });
        doc.moveDown(0.2);
      }
      // Statements answer on one line: five level boxes, or a box per letter with the letter beside it.
      if (q.kind === 'level' || (q.statement && (q.options?.length ?? 0) <= LEVELS.length)) {
        const label = `${q.number}. ${q.label.vi}`;
        doc.font('regular').fontSize(9);
        const height = doc.heightOfString(label, { width: boxesX - MARGIN - 12 });
        ensure(Math.max(height, BOX) + 6);
        const y = doc.y;
        doc.text(label, MARGIN, y, { width: boxesX - MARGIN - 12 });
        const count = q.kind === 'level' ? LEVELS.length : (q.options?.length ?? 0);
        for (let i = 0; i < count; i++) {
          box(boxesX + i * 28, y);
          if (q.kind !== 'level')
            doc.fontSize(8).text(q.options?.[i]?.label.vi ?? '', boxesX + i * 28 + BOX + 2, y + 1, { lineBreak: false });
        }
        doc.y = y + Math.max(height, BOX) + 5;
        continue;
      }
      ensure(40);
      doc
        .moveDown(0.4)
        .font(q.statement ? 'regular' : 'bold')
        .fontSize(9.5)
        .text(`${q.number}. ${q.label.vi}${q.kind === 'options' ? ' (có thể chọn nhiều)' : ''}`, MARGIN, doc.y, { width });
      doc.font('regular').fontSize(9);
      for (const [i, option] of (q.options ?? []).entries()) {
        ensure(16);
        const y = doc.y + 2;
        box(MARGIN + 8, y);
        doc.text(q.statement ? option.label.vi : `${i + 1}. ${option.label.vi}`, MARGIN + 26, y, { width: width - 26 });
        doc.y = Math.max(doc.y, y + BOX) + 2;
      }
    }
    doc.moveDown(1).font('regular').fontSize(9).text('Xin trân trọng cảm ơn Ông/Bà!', MARGIN, doc.y, { width, align: 'center' });
  });

  // Page numbers and the form's code at the foot of every page.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Writing inside the bottom margin would make PDFKit open a new page: lift the margin for the footer.
    doc.page.margins.bottom = 0;
    const owner = pageOwner[i] ?? '';
    const pagesOfForm = pageOwner.filter((o) => o === owner).length;
    const pageOfForm = pageOwner.slice(0, i + 1).filter((o) => o === owner).length;
    doc
      .font('regular')
      .fontSize(8)
      .text(`Mã phiếu ${owner} · Trang ${pageOfForm}/${pagesOfForm}`, MARGIN, doc.page.height - MARGIN + 6, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
