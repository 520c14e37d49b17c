import type { Band, Condition, Definition, Leaf, Node } from './definition.js';
import type { Context, Inputs, NodeInput } from './inputs.js';
import type { NodeResult, Status } from './results.js';
import { roundHalfUp } from './round.js';
import { clamp, wilsonInto, Z95 } from './stats.js';

export class EngineInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * A definition compiled once into index-addressed arrays, so evaluating a unit writes numbers
 * into one flat array instead of allocating objects per node: ranking 10,000 units keeps 10,000
 * small arrays alive, not half a million node objects.
 */
export interface Compiled {
  nodes: Node[];
  /** Per node, read in hot loops instead of the node objects, whose many shapes make every read slow. */
  leaf: boolean[];
  sum: boolean[];
  ids: string[];
  rules: Node['rule'][];
  /** A ratio's target rate; an adjustment's lowest points (0 for other points). */
  target: number[];
  lower: number[];
  /** A points table's points in the table's order (NaN: the answer leaves the denominator). */
  table: Float64Array[];
  children: number[][];
  weights: number[][];
  adjustment: boolean[];
  structuralMax: number[];
  index: Map<string, number>;
}

const compiledCache = new WeakMap<Definition, Compiled>();

export function leafMax(leaf: Leaf): number {
  return leaf.rule === 'share' ? 100 : leaf.rule === 'adjustment' ? 0 : leaf.max;
}

export function compile(definition: Definition): Compiled {
  const compiled = compiledCache.get(definition);
  if (compiled) return compiled;
  const c: Compiled = {
    nodes: [],
    leaf: [],
    sum: [],
    ids: [],
    rules: [],
    target: [],
    lower: [],
    table: [],
    children: [],
    weights: [],
    adjustment: [],
    structuralMax: [],
    index: new Map(),
  };
  const visit = (node: Node): number => {
    const i = c.nodes.length;
    c.nodes.push(node);
    c.index.set(node.id, i);
    c.adjustment.push(node.rule === 'adjustment');
    c.leaf.push(!('children' in node));
    c.sum.push(node.rule === 'sum');
    c.ids.push(node.id);
    c.rules.push(node.rule);
    c.target.push(node.rule === 'ratio' ? node.target : NaN);
    c.lower.push(node.rule === 'adjustment' ? node.min : 0);
    c.table.push(node.rule === 'points_table' ? Float64Array.from(Object.values(node.table), (p) => p ?? NaN) : new Float64Array(0));
    c.children.push([]);
    c.weights.push([]);
    c.structuralMax.push(0);
    if ('children' in node) {
      c.children[i] = node.children.map(visit);
      c.weights[i] = node.children.map((child) => (node.rule === 'weighted_mean' ? (child.weight ?? 1) : 1));
      const scored = (c.children[i] as number[]).filter((k) => !c.adjustment[k]);
      const maxima = scored.map((k) => c.structuralMax[k] as number);
      const weights = scored.map((k) => (node.rule === 'weighted_mean' ? (c.nodes[k]?.weight ?? 1) : 1));
      const total = weights.reduce((s, w) => s + w, 0);
      c.structuralMax[i] =
        node.rule === 'sum' ? maxima.reduce((s, m) => s + m, 0) : maxima.reduce((s, m, j) => s + m * (weights[j] as number), 0) / total;
    } else {
      c.structuralMax[i] = leafMax(node);
    }
    return i;
  };
  visit(definition.root);
  compiledCache.set(definition, c);
  return c;
}

/**
 * Slots per node: value, max, n, se, lower, upper (NaN = null), status, imputed. A frame holds one
 * or many units: slot s of node i for unit u is at (i × units + u) × WIDTH + s, so a batch walks
 * each node's units in one sequential pass, a unit's slots share a cache line, and a single unit
 * is the same layout with units = 1.
 */
export const VALUE = 0;
export const MAX = 1;
export const N = 2;
export const SE = 3;
export const LO = 4;
export const HI = 5;
export const STATUS = 6;
const IMPUTED = 7;
export const WIDTH = 8;
const STATUSES: Status[] = ['ok', 'not_applicable', 'missing', 'incomplete'];
export const OK = 0;
export const NA = 1;
export const MISSING = 2;
export const INCOMPLETE = 3;

/** One evaluation: a flat array of every node's numbers for `units` units; `unit` is the one read. */
export interface Frame {
  compiled: Compiled;
  data: Float64Array;
  units: number;
  unit: number;
}

/** Where one unit's numbers live in a frame's data. */
export interface Cursor {
  f: Float64Array;
  /** Units in the frame (the stride between slots). */
  U: number;
  u: number;
}

export function set(x: Cursor, i: number, status: number, value: number, max: number, n: number, se: number, lo: number, hi: number): void {
  const f = x.f;
  const o = (i * x.U + x.u) * WIDTH;
  f[o + VALUE] = value;
  f[o + MAX] = max;
  f[o + N] = n;
  f[o + SE] = se;
  f[o + LO] = lo;
  f[o + HI] = hi;
  f[o + STATUS] = status;
  f[o + IMPUTED] = 0;
}

const read = (x: Cursor, i: number, s: number) => x.f[(i * x.U + x.u) * WIDTH + s] as number;

export const exactly = (x: Cursor, i: number, value: number, max: number) => set(x, i, OK, value, max, NaN, 0, value, value);

export function imputeZero(x: Cursor, i: number, max: number): void {
  exactly(x, i, 0, max);
  x.f[(i * x.U + x.u) * WIDTH + IMPUTED] = 1;
}

/** What an absent leaf input means: no adjustment, a zero under missing = 'zero', else missing. */
export function absentLeaf(x: Cursor, c: Compiled, i: number, missing: Definition['options']['missing']): void {
  const max = c.structuralMax[i] as number;
  if (c.adjustment[i]) {
    set(x, i, NA, NaN, 0, NaN, NaN, NaN, NaN);
    return;
  }
  if (missing === 'zero') {
    imputeZero(x, i, max);
    return;
  }
  set(x, i, MISSING, NaN, max, NaN, NaN, NaN, NaN);
}

export function shapeError(node: Node, key: string, got: string[]): EngineInputError {
  return new EngineInputError(node.id, `rule '${node.rule}' reads { ${key} }, got { ${got.join(', ')} }`);
}

function expect<K extends string>(node: Node, input: NodeInput, key: K): asserts input is Extract<NodeInput, Record<K, unknown>> {
  if (!(key in input)) throw shapeError(node, key, Object.keys(input));
}

/** Measures of a tiers leaf, a column per name; unit u's are read (NaN = not given). */
type Measures = Record<string, ArrayLike<number>>;

function measureAt(measures: Measures, name: string, u: number): number | undefined {
  const v = measures[name]?.[u];
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** Whether a tier's condition holds on unit u's measures (loops, not closures: it runs per unit of a batch). */
function holds(condition: Condition, measures: Measures, u: number, level: string | undefined, path: string): boolean {
  if ('all' in condition) {
    for (const c of condition.all) if (!holds(c, measures, u, level, path)) return false;
    return true;
  }
  if ('any' in condition) {
    for (const c of condition.any) if (holds(c, measures, u, level, path)) return true;
    return false;
  }
  const actual = measureAt(measures, condition.measure, u);
  if (actual === undefined) throw new EngineInputError(path, `measure '${condition.measure}' is missing`);
  let threshold = condition.value;
  if (condition.valueByLevel) {
    if (!level) throw new EngineInputError(path, 'this rule depends on the unit level: give context.level');
    threshold = condition.valueByLevel[level];
    if (threshold === undefined) {
      throw new EngineInputError(path, `no threshold for level '${level}' (known: ${Object.keys(condition.valueByLevel).join(', ')})`);
    }
  }
  const t = threshold as number;
  switch (condition.op) {
    case '>=':
      return actual >= t;
    case '>':
      return actual > t;
    case '<=':
      return actual <= t;
    case '<':
      return actual < t;
    case '==':
      return actual === t;
  }
}

/** Points of the first tier that holds, after checking every measure the leaf names is given. */
export function tierPoints(leaf: Extract<Leaf, { rule: 'tiers' }>, measures: Measures, u: number, level: string | undefined): number {
  for (const m of leaf.measures) {
    if (measureAt(measures, m, u) === undefined) throw new EngineInputError(leaf.id, `measure '${m}' is missing`);
  }
  for (const tier of leaf.tiers) if (holds(tier.when, measures, u, level, leaf.id)) return tier.points;
  return leaf.otherwise;
}

/** A figure computed elsewhere, with its standard error when known (NaN when not). */
export function given(x: Cursor, i: number, id: string, value: number, se: number, n: number, max: number): void {
  if (value < 0 || value > max) throw new EngineInputError(id, `value ${value} is outside [0, ${max}]`);
  const known = !Number.isNaN(se);
  set(x, i, OK, value, max, n, se, known ? clamp(value - Z95 * se, 0, max) : NaN, known ? clamp(value + Z95 * se, 0, max) : NaN);
}

/** A from_index leaf: an index on 0–100 scaled to the leaf's maximum. */
export function givenIndex(x: Cursor, c: Compiled, i: number, value: number, se: number, n: number): void {
  if (value < 0 || value > 100) throw new EngineInputError(c.ids[i] as string, `index ${value} is outside [0, 100]`);
  const max = c.structuralMax[i] as number;
  const scale = max / 100;
  given(x, i, c.ids[i] as string, value * scale, se * scale, n, max);
}

const bounds = new Float64Array(2);

/** A share of satisfied answers out of n valid ones. */
export function share(x: Cursor, i: number, satisfied: number, n: number): void {
  if (n === 0) {
    set(x, i, MISSING, NaN, 100, 0, NaN, NaN, NaN);
    return;
  }
  wilsonInto(bounds, satisfied, n);
  const lower = bounds[0] as number;
  const upper = bounds[1] as number;
  // The standard error behind comparisons and parents is the Wilson width ÷ 2z, not √(p(1−p)/n),
  // which is 0 at 0% and 100%: six taps, all satisfied, must not look certain.
  set(x, i, OK, (100 * satisfied) / n, 100, n, (100 * (upper - lower)) / (2 * Z95), 100 * lower, 100 * upper);
}

export function checkLevel(leaf: Extract<Leaf, { rule: 'share' }>, code: string): number {
  const level = Number(code);
  if (!Number.isInteger(level) || level < 1 || level > leaf.levels) {
    throw new EngineInputError(leaf.id, `answer '${code}' is not a level 1..${leaf.levels} (leave invalid answers out)`);
  }
  return level;
}

export function tablePoints(leaf: Extract<Leaf, { rule: 'points_table' }>, code: string): number | null {
  const points = leaf.table[code];
  if (points === undefined)
    throw new EngineInputError(leaf.id, `answer '${code}' is not in the points table (${Object.keys(leaf.table).join(', ')})`);
  return points;
}

/** A points table's codes in the definition's order: sums run in that order whatever order the counts came in. */
export const tableCodes = (leaf: Extract<Leaf, { rule: 'points_table' }>) => Object.keys(leaf.table);

/** The mean points of unit u's answers; `counts` holds a column per code of the table, in its order. */
export function pointsTable(x: Cursor, c: Compiled, i: number, counts: ArrayLike<number>[], u: number): void {
  const table = c.table[i] as Float64Array;
  const max = c.structuralMax[i] as number;
  let n = 0;
  let total = 0;
  for (let k = 0; k < table.length; k++) {
    const p = table[k] as number;
    const count = (counts[k] as ArrayLike<number>)[u] as number;
    if (Number.isNaN(p) || count === 0) continue;
    n += count;
    total += count * p;
  }
  if (n === 0) {
    set(x, i, MISSING, NaN, max, 0, NaN, NaN, NaN);
    return;
  }
  const mean = total / n;
  if (n < 2) {
    set(x, i, OK, mean, max, n, NaN, NaN, NaN);
    return;
  }
  let squares = 0;
  for (let k = 0; k < table.length; k++) {
    const p = table[k] as number;
    const d = p - mean;
    if (!Number.isNaN(p)) squares += ((counts[k] as ArrayLike<number>)[u] as number) * (d * d);
  }
  const se = Math.sqrt(squares / (n - 1) / n);
  set(x, i, OK, mean, max, n, se, clamp(mean - Z95 * se, 0, max), clamp(mean + Z95 * se, 0, max));
}

/** Proportional points for a rate, full points at the target. */
export function ratio(x: Cursor, c: Compiled, i: number, numerator: number, denominator: number): void {
  const max = c.structuralMax[i] as number;
  if (denominator === 0) {
    set(x, i, MISSING, NaN, max, 0, NaN, NaN, NaN);
    return;
  }
  const target = c.target[i] as number;
  wilsonInto(bounds, numerator, denominator);
  const lo = ratePoints(max, target, bounds[0] as number);
  const hi = ratePoints(max, target, bounds[1] as number);
  set(x, i, OK, ratePoints(max, target, numerator / denominator), max, denominator, (hi - lo) / (2 * Z95), lo, hi);
}

// Hot helpers are top-level functions, not closures: tsx names every closure it creates (keepNames),
// which cost more than the arithmetic in a 10,000-unit batch.
function ratePoints(max: number, target: number, rate: number): number {
  return max * Math.min(1, rate / target);
}

/** Appraised points, or a bonus/penalty (which has no maximum of its own). */
export function points(x: Cursor, c: Compiled, i: number, value: number): void {
  const lower = c.lower[i] as number;
  const adjustment = c.adjustment[i] as boolean;
  // An adjustment's maximum is its own bound, not a contribution to the parent's (0).
  const max = adjustment ? (c.nodes[i] as Extract<Leaf, { rule: 'adjustment' }>).max : (c.structuralMax[i] as number);
  if (value < lower || value > max) throw new EngineInputError(c.ids[i] as string, `points ${value} are outside [${lower}, ${max}]`);
  if (adjustment) {
    set(x, i, OK, value, 0, NaN, 0, NaN, NaN);
    return;
  }
  exactly(x, i, value, max);
}

function evaluateLeaf(x: Cursor, c: Compiled, i: number, leaf: Leaf, input: NodeInput, context: Context): void {
  if ('notApplicable' in input) {
    set(x, i, NA, NaN, leafMax(leaf), NaN, NaN, NaN, NaN);
    return;
  }
  if ('value' in input && leaf.rule !== 'from_index') {
    given(x, i, leaf.id, input.value, input.se ?? NaN, input.n ?? NaN, leafMax(leaf));
    return;
  }
  switch (leaf.rule) {
    case 'share': {
      expect(leaf, input, 'counts');
      let n = 0;
      let satisfied = 0;
      for (const code in input.counts) {
        const count = input.counts[code] as number;
        n += count;
        if (checkLevel(leaf, code) >= leaf.minLevel) satisfied += count;
      }
      share(x, i, satisfied, n);
      return;
    }
    case 'points_table': {
      expect(leaf, input, 'counts');
      for (const code in input.counts) tablePoints(leaf, code);
      const counts = input.counts;
      pointsTable(
        x,
        c,
        i,
        tableCodes(leaf).map((code) => [counts[code] ?? 0]),
        0,
      );
      return;
    }
    case 'ratio':
      expect(leaf, input, 'numerator');
      ratio(x, c, i, input.numerator, input.denominator);
      return;
    case 'tiers': {
      expect(leaf, input, 'measures');
      const measures = Object.fromEntries(Object.entries(input.measures).map(([m, v]) => [m, [v]]));
      exactly(x, i, tierPoints(leaf, measures, 0, context.level), leaf.max);
      return;
    }
    case 'points':
    case 'adjustment':
      expect(leaf, input, 'points');
      points(x, c, i, input.points);
      return;
    case 'yes_no':
      expect(leaf, input, 'yes');
      exactly(x, i, input.yes ? leaf.max : 0, leaf.max);
      return;
    case 'from_index':
      expect(leaf, input, 'value');
      givenIndex(x, c, i, input.value, input.se ?? NaN, input.n ?? NaN);
      return;
  }
}

/**
 * A group given as a whole (not applicable, or a figure from elsewhere): its descendants are not
 * evaluated: not applicable with it, or missing under a given figure.
 */
export function markDescendants(x: Cursor, c: Compiled, i: number, status: typeof NA | typeof MISSING): void {
  for (const k of c.children[i] as number[]) {
    set(x, k, status, NaN, c.structuralMax[k] as number, NaN, NaN, NaN, NaN);
    markDescendants(x, c, k, status);
  }
}

export function notApplicableGroup(x: Cursor, c: Compiled, i: number): void {
  set(x, i, NA, NaN, c.structuralMax[i] as number, NaN, NaN, NaN, NaN);
  markDescendants(x, c, i, NA);
}

export function groupError(node: Node, got: string[]): EngineInputError {
  return new EngineInputError(node.id, `a group takes { value } or { notApplicable }, got { ${got.join(', ')} }`);
}

/** Flags a group collects over its children. */
export const BLOCKED = 1;
export const SOME_APPLICABLE = 2;
export const SE_UNKNOWN = 4;

/** A group's figure from its evaluated children: mean, weighted mean or sum, with n and se. */
export function aggregate(x: Cursor, c: Compiled, i: number, options: Definition['options']): void {
  const kids = c.children[i] as number[];
  const weights = c.weights[i] as number[];
  const blockMissing = options.missing === 'incomplete';
  const sum = c.sum[i] as boolean;
  let flags = 0;
  let included = 0;
  let adjustments = 0;
  let total = 0;
  let weightSum = 0;
  let max = 0;
  let minN = Infinity;
  let seSum = 0;
  let seSquares = 0;
  for (let j = 0; j < kids.length; j++) {
    const k = kids[j] as number;
    const status = read(x, k, STATUS);
    if (c.adjustment[k]) {
      if (status === OK) adjustments += read(x, k, VALUE);
      continue;
    }
    if (status !== NA) flags |= SOME_APPLICABLE;
    if (status === INCOMPLETE || (status === MISSING && blockMissing)) flags |= BLOCKED;
    if (status !== OK) continue;
    const wt = sum ? 1 : (weights[j] as number);
    included += 1;
    weightSum += wt;
    total += read(x, k, VALUE) * wt;
    max += read(x, k, MAX) * wt;
    const n = read(x, k, N);
    if (!Number.isNaN(n) && n < minN) minN = n;
    const se = read(x, k, SE);
    if (Number.isNaN(se)) flags |= SE_UNKNOWN;
    else {
      seSum += se * wt;
      const weighted = se * wt;
      seSquares += weighted * weighted;
    }
  }
  finishGroup(x, c, i, options, flags, included, total, weightSum, max, minN, seSum, seSquares, adjustments);
}

/** Writes a group's slots from the sums over its children (shared by the one-unit and batch paths). */
export function finishGroup(
  x: Cursor,
  c: Compiled,
  i: number,
  options: Definition['options'],
  flags: number,
  included: number,
  total: number,
  weightSum: number,
  max: number,
  minN: number,
  seSum: number,
  seSquares: number,
  adjustments: number,
): void {
  const sum = c.sum[i] as boolean;
  if (!sum && weightSum > 0) {
    max /= weightSum;
    total /= weightSum;
    seSum /= weightSum;
    seSquares /= weightSum * weightSum;
  }
  if (flags & BLOCKED) {
    set(x, i, INCOMPLETE, NaN, max, NaN, NaN, NaN, NaN);
    return;
  }
  if (included === 0) {
    set(x, i, flags & SOME_APPLICABLE ? MISSING : NA, NaN, c.structuralMax[i] as number, NaN, NaN, NaN, NaN);
    return;
  }
  let value = sum ? total + adjustments : total;
  if (sum && options.clampToMax) value = clamp(value, 0, max);
  const se = flags & SE_UNKNOWN ? NaN : options.errorPropagation === 'conservative' ? seSum : Math.sqrt(seSquares);
  const n = minN === Infinity ? NaN : minN;
  set(
    x,
    i,
    OK,
    value,
    max,
    n,
    se,
    Number.isNaN(se) ? NaN : clamp(value - Z95 * se, 0, max),
    Number.isNaN(se) ? NaN : clamp(value + Z95 * se, 0, max),
  );
}

interface Walk {
  x: Cursor;
  c: Compiled;
  inputs: Inputs;
  context: Context;
  options: Definition['options'];
  used: number;
}

function evaluateNode(w: Walk, i: number): void {
  const node = w.c.nodes[i] as Node;
  const input = w.inputs[node.id];
  if (input) w.used += 1;
  if (!('children' in node)) {
    if (input) {
      evaluateLeaf(w.x, w.c, i, node, input, w.context);
      return;
    }
    absentLeaf(w.x, w.c, i, w.options.missing);
    return;
  }
  if (input && 'notApplicable' in input) {
    notApplicableGroup(w.x, w.c, i);
    return;
  }
  if (input && 'value' in input) {
    markDescendants(w.x, w.c, i, MISSING);
    given(w.x, i, node.id, input.value, input.se ?? NaN, input.n ?? NaN, w.c.structuralMax[i] as number);
    return;
  }
  if (input) throw groupError(node, Object.keys(input));
  for (const k of w.c.children[i] as number[]) evaluateNode(w, k);
  aggregate(w.x, w.c, i, w.options);
}

/** Walks the definition tree over one unit's inputs; every input must name a node of the tree. */
export function evaluate(definition: Definition, inputs: Inputs, context: Context): Frame {
  const c = compile(definition);
  const f = new Float64Array(c.nodes.length * WIDTH);
  const walk: Walk = { x: { f, U: 1, u: 0 }, c, inputs, context, options: definition.options, used: 0 };
  evaluateNode(walk, 0);
  const keys = Object.keys(inputs);
  if (walk.used !== keys.length) {
    for (const id of keys) if (!c.index.has(id)) throw new EngineInputError(id, 'no node of this method has this id');
  }
  return { compiled: c, data: f, units: 1, unit: 0 };
}

const nullable = (x: number) => (Number.isNaN(x) ? null : x);

/** Reads one node of a frame: its status, value, maximum, n and standard error. */
export function slot(frame: Frame, i: number) {
  const x: Cursor = { f: frame.data, U: frame.units, u: frame.unit };
  const lower = read(x, i, LO);
  return {
    status: STATUSES[read(x, i, STATUS)] as Status,
    value: nullable(read(x, i, VALUE)),
    max: nullable(read(x, i, MAX)),
    n: nullable(read(x, i, N)),
    se: nullable(read(x, i, SE)),
    interval: Number.isNaN(lower) ? null : { lower, upper: read(x, i, HI) },
  };
}

/** The result tree of a frame, built when somebody reads it. */
export function materialize(frame: Frame, i: number, options: Definition['options']): NodeResult {
  const node = frame.compiled.nodes[i] as Node;
  const { status, value, max, n, se, interval } = slot(frame, i);
  const percent = value !== null && max ? (100 * value) / max : null;
  const { decimals, minN } = options;
  const result: NodeResult = {
    id: node.id,
    label: node.label,
    rule: node.rule,
    status,
    value,
    max,
    percent,
    n,
    se,
    interval,
    lowN: n !== null && status === 'ok' && n < minN,
    published: {
      value: value === null ? null : roundHalfUp(value, decimals),
      percent: percent === null ? null : roundHalfUp(percent, decimals),
      interval: interval ? { lower: roundHalfUp(interval.lower, decimals), upper: roundHalfUp(interval.upper, decimals) } : null,
    },
  };
  if (frame.data[(i * frame.units + frame.unit) * WIDTH + IMPUTED] === 1) result.imputed = true;
  const kids = frame.compiled.children[i] as number[];
  if ('children' in node) result.children = kids.map((k) => materialize(frame, k, options));
  return result;
}

export function bandOf(bands: Band[], value: number | null): Band | null {
  if (value === null) return null;
  return bands.find((b) => b.min === null || (b.minInclusive ? value >= b.min : value > b.min)) ?? null;
}
