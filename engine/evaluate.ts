import type { Band, Condition, Definition, Label, Leaf, Node } from './definition.js';
import type { Context, Inputs, NodeInput } from './inputs.js';
import { roundHalfUp } from './round.js';
import { type Interval, Z95, clamp, wilson } from './stats.js';

export type Status = 'ok' | 'not_applicable' | 'missing' | 'incomplete';

export interface NodeResult {
  id: string;
  label: Label;
  rule: Node['rule'];
  status: Status;
  /** Full precision; null when not computable. */
  value: number | null;
  /** The applicable maximum (100 for shares); a not-applicable child's maximum is removed. */
  max: number | null;
  /** value ÷ max × 100. */
  percent: number | null;
  /** Valid answers (or dossiers) behind the figure; for a parent, the smallest of its children's. */
  n: number | null;
  se: number | null;
  interval: Interval | null;
  /** n is below the method's minimum. */
  lowN: boolean;
  /** Rounded half up for publication. */
  published: { value: number | null; percent: number | null; interval: Interval | null };
  /** A leaf with no input scored 0 under missing = 'zero'. */
  imputed?: true;
  children?: NodeResult[];
}

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
interface Compiled {
  nodes: Node[];
  children: number[][];
  weights: number[][];
  adjustment: boolean[];
  structuralMax: number[];
  index: Map<string, number>;
}

const compiledCache = new WeakMap<Definition, Compiled>();

function leafMax(leaf: Leaf): number {
  return leaf.rule === 'share' ? 100 : leaf.rule === 'adjustment' ? 0 : leaf.max;
}

export function compile(definition: Definition): Compiled {
  let compiled = compiledCache.get(definition);
  if (compiled) return compiled;
  const c: Compiled = { nodes: [], children: [], weights: [], adjustment: [], structuralMax: [], index: new Map() };
  const visit = (node: Node): number => {
    const i = c.nodes.length;
    c.nodes.push(node);
    c.index.set(node.id, i);
    c.adjustment.push(node.rule === 'adjustment');
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
  compiledCache.set(definition, (compiled = c));
  return compiled;
}

/** Slots per node in the frame: value, max, n, se, lower, upper (NaN = null), status, imputed. */
const VALUE = 0;
const MAX = 1;
const N = 2;
const SE = 3;
const LO = 4;
const HI = 5;
const STATUS = 6;
const IMPUTED = 7;
const WIDTH = 8;
const STATUSES: Status[] = ['ok', 'not_applicable', 'missing', 'incomplete'];
const OK = 0;
const NA = 1;
const MISSING = 2;
const INCOMPLETE = 3;

/** One evaluation: a flat array of every node's numbers. */
export interface Frame {
  compiled: Compiled;
  data: Float64Array;
}

function set(f: Float64Array, i: number, status: number, value: number, max: number, n: number, se: number, lo: number, hi: number): void {
  const o = i * WIDTH;
  f[o + VALUE] = value;
  f[o + MAX] = max;
  f[o + N] = n;
  f[o + SE] = se;
  f[o + LO] = lo;
  f[o + HI] = hi;
  f[o + STATUS] = status;
}

const exactly = (f: Float64Array, i: number, value: number, max: number) => set(f, i, OK, value, max, NaN, 0, value, value);

function expect<K extends string>(node: Node, input: NodeInput, key: K): asserts input is Extract<NodeInput, Record<K, unknown>> {
  if (!(key in input)) throw new EngineInputError(node.id, `rule '${node.rule}' reads { ${key} }, got { ${Object.keys(input).join(', ')} }`);
}

function holds(condition: Condition, measures: Record<string, number>, context: Context, path: string): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, measures, context, path));
  if ('any' in condition) return condition.any.some((c) => holds(c, measures, context, path));
  const actual = measures[condition.measure];
  if (actual === undefined) throw new EngineInputError(path, `measure '${condition.measure}' is missing`);
  let threshold = condition.value;
  if (condition.valueByLevel) {
    if (!context.level) throw new EngineInputError(path, 'this rule depends on the unit level: give context.level');
    threshold = condition.valueByLevel[context.level];
    if (threshold === undefined) {
      throw new EngineInputError(path, `no threshold for level '${context.level}' (known: ${Object.keys(condition.valueByLevel).join(', ')})`);
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

/** A figure computed elsewhere, with its standard error when known. */
function given(f: Float64Array, i: number, node: Node, input: Extract<NodeInput, { value: number }>, max: number): void {
  if (input.value < 0 || input.value > max) throw new EngineInputError(node.id, `value ${input.value} is outside [0, ${max}]`);
  const se = input.se ?? NaN;
  const known = input.se !== undefined;
  set(f, i, OK, input.value, max, input.n ?? NaN, se, known ? clamp(input.value - Z95 * se, 0, max) : NaN, known ? clamp(input.value + Z95 * se, 0, max) : NaN);
}

function evaluateLeaf(f: Float64Array, i: number, leaf: Leaf, input: NodeInput, context: Context): void {
  const max = leafMax(leaf);
  if ('notApplicable' in input) return set(f, i, NA, NaN, max, NaN, NaN, NaN, NaN);
  if ('value' in input && leaf.rule !== 'from_index') return given(f, i, leaf, input, max);
  switch (leaf.rule) {
    case 'share': {
      expect(leaf, input, 'counts');
      let n = 0;
      let satisfied = 0;
      for (const code in input.counts) {
        const count = input.counts[code] as number;
        const level = Number(code);
        if (!Number.isInteger(level) || level < 1 || level > leaf.levels) {
          throw new EngineInputError(leaf.id, `answer '${code}' is not a level 1..${leaf.levels} (leave invalid answers out)`);
        }
        n += count;
        if (level >= leaf.minLevel) satisfied += count;
      }
      if (n === 0) return set(f, i, MISSING, NaN, max, 0, NaN, NaN, NaN);
      const w = wilson(satisfied, n);
      // The standard error behind comparisons and parents is the Wilson width ÷ 2z, not √(p(1−p)/n),
      // which is 0 at 0% and 100%: six taps, all satisfied, must not look certain.
      return set(f, i, OK, (100 * satisfied) / n, max, n, (100 * (w.upper - w.lower)) / (2 * Z95), 100 * w.lower, 100 * w.upper);
    }
    case 'points_table': {
      expect(leaf, input, 'counts');
      let n = 0;
      let total = 0;
      for (const code in input.counts) {
        const count = input.counts[code] as number;
        const points = leaf.table[code];
        if (points === undefined) throw new EngineInputError(leaf.id, `answer '${code}' is not in the points table (${Object.keys(leaf.table).join(', ')})`);
        if (points === null || count === 0) continue;
        n += count;
        total += count * points;
      }
      if (n === 0) return set(f, i, MISSING, NaN, max, 0, NaN, NaN, NaN);
      const mean = total / n;
      if (n < 2) return set(f, i, OK, mean, max, n, NaN, NaN, NaN);
      let squares = 0;
      for (const code in input.counts) {
        const points = leaf.table[code];
        if (points !== null && points !== undefined) squares += (input.counts[code] as number) * (points - mean) ** 2;
      }
      const se = Math.sqrt(squares / (n - 1) / n);
      return set(f, i, OK, mean, max, n, se, clamp(mean - Z95 * se, 0, max), clamp(mean + Z95 * se, 0, max));
    }
    case 'ratio': {
      expect(leaf, input, 'numerator');
      const { numerator, denominator } = input;
      if (denominator === 0) return set(f, i, MISSING, NaN, max, 0, NaN, NaN, NaN);
      const points = (rate: number) => leaf.max * Math.min(1, rate / leaf.target);
      const w = wilson(numerator, denominator);
      const lo = points(w.lower);
      const hi = points(w.upper);
      return set(f, i, OK, points(numerator / denominator), max, denominator, (hi - lo) / (2 * Z95), lo, hi);
    }
    case 'tiers': {
      expect(leaf, input, 'measures');
      for (const m of leaf.measures) {
        if (input.measures[m] === undefined) throw new EngineInputError(leaf.id, `measure '${m}' is missing`);
      }
      const tier = leaf.tiers.find((t) => holds(t.when, input.measures, context, leaf.id));
      return exactly(f, i, tier ? tier.points : leaf.otherwise, max);
    }
    case 'points':
    case 'adjustment': {
      expect(leaf, input, 'points');
      const lower = leaf.rule === 'adjustment' ? leaf.min : 0;
      if (input.points < lower || input.points > leaf.max) {
        throw new EngineInputError(leaf.id, `points ${input.points} are outside [${lower}, ${leaf.max}]`);
      }
      if (leaf.rule === 'adjustment') return set(f, i, OK, input.points, 0, NaN, 0, NaN, NaN);
      return exactly(f, i, input.points, max);
    }
    case 'yes_no':
      expect(leaf, input, 'yes');
      return exactly(f, i, input.yes ? leaf.max : 0, max);
    case 'from_index': {
      expect(leaf, input, 'value');
      if (input.value < 0 || input.value > 100) throw new EngineInputError(leaf.id, `index ${input.value} is outside [0, 100]`);
      const scale = leaf.max / 100;
      const scaled: Extract<NodeInput, { value: number }> = { value: input.value * scale };
      if (input.se !== undefined) scaled.se = input.se * scale;
      if (input.n !== undefined) scaled.n = input.n;
      return given(f, i, leaf, scaled, max);
    }
  }
}

interface Walk {
  c: Compiled;
  f: Float64Array;
  inputs: Inputs;
  context: Context;
  options: Definition['options'];
  used: number;
}

function markNotApplicable(w: Walk, i: number): void {
  set(w.f, i, NA, NaN, w.c.structuralMax[i] as number, NaN, NaN, NaN, NaN);
  for (const k of w.c.children[i] as number[]) markNotApplicable(w, k);
}

function evaluateGroup(w: Walk, i: number): void {
  const { f, c } = w;
  const kids = c.children[i] as number[];
  const weights = c.weights[i] as number[];
  for (const k of kids) evaluateNode(w, k);
  const { missing, errorPropagation, clampToMax } = w.options;
  const sum = c.nodes[i]?.rule === 'sum';
  let blocked = false;
  let included = 0;
  let allNa = true;
  let adjustments = 0;
  let total = 0;
  let weightSum = 0;
  let max = 0;
  let minN = Infinity;
  let seSum = 0;
  let seSquares = 0;
  let seKnown = true;
  for (let j = 0; j < kids.length; j++) {
    const o = (kids[j] as number) * WIDTH;
    const status = f[o + STATUS];
    if (c.adjustment[kids[j] as number]) {
      if (status === OK) adjustments += f[o + VALUE] as number;
      continue;
    }
    if (status !== NA) allNa = false;
    if (status === INCOMPLETE || (status === MISSING && missing === 'incomplete')) blocked = true;
    if (status !== OK) continue;
    const wt = sum ? 1 : (weights[j] as number);
    included += 1;
    weightSum += wt;
    total += (f[o + VALUE] as number) * wt;
    max += (f[o + MAX] as number) * wt;
    const n = f[o + N] as number;
    if (!Number.isNaN(n) && n < minN) minN = n;
    const se = f[o + SE] as number;
    if (Number.isNaN(se)) seKnown = false;
    else {
      seSum += se * wt;
      seSquares += (se * wt) ** 2;
    }
  }
  if (!sum && weightSum > 0) {
    max /= weightSum;
    total /= weightSum;
    seSum /= weightSum;
    seSquares /= weightSum * weightSum;
  }
  if (blocked) return set(f, i, INCOMPLETE, NaN, max, NaN, NaN, NaN, NaN);
  if (included === 0) return set(f, i, allNa ? NA : MISSING, NaN, c.structuralMax[i] as number, NaN, NaN, NaN, NaN);
  let value = sum ? total + adjustments : total;
  if (sum && clampToMax) value = clamp(value, 0, max);
  const se = !seKnown ? NaN : errorPropagation === 'conservative' ? seSum : Math.sqrt(seSquares);
  const n = minN === Infinity ? NaN : minN;
  set(f, i, OK, value, max, n, se, Number.isNaN(se) ? NaN : clamp(value - Z95 * se, 0, max), Number.isNaN(se) ? NaN : clamp(value + Z95 * se, 0, max));
}

function evaluateNode(w: Walk, i: number): void {
  const node = w.c.nodes[i] as Node;
  const input = w.inputs[node.id];
  if (input) w.used += 1;
  if (!('children' in node)) {
    if (input) return evaluateLeaf(w.f, i, node, input, w.context);
    const max = leafMax(node);
    if (node.rule === 'adjustment') return set(w.f, i, NA, NaN, 0, NaN, NaN, NaN, NaN);
    if (w.options.missing === 'zero') {
      exactly(w.f, i, 0, max);
      w.f[i * WIDTH + IMPUTED] = 1;
      return;
    }
    return set(w.f, i, MISSING, NaN, max, NaN, NaN, NaN, NaN);
  }
  if (input && 'notApplicable' in input) return markNotApplicable(w, i);
  if (input && 'value' in input) return given(w.f, i, node, input, w.c.structuralMax[i] as number);
  if (input) throw new EngineInputError(node.id, `a group takes { value } or { notApplicable }, got { ${Object.keys(input).join(', ')} }`);
  evaluateGroup(w, i);
}

/** Walks the definition tree over the inputs; every input must name a node of the tree. */
export function evaluate(definition: Definition, inputs: Inputs, context: Context): Frame {
  const c = compile(definition);
  const f = new Float64Array(c.nodes.length * WIDTH);
  const walk: Walk = { c, f, inputs, context, options: definition.options, used: 0 };
  evaluateNode(walk, 0);
  const keys = Object.keys(inputs);
  if (walk.used !== keys.length) {
    for (const id of keys) if (!c.index.has(id)) throw new EngineInputError(id, 'no node of this method has this id');
  }
  return { compiled: c, data: f };
}

const nullable = (x: number) => (Number.isNaN(x) ? null : x);

/** Reads one node of a frame: its status, value, maximum, n and standard error. */
export function slot(frame: Frame, i: number) {
  const o = i * WIDTH;
  const d = frame.data;
  return {
    status: STATUSES[d[o + STATUS] as number] as Status,
    value: nullable(d[o + VALUE] as number),
    max: nullable(d[o + MAX] as number),
    n: nullable(d[o + N] as number),
    se: nullable(d[o + SE] as number),
    interval: Number.isNaN(d[o + LO] as number) ? null : { lower: d[o + LO] as number, upper: d[o + HI] as number },
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
  if (frame.data[i * WIDTH + IMPUTED] === 1) result.imputed = true;
  const kids = frame.compiled.children[i] as number[];
  if ('children' in node) result.children = kids.map((k) => materialize(frame, k, options));
  return result;
}

export function bandOf(bands: Band[], value: number | null): Band | null {
  if (value === null) return null;
  return bands.find((b) => b.min === null || (b.minInclusive ? value >= b.min : value > b.min)) ?? null;
}
