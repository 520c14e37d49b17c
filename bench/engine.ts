/**
 * `npm run bench`, part 1: the engine's speed, measured side by side in one run: every built-in
 * method for 10,000 units from aggregates (target < 100 ms for the figures), from columns (one typed
 * array per leaf field, as a GROUP BY returns them) and from per-unit objects. BENCH_UNITS scales it
 * down for a quick look; stored ratings at full size are bench/stored.ts.
 */
import { createHash } from 'node:crypto';
import {
  type ColumnInputs,
  compute,
  computeColumns,
  createRandom,
  DEFINITIONS,
  type Definition,
  type Inputs,
  mergeInputs,
  toColumns,
} from '../engine/index.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const rnd = createRandom(766);
const nativeSha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

type N = Definition['root'];
const leaves = (n: N): N[] => ('children' in n ? n.children.flatMap(leaves) : [n]);

/** Plausible aggregates for one unit: answer counts, rates, points and measures within each rule's range. */
function unitInputs(definition: Definition): Inputs {
  const inputs: Inputs = {};
  for (const leaf of leaves(definition.root)) {
    switch (leaf.rule) {
      case 'share':
        inputs[leaf.id] = {
          counts: { '1': rnd.int(0, 5), '2': rnd.int(0, 8), '3': rnd.int(0, 20), '4': rnd.int(20, 120), '5': rnd.int(20, 200) },
        };
        break;
      case 'points_table':
        inputs[leaf.id] = { counts: Object.fromEntries(Object.keys(leaf.table).map((code) => [code, rnd.int(0, 40)])) };
        break;
      case 'ratio': {
        const denominator = rnd.int(50, 5000);
        inputs[leaf.id] = { numerator: rnd.int(0, denominator), denominator };
        break;
      }
      case 'points':
        inputs[leaf.id] = { points: rnd.next() * leaf.max };
        break;
      case 'yes_no':
        inputs[leaf.id] = { yes: rnd.chance(0.8) };
        break;
      case 'from_index':
        inputs[leaf.id] = { value: 75 + rnd.next() * 25 };
        break;
      case 'adjustment':
        inputs[leaf.id] = { points: 0 };
        break;
      case 'tiers':
        inputs[leaf.id] = { measures: Object.fromEntries(leaf.measures.map((m) => [m, rnd.next()])) };
        break;
    }
  }
  return inputs;
}

/** `npm run bench` exposes the collector: each timing starts on a collected heap, not the previous one's garbage. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function time<T>(run: () => T): [T, number] {
  collect();
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

console.log(`Node ${process.version}, ${UNITS} units\n`);
console.log('1. Every method for each unit, from aggregates');
const context = { level: 'commune' };
// a) Columns as a GROUP BY unit query fills them: a Float64Array per leaf field (setup, not timed).
//    The objects they are built from are dropped, as a server holds query results, not objects.
const batches = DEFINITIONS.map((d) => ({ d, columns: toColumns(Array.from({ length: UNITS }, () => unitInputs(d))) as ColumnInputs }));
// Warm-up, as a server that has computed each method before: the JIT has seen every method's nodes.
for (let round = 0; round < 3; round++) for (const { d, columns } of batches) computeColumns(d, columns, { context });
let columnsTotal = 0;
let withObjectsTotal = 0;
const columnsMs = new Map<string, number>();
// Median of five: one batch takes milliseconds, where a collection or a neighbour's burst would decide one run.
const median = (run: () => unknown) => Array.from({ length: 5 }, () => time(run)[1]).sort((a, b) => a - b)[2] as number;
for (const { d, columns } of batches) {
  // The figures (value, interval, se, n, low-n flag, band) land in typed headline columns...
  const ms = median(() => computeColumns(d, columns, { context }));
  columnsMs.set(d.id, ms);
  columnsTotal += ms;
  // ...and a caller wanting one headline object per unit reads them all.
  withObjectsTotal += median(() => computeColumns(d, columns, { context }).headlines);
}
batches.length = 0;

// b) The same work from per-unit input objects, then with the provenance hash an API answer carries.
const perMethod = DEFINITIONS.map((d) => ({ d, inputs: Array.from({ length: UNITS }, () => unitInputs(d)) }));
for (const { d, inputs } of perMethod) for (const i of inputs.slice(0, 200)) compute(d, i, { context }).provenance; // warm-up
let figuresTotal = 0;
let nativeTotal = 0;
let portableTotal = 0;
for (const { d, inputs } of perMethod) {
  const [, figures] = time(() => inputs.map((i) => compute(d, i, { context }).headline));
  const [, native] = time(() => inputs.map((i) => compute(d, i, { context, hash: nativeSha256 }).provenance));
  const [, portable] = time(() => inputs.map((i) => compute(d, i, { context }).provenance));
  figuresTotal += figures;
  nativeTotal += native;
  portableTotal += portable;
  const fromColumns = columnsMs.get(d.id) as number;
  console.log(
    `   ${d.id.padEnd(28)} ${fromColumns.toFixed(1).padStart(6)} ms columns ${figures.toFixed(1).padStart(7)} ms objects ${native.toFixed(1).padStart(7)} ms + native hash ${portable.toFixed(1).padStart(7)} ms + portable hash`,
  );
}
console.log(
  `   all ${DEFINITIONS.length} methods × ${UNITS} units, figures: ${columnsTotal.toFixed(0)} ms from columns (target 100 ms: ${(columnsTotal / 100).toFixed(2)}× it; ` +
    `${withObjectsTotal.toFixed(0)} ms reading every headline as an object), ` +
    `${figuresTotal.toFixed(0)} ms from per-unit objects (${(figuresTotal / columnsTotal).toFixed(1)}× columns) | ` +
    `${nativeTotal.toFixed(0)} ms with native provenance hash | ${portableTotal.toFixed(0)} ms with portable hash (${(portableTotal / nativeTotal).toFixed(1)}×)`,
);
const sipas = perMethod[1] as (typeof perMethod)[number];
const [, pooled] = time(() => compute(sipas.d, mergeInputs(...sipas.inputs), { hash: nativeSha256 }));
console.log(`   province pooled from ${UNITS} units (${sipas.d.id}): ${pooled.toFixed(1)} ms; rss ${mb()} MB\n`);
