/**
 * `npm run bench`, part 3: PDF reports. One unit's report, and one file for 130 units (a province
 * since 2025) and for 500 units, each unit with the five parts of a SIPAS, rendered by pdfkit with
 * the embedded Vietnamese font. The figures are synthetic; the layout is the production one.
 */
import { type ReportInput, type ReportUnit, renderReport } from '../api/reports/pdf.js';
import { createRandom, getDefinition } from '../engine/index.js';

const rnd = createRandom(2640);
const found = getDefinition('sipas-qd2640-2017');
if (!found) throw new Error('sipas-qd2640-2017 is missing');
const sipas = found;
const PARTS = 'children' in sipas.root ? sipas.root.children.map((c) => c.label.vi) : [];

function unit(k: number): ReportUnit {
  const value = 75 + rnd.next() * 24;
  const figure = (v: number, n: number) => ({ value: v, interval: { lower: v - 2.5, upper: Math.min(100, v + 2.5) }, n, lowN: n < 30 });
  return {
    name: `Phường Nghĩa Đô số ${k + 1}`,
    ...figure(value, 150 + rnd.int(0, 250)),
    rank: k + 1,
    rankRange: [k + 1, k + 8],
    band: null,
    parts: PARTS.map((label) => ({ label, ...figure(70 + rnd.next() * 29, 150) })),
  };
}

function input(units: number): ReportInput {
  const annex: ReportInput['annex'] = [];
  const walk = (node: typeof sipas.root, depth: number) => {
    annex.push({ label: node.label.vi, depth });
    if ('children' in node) for (const child of node.children) walk(child, depth + 1);
  };
  walk(sipas.root, 0);
  return {
    lang: 'vi',
    issuer: ['UBND Thành phố Hà Nội', 'Sở Nội vụ'],
    symbol: 'BC-SNV',
    place: 'Hà Nội',
    date: '2026-11-23',
    title: sipas.title.vi,
    subject: 'Các đơn vị trực thuộc Thành phố Hà Nội',
    period: { from: '2025-01-01', to: '2025-12-31' },
    method: { title: sipas.title.vi, basis: sipas.legalBasis.document, unconfirmed: [], census: false, survey: null },
    suffix: '%',
    overall: null,
    blocks: [{ label: 'Cấp xã (phường, xã, đặc khu)', rules: null, units: Array.from({ length: units }, (_, k) => unit(k)) }],
    trend: [],
    reasons: [],
    annex,
  };
}

const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
console.log('3. PDF reports (pdfkit, Be Vietnam Pro embedded)');
await renderReport(input(3)); // warm-up: font parsing, code paths
for (const [units, target] of [
  [1, 500],
  [130, 10_000],
  [500, null],
] as const) {
  const data = input(units);
  const start = performance.now();
  const pdf = await renderReport(data);
  const ms = performance.now() - start;
  console.log(
    `   ${String(units).padStart(3)} unit${units === 1 ? ' ' : 's'}: ${ms.toFixed(0).padStart(6)} ms, ${(pdf.length / 1024).toFixed(0)} KiB` +
      `${target ? ` (target < ${target.toLocaleString('en')} ms: ${ms < target ? 'met' : 'NOT met'})` : ''}; rss ${mb()} MB`,
  );
}
