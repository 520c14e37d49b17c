import PDFDocument from 'pdfkit';
import { FONTS } from '../platform/pdf/fonts.js';

const MARGIN = 56;
const BAR = '#1f5fa8';
const INK = '#222222';
const GRID = '#bbbbbb';

export type ReportLang = 'vi' | 'en';

export interface ReportFigure {
  value: number | null;
  interval: { lower: number; upper: number } | null;
  n: number | null;
  lowN: boolean;
}

/** One unit of a report: its headline, official rank, rank range and band, and the parts of its index. */
export interface ReportUnit extends ReportFigure {
  name: string;
  rank: number | null;
  /** The ranks chance leaves open to it (statistical tier). */
  rankRange: [number, number] | null;
  band: string | null;
  parts: ({ label: string } & ReportFigure)[];
}

/** A ranking block: departments apart from the commune level, each with how its ranks were decided. */
export interface ReportBlock {
  label: string | null;
  rules: string | null;
  units: ReportUnit[];
}

export interface ReportInput {
  lang: ReportLang;
  /** The issuing body, as on its letterhead: the parent authority, then the unit. */
  issuer: [string, string];
  /** The symbol after the number field, e.g. "BC-SNV" (a report of the Sở Nội vụ). */
  symbol: string;
  place: string;
  /** ISO date the report is made. */
  date: string;
  title: string;
  subject: string;
  period: { from: string; to: string };
  method: {
    title: string;
    /** The decision the method follows, or null for an internal indicator. */
    basis: string | null;
    note?: string;
    unconfirmed: string[];
    /** Every case counted, so no interval (QĐ 766 over all dossiers). */
    census: boolean;
    /** The survey behind the figures: forms planned and completed, and the design. */
    survey: { planned: number; completed: number; design: string | null } | null;
  };
  /** The headline's unit: '%' or ' điểm' / ' points'. */
  suffix: string;
  /** The whole of what is reported on (a province's figure over all its units). */
  overall: ({ name: string } & ReportFigure) | null;
  blocks: ReportBlock[];
  /** Month by month, for the indicators read continuously (the tap rating). */
  trend: ({ period: string } & ReportFigure)[];
  reasons: { label: string; count: number }[];
  /** The method's criteria under their official names, for the annex. */
  annex: { label: string; depth: number }[];
}

const WORDS = {
  vi: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    number: (symbol: string) => `Số:        /${symbol}`,
    placeDate: (place: string, [y, m, d]: string[]) => `${place}, ngày ${d} tháng ${m} năm ${y}`,
    report: 'BÁO CÁO',
    resultOf: (title: string) => `Kết quả ${title}`,
    period: (from: string, to: string) => `Kỳ đánh giá: từ ngày ${from} đến ngày ${to}`,
    methodHead: 'I. PHƯƠNG PHÁP VÀ MẪU',
    basis: (title: string, basis: string | null) =>
      basis
        ? `Chỉ số: ${title}, tính theo ${basis}.`
        : `Chỉ số: ${title}. Đây là chỉ số theo dõi vận hành của hệ thống, không theo văn bản hướng dẫn của cơ quan có thẩm quyền.`,
    census:
      'Số liệu tính trên toàn bộ hồ sơ trong kỳ, không chọn mẫu: không có sai số chọn mẫu nên không có khoảng tin cậy; n là số hồ sơ.',
    sampled: 'Mỗi giá trị kèm khoảng tin cậy 95% và cỡ mẫu n.',
    survey: (planned: number, completed: number, rate: string) =>
      `Mẫu khảo sát: ${completed} phiếu hoàn thành trên ${planned} phiếu theo kế hoạch (tỷ lệ trả lời ${rate}).`,
    counts: (units: number) => `Số đơn vị được báo cáo: ${units}, xếp hạng theo từng khối.`,
    ranks:
      'Hạng chính thức xếp theo giá trị chưa làm tròn. Cột "Có thể ở hạng" cho khoảng hạng mà đơn vị có thể giữ khi bỏ qua các chênh lệch không có ý nghĩa thống kê: các đơn vị có khoảng hạng chồng nhau không nên coi đơn vị đứng trước là tốt hơn.',
    unconfirmed: (rules: string) => `Quy tắc tạm tính, chưa có văn bản xác nhận: ${rules}.`,
    resultsHead: 'II. KẾT QUẢ',
    overall: (name: string, value: string, ci: string, n: string) => `${name}: ${value} (${ci}; n = ${n}).`,
    ci: (span: string) => `khoảng tin cậy 95%: ${span}`,
    noCi: 'toàn bộ hồ sơ, không có khoảng tin cậy',
    columns: ['Hạng', 'Đơn vị', 'Giá trị', 'KTC 95%', 'n', 'Có thể ở hạng', 'Xếp loại'],
    partColumns: ['Thành phần', 'Giá trị', 'KTC 95%', 'n'],
    whole: 'toàn bộ',
    fewAnswers: 'ít mẫu',
    chartsHead: 'III. BIỂU ĐỒ',
    barsTitle: 'Giá trị và khoảng tin cậy 95% (thanh từ 0; đoạn ngang là khoảng tin cậy)',
    barsCensus: 'Giá trị (thanh từ 0; đếm trên toàn bộ hồ sơ, không có khoảng tin cậy)',
    partsTitle: 'Các thành phần và khoảng tin cậy 95% (thanh từ 0)',
    trendTitle: 'Diễn biến theo tháng (điểm là giá trị, đoạn dọc là khoảng tin cậy 95%; trục không bắt đầu từ 0)',
    reasonsTitle: 'Lý do người dân chưa hài lòng (số lần được chọn)',
    recipients: 'Nơi nhận:',
    recipientList: (issuer: string, symbol: string) => [`- ${issuer} (để báo cáo);`, `- Lưu: VT, ${symbol.replace(/^BC-/, '')}.`],
    signer: 'GIÁM ĐỐC',
    signNote: '(Ký, ghi rõ họ tên, đóng dấu)',
    annex: 'PHỤ LỤC',
    annexOf: (title: string, period: string) => `(Kèm theo Báo cáo kết quả ${title}, ${period})`,
    annexUnits: 'Phụ lục I. Kết quả các thành phần theo từng đơn vị',
    annexCriteria: (roman: string) => `Phụ lục ${roman}. Các tiêu chí của phương pháp`,
    few: 'Lưu ý: cỡ mẫu dưới mức tối thiểu của phương pháp; số liệu chỉ để tham khảo.',
  },
  en: {
    nation: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    number: (symbol: string) => `No.        /${symbol}`,
    placeDate: (place: string, [y, m, d]: string[]) => `${place}, ${d}/${m}/${y}`,
    report: 'REPORT',
    resultOf: (title: string) => `Results of the ${title}`,
    period: (from: string, to: string) => `Period: ${from} to ${to}`,
    methodHead: 'I. METHOD AND SAMPLE',
    basis: (title: string, basis: string | null) =>
      basis
        ? `Index: ${title}, computed under ${basis}.`
        : `Index: ${title}. An operational indicator of the system, not set by any authority.`,
    census: 'Counted over every dossier of the period, not sampled: no sampling error, so no interval; n is the number of dossiers.',
    sampled: 'Each value is given with its 95% confidence interval and its sample size n.',
    survey: (planned: number, completed: number, rate: string) =>
      `Survey sample: ${completed} forms completed of ${planned} planned (response rate ${rate}).`,
    counts: (units: number) => `Units reported: ${units}, ranked block by block.`,
    ranks:
      'Official ranks follow the unrounded values. "Could rank" gives the ranks a unit could hold once differences that are not significant are set aside: units whose ranges overlap should not be read as better or worse.',
    unconfirmed: (rules: string) => `Provisional rules, not yet confirmed by any document: ${rules}.`,
    resultsHead: 'II. RESULTS',
    overall: (name: string, value: string, ci: string, n: string) => `${name}: ${value} (${ci}; n = ${n}).`,
    ci: (span: string) => `95% confidence interval: ${span}`,
    noCi: 'every dossier, no interval',
    columns: ['Rank', 'Unit', 'Value', '95% CI', 'n', 'Could rank', 'Grade'],
    partColumns: ['Part', 'Value', '95% CI', 'n'],
    whole: 'all',
    fewAnswers: 'small sample',
    chartsHead: 'III. CHARTS',
    barsTitle: 'Value and 95% confidence interval (bars from 0; the line across is the interval)',
    barsCensus: 'Value (bars from 0; counted over every dossier, no interval)',
    partsTitle: 'Parts and their 95% confidence intervals (bars from 0)',
    trendTitle: 'Month by month (dots are values, lines the 95% intervals; the axis does not start at 0)',
    reasonsTitle: 'Reasons citizens gave for dissatisfaction (times chosen)',
    recipients: 'To:',
    recipientList: (issuer: string, symbol: string) => [`- ${issuer} (for information);`, `- Archive: ${symbol.replace(/^BC-/, '')}.`],
    signer: 'DIRECTOR',
    signNote: '(Signature, full name and seal)',
    annex: 'ANNEX',
    annexOf: (title: string, period: string) => `(To the report on the ${title}, ${period})`,
    annexUnits: 'Annex I. The parts of each unit’s index',
    annexCriteria: (roman: string) => `Annex ${roman}. The method’s criteria`,
    few: 'Note: the sample is below the method’s minimum; read the figures as indicative only.',
  },
} as const;

/**
 * The report of an index for one unit or the units of a parent, laid out as an administrative
 * report (Nghị định 30/2020/NĐ-CP): letterhead with the number and symbol field, place and date,
 * title; method and sample; results table with interval, n and rank range, block by block; charts
 * (bars from zero with intervals, the trend as a dot plot, reasons); recipients and the signature
 * at the end of the body; then the annex (each unit's parts, flowing, only where a unit has parts;
 * every criterion under its official name). Page numbers at the top, from the second page.
 */
export function renderReport(input: ReportInput): Promise<Buffer> {
  const w = WORDS[input.lang];
  const locale = input.lang === 'vi' ? 'vi-VN' : 'en-GB';
  const num = (x: number | null | undefined, digits = 2) =>
    x === null || x === undefined ? '–' : x.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const count = (x: number | null) => (x === null ? '–' : x.toLocaleString(locale));
  const day = (iso: string) => iso.split('-').reverse().join('/');
  const span = (i: ReportFigure['interval']) => (input.method.census ? w.whole : i ? `${num(i.lower, 1)}–${num(i.upper, 1)}` : '–');

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN + 28, right: MARGIN - 8 },
    bufferPages: true,
    info: { Title: `${w.report} ${input.title}` },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  /** A page break when `height` does not fit; true when one was made. */
  const ensure = (height: number) => {
    if (doc.y + height <= bottom()) return false;
    doc.addPage();
    return true;
  };
  const para = (text: string, size = 11) => {
    doc.font('regular').fontSize(size).fillColor(INK);
    ensure(doc.heightOfString(text, { width }) + 2);
    doc.text(text, left, doc.y, { width, align: 'justify', paragraphGap: 3 });
  };
  const heading = (text: string, size = 12, space = 60) => {
    ensure(space);
    doc.moveDown(0.5).font('bold').fontSize(size).fillColor(INK).text(text, left, doc.y, { width });
    doc.moveDown(0.25);
  };

  // Letterhead (Nghị định 30/2020): issuing body and number on the left, national motto, place and date on the right.
  const leftWidth = width * 0.42;
  const rightX = left + width * 0.42;
  const rightWidth = width * 0.58;
  const top = doc.y;
  doc.font('regular').fontSize(11).text(input.issuer[0].toUpperCase(), left, top, { width: leftWidth, align: 'center' });
  doc.font('bold').text(input.issuer[1].toUpperCase(), left, doc.y, { width: leftWidth, align: 'center' });
  const rule = (x: number, colWidth: number, length: number) => {
    const y = doc.y + 1;
    doc
      .moveTo(x + (colWidth - length) / 2, y)
      .lineTo(x + (colWidth + length) / 2, y)
      .lineWidth(0.6)
      .strokeColor(INK)
      .stroke();
    doc.y = y + 6;
  };
  rule(left, leftWidth, 60);
  doc.font('regular').fontSize(11).text(w.number(input.symbol), left, doc.y, { width: leftWidth, align: 'center' });
  const leftEnd = doc.y;
  doc.font('bold').fontSize(11).text(w.nation, rightX, top, { width: rightWidth, align: 'center' });
  doc.font('bold').fontSize(12).text(w.motto, rightX, doc.y, { width: rightWidth, align: 'center' });
  rule(rightX, rightWidth, doc.widthOfString(w.motto));
  doc
    .font('regular')
    .fontSize(11)
    .text(w.placeDate(input.place, input.date.split('-')), rightX, doc.y + 4, { width: rightWidth, align: 'center', oblique: true });
  doc.y = Math.max(doc.y, leftEnd) + 22;

  doc.font('bold').fontSize(14).text(w.report, left, doc.y, { width, align: 'center' });
  doc.font('bold').fontSize(12).text(w.resultOf(input.title), { width, align: 'center' });
  doc.font('regular').fontSize(11).text(input.subject, { width, align: 'center' });
  doc.text(w.period(day(input.period.from), day(input.period.to)), { width, align: 'center' });
  rule(left, width, 100);
  doc.moveDown(0.6);

  // I. Method and sample.
  const units = input.blocks.flatMap((b) => b.units);
  heading(w.methodHead);
  para(w.basis(input.method.title, input.method.basis));
  if (input.method.note) para(input.method.note);
  const survey = input.method.survey;
  if (survey?.planned) para(w.survey(survey.planned, survey.completed, `${num((100 * survey.completed) / survey.planned, 1)}%`));
  if (survey?.design) para(survey.design);
  if (units.length > 1) para(w.counts(units.length));
  para(input.method.census ? w.census : w.sampled);
  if (units.length > 1) para(w.ranks);
  for (const b of input.blocks) if (b.rules) para(b.rules);
  if (input.method.unconfirmed.length) para(w.unconfirmed(input.method.unconfirmed.join('; ')));

  // II. Results: the whole, then a table per block (one unit: its parts).
  heading(w.resultsHead);
  const o = input.overall;
  if (o && units.length > 1)
    para(w.overall(o.name, `${num(o.value)}${input.suffix}`, input.method.census ? w.noCi : w.ci(span(o.interval)), count(o.n)));
  type Column = { title: string; w: number; align: 'left' | 'center' | 'right' };
  const table = (columns: Column[], rows: string[][], caption: string | null) => {
    const head = columns.map((c) => c.title);
    const row = (cells: string[], bold: boolean, fill?: string) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(10);
      const spans = cells.length === 1 ? [{ w: width, align: 'left' as const }] : columns;
      const h = Math.max(...cells.map((text, k) => doc.heightOfString(text, { width: (spans[k]?.w ?? 0) - 8 }))) + 8;
      // A table carried over to the next page repeats its heading row.
      if (ensure(h + (bold ? 20 : 0)) && !bold) row(head, true);
      const y = doc.y;
      if (fill) doc.rect(left, y, width, h).fill(fill);
      let x = left;
      cells.forEach((text, k) => {
        const col = spans[k] as (typeof spans)[number];
        doc.fillColor(INK).text(text, x + 4, y + 4, { width: col.w - 8, align: col.align });
        x += col.w;
      });
      doc
        .moveTo(left, y + h)
        .lineTo(left + width, y + h)
        .lineWidth(0.5)
        .strokeColor(GRID)
        .stroke();
      doc.y = y + h;
      doc.x = left;
    };
    // A short table (a unit's parts) is kept on one page.
    if (rows.length <= 8) ensure(22 * (rows.length + 2) + 10);
    if (caption) row([caption], true, '#eef2f7');
    row(head, true);
    for (const r of rows) row(r, false);
    doc.moveDown(0.6);
  };
  const figureCells = (f: ReportFigure) => [`${num(f.value)}${f.lowN ? ` (${w.fewAnswers})` : ''}`, span(f.interval), count(f.n)];
  const partsTable = (u: ReportUnit, caption: string | null) =>
    table(
      [
        { title: w.partColumns[0], w: width - 230, align: 'left' },
        { title: w.partColumns[1], w: 80, align: 'right' },
        { title: w.partColumns[2], w: 90, align: 'right' },
        { title: w.partColumns[3], w: 60, align: 'right' },
      ],
      u.parts.map((p) => [p.label, ...figureCells(p)]),
      caption,
    );
  if (units.length === 1) {
    const u = units[0] as ReportUnit;
    para(w.overall(u.name, `${num(u.value)}${input.suffix}`, input.method.census ? w.noCi : w.ci(span(u.interval)), count(u.n)));
    if (u.band) para(`${w.columns[6]}: ${u.band}.`);
    if (u.lowN) para(w.few);
    if (u.parts.length) partsTable(u, null);
  } else {
    const columns: Column[] = [
      { title: w.columns[0], w: 40, align: 'center' },
      { title: w.columns[1], w: width - 40 - 62 - 78 - 52 - 60 - 70, align: 'left' },
      { title: w.columns[2], w: 62, align: 'right' },
      { title: w.columns[3], w: 78, align: 'right' },
      { title: w.columns[4], w: 52, align: 'right' },
      { title: w.columns[5], w: 60, align: 'center' },
      { title: w.columns[6], w: 70, align: 'left' },
    ];
    for (const b of input.blocks)
      table(
        columns,
        b.units.map((u) => [
          u.rank === null ? '–' : String(u.rank),
          u.name,
          ...figureCells(u),
          u.rankRange ? `${u.rankRange[0]}–${u.rankRange[1]}` : '–',
          u.band ?? '–',
        ]),
        b.label,
      );
  }

  // III. Charts, drawn as vectors.
  const scaleOf = (values: (number | null)[]) => (input.suffix === '%' ? 100 : Math.max(1, ...values.map((v) => v ?? 0)));
  const bars = (items: ({ label: string } & ReportFigure)[], title: string) => {
    const max = scaleOf(items.flatMap((i) => [i.value, i.interval?.upper ?? null]));
    const labelWidth = 180;
    const area = width - labelWidth - 56;
    doc.font('bold').fontSize(10);
    ensure(30 + 16 * Math.min(items.length, 6));
    doc.fillColor(INK).text(title, left, doc.y, { width });
    doc.moveDown(0.3);
    const x0 = left + labelWidth;
    const startY = doc.y;
    for (const item of items) {
      doc.font('regular').fontSize(9);
      const h = Math.max(16, doc.heightOfString(item.label, { width: labelWidth - 8 }) + 4);
      ensure(h + 18);
      const y = doc.y;
      doc.fillColor(INK).text(item.label, left, y + 2, { width: labelWidth - 8 });
      const at = (v: number) => x0 + (area * Math.max(0, Math.min(v, max))) / max;
      if (item.value !== null) doc.rect(x0, y + 3, at(item.value) - x0, 10).fill(BAR);
      if (item.interval && !input.method.census) {
        const [a, b] = [at(item.interval.lower), at(item.interval.upper)];
        doc
          .moveTo(a, y + 8)
          .lineTo(b, y + 8)
          .moveTo(a, y + 4)
          .lineTo(a, y + 12)
          .moveTo(b, y + 4)
          .lineTo(b, y + 12);
        doc.lineWidth(1).strokeColor(INK).stroke();
      }
      doc.fillColor(INK).text(num(item.value), x0 + area + 6, y + 2, { width: 50, lineBreak: false });
      doc.y = y + h;
    }
    // The scale, from zero.
    const y = doc.y + 2;
    doc
      .moveTo(x0, Math.max(startY, y - 2))
      .lineTo(x0, y)
      .lineWidth(0.5)
      .strokeColor(GRID)
      .stroke();
    doc
      .moveTo(x0, y)
      .lineTo(x0 + area, y)
      .stroke();
    doc.font('regular').fontSize(8).fillColor('#555555');
    for (const k of [0, 0.25, 0.5, 0.75, 1]) {
      const tick = x0 + area * k;
      doc
        .moveTo(tick, y)
        .lineTo(tick, y + 3)
        .stroke();
      doc.text(num(max * k, 0), tick - 20, y + 4, { width: 40, align: 'center', lineBreak: false });
    }
    doc.y = y + 18;
    doc.x = left;
    doc.moveDown(0.5);
  };
  const dots = (items: ({ period: string } & ReportFigure)[], title: string) => {
    const values = items.flatMap((i) => (i.interval ? [i.interval.lower, i.interval.upper] : i.value === null ? [] : [i.value]));
    if (values.length === 0) return;
    const lo = Math.floor(Math.min(...values) - 1);
    const hi = Math.ceil(Math.max(...values) + 1);
    const height = 120;
    ensure(height + 50);
    doc.font('bold').fontSize(10).fillColor(INK).text(title, left, doc.y, { width });
    const y0 = doc.y + 6;
    const x0 = left + 36;
    const plotWidth = width - 44;
    const yAt = (v: number) => y0 + height - ((v - lo) / (hi - lo)) * height;
    doc.font('regular').fontSize(8).fillColor('#555555');
    for (let k = 0; k <= 4; k++) {
      const v = lo + ((hi - lo) * k) / 4;
      doc
        .moveTo(x0, yAt(v))
        .lineTo(x0 + plotWidth, yAt(v))
        .lineWidth(0.3)
        .strokeColor(GRID)
        .stroke();
      doc.text(num(v, 1), left, yAt(v) - 4, { width: 32, align: 'right', lineBreak: false });
    }
    const step = plotWidth / items.length;
    items.forEach((item, k) => {
      const x = x0 + step * (k + 0.5);
      if (item.interval)
        doc.moveTo(x, yAt(item.interval.lower)).lineTo(x, yAt(item.interval.upper)).lineWidth(1.2).strokeColor(BAR).stroke();
      if (item.value !== null) doc.circle(x, yAt(item.value), 2.6).fill(BAR);
      doc
        .fillColor('#555555')
        .text(item.period.slice(5), x - step / 2, y0 + height + 4, { width: step, align: 'center', lineBreak: false });
    });
    doc.y = y0 + height + 20;
    doc.x = left;
    doc.moveDown(0.5);
  };
  const counted = input.reasons.filter((r) => r.count > 0);
  const chartsToDraw = units.length > 1 || (units[0]?.parts.length ?? 0) > 0 || input.trend.length > 1 || counted.length > 0;
  if (chartsToDraw) {
    heading(w.chartsHead, 12, 120);
    const barsTitle = input.method.census ? w.barsCensus : w.barsTitle;
    if (units.length > 1)
      for (const b of input.blocks)
        bars(
          b.units.map((u) => ({ ...u, label: u.name })),
          b.label ? `${barsTitle} – ${b.label}` : barsTitle,
        );
    else if (units[0]?.parts.length) bars(units[0].parts, w.partsTitle);
    if (input.trend.filter((t) => t.value !== null).length > 1) dots(input.trend, w.trendTitle);
    if (counted.length) {
      const max = Math.max(...counted.map((r) => r.count));
      doc.font('bold').fontSize(10);
      ensure(30 + 16 * counted.length);
      doc.fillColor(INK).text(w.reasonsTitle, left, doc.y, { width });
      doc.moveDown(0.3);
      for (const r of counted) {
        const y = doc.y;
        doc
          .font('regular')
          .fontSize(9)
          .fillColor(INK)
          .text(r.label, left, y + 2, { width: 172 });
        const length = ((width - 240) * r.count) / max;
        doc.rect(left + 180, y + 3, length, 10).fill('#8a5a00');
        doc.fillColor(INK).text(count(r.count), left + 184 + length, y + 2, { width: 56, lineBreak: false });
        doc.y = y + 16;
      }
      doc.x = left;
    }
  }

  function annex(withParts: ReportUnit[], criteria: ReportInput['annex']) {
    doc.addPage();
    doc.font('bold').fontSize(13).fillColor(INK).text(w.annex, left, doc.y, { width, align: 'center' });
    doc
      .font('regular')
      .fontSize(10)
      .text(w.annexOf(input.title, w.period(day(input.period.from), day(input.period.to))), { width, align: 'center', oblique: true });
    doc.moveDown(0.6);
    if (withParts.length) {
      heading(w.annexUnits, 11);
      for (const u of withParts) partsTable(u, `${u.name}: ${num(u.value)}${input.suffix}`);
    }
    if (criteria.length) heading(w.annexCriteria(withParts.length ? 'II' : 'I'), 11);
    const numbering: number[] = [];
    for (const item of criteria) {
      numbering.length = item.depth;
      numbering[item.depth - 1] = (numbering[item.depth - 1] ?? 0) + 1;
      const text = `${numbering.join('.')}. ${item.label}`;
      const indent = 14 * (item.depth - 1);
      doc.font(item.depth === 1 ? 'bold' : 'regular').fontSize(10);
      ensure(doc.heightOfString(text, { width: width - indent }) + 2);
      doc.fillColor(INK).text(text, left + indent, doc.y, { width: width - indent, paragraphGap: 2 });
    }
  }

  // Recipients and signature close the body, before the annex.
  // The signing space shrinks to fit rather than leave the signature alone on a page.
  doc.moveDown(1);
  ensure(100);
  const signY = doc.y;
  doc
    .font('bold')
    .fontSize(10)
    .fillColor(INK)
    .text(w.recipients, left, signY, { width: width * 0.5, oblique: true });
  doc.font('regular').fontSize(9);
  for (const line of w.recipientList(input.issuer[0], input.symbol)) doc.text(line, left, doc.y, { width: width * 0.5 });
  doc
    .font('bold')
    .fontSize(11)
    .text(w.signer, left + width * 0.5, signY, { width: width * 0.5, align: 'center' });
  doc
    .font('regular')
    .fontSize(10)
    .text(w.signNote, left + width * 0.5, doc.y, { width: width * 0.5, align: 'center', oblique: true });
  doc.y = Math.min(signY + 110, bottom());

  // Annex: each unit's parts where it has any, flowing; then every criterion under its official name.
  const withParts = units.length > 1 ? units.filter((u) => u.parts.length > 0) : [];
  const criteria = input.annex.filter((a) => a.depth > 0);
  if (withParts.length || criteria.length) annex(withParts, criteria);

  // Page numbers at the top centre, from the second page (Nghị định 30/2020).
  const range = doc.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.top = 0;
    doc
      .font('regular')
      .fontSize(11)
      .fillColor(INK)
      .text(String(i + 1), left, MARGIN / 2, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
