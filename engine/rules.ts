import type { Condition, Definition, Leaf, Node } from './definition.js';
import { EngineInputError } from './errors.js';
import {
  type Compiled,
  type Cursor,
  type Figure,
  INCOMPLETE,
  MAX,
  MISSING,
  markImputed,
  N,
  NA,
  OK,
  read,
  SE,
  STATUS,
  setEmpty,
  setFigure,
  UNMEASURED,
  VALUE,
  WIDTH,
} from './frame.js';
import type { NodeInput } from './inputs.js';
import { clamp, wilsonInto, Z95 } from './stats.js';

// The maths of each rule and of groups: what one node's slots hold, given its input or its children.

/** A figure with its normal-approximation 95% interval inside [0, max]; none without a standard error. */
export function normalFigure(value: number, max: number, n: number, se: number): Figure {
  const known = !Number.isNaN(se);
  return {
    value,
    max,
    n,
    se,
    lower: known ? clamp(value - Z95 * se, 0, max) : Number.NaN,
    upper: known ? clamp(value + Z95 * se, 0, max) : Number.NaN,
  };
}

/** A figure known exactly (appraised points, a yes/no, a tier): no sampling error. */
export const exactly = (x: Cursor, i: number, value: number, max: number) =>
  setFigure(x, i, { value, max, n: Number.NaN, se: 0, lower: value, upper: value });

export function imputeZero(x: Cursor, i: number, max: number): void {
  exactly(x, i, 0, max);
  markImputed(x, i);
}

/** What an absent leaf input means: no adjustment, a zero under missing = 'zero', else missing. */
export function absentLeaf(x: Cursor, c: Compiled, i: number, missing: Definition['options']['missing']): void {
  const max = c.structuralMax[i] as number;
  if (c.adjustment[i]) {
    setEmpty(x, i, NA, 0);
    return;
  }
  if (missing === 'zero') {
    imputeZero(x, i, max);
    return;
  }
  setEmpty(x, i, MISSING, max);
}

export function shapeError(node: Node, key: string, got: string[]): EngineInputError {
  return new EngineInputError(node.id, `rule '${node.rule}' reads { ${key} }, got { ${got.join(', ')} }`);
}

export function expect<K extends string>(node: Node, input: NodeInput, key: K): asserts input is Extract<NodeInput, Record<K, unknown>> {
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
  setFigure(x, i, normalFigure(value, max, n, se));
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
    setEmpty(x, i, MISSING, 100, 0);
    return;
  }
  wilsonInto(bounds, satisfied, n);
  const lower = bounds[0] as number;
  const upper = bounds[1] as number;
  // The standard error behind comparisons and parents is the Wilson width ÷ 2z, not √(p(1−p)/n),
  // which is 0 at 0% and 100%: six taps, all satisfied, must not look certain.
  setFigure(x, i, {
    value: (100 * satisfied) / n,
    max: 100,
    n,
    se: (100 * (upper - lower)) / (2 * Z95),
    lower: 100 * lower,
    upper: 100 * upper,
  });
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
    setEmpty(x, i, MISSING, max, 0);
    return;
  }
  const mean = total / n;
  if (n < 2) {
    setFigure(x, i, normalFigure(mean, max, n, Number.NaN));
    return;
  }
  let squares = 0;
  for (let k = 0; k < table.length; k++) {
    const p = table[k] as number;
    const d = p - mean;
    if (!Number.isNaN(p)) squares += ((counts[k] as ArrayLike<number>)[u] as number) * (d * d);
  }
  const se = Math.sqrt(squares / (n - 1) / n);
  setFigure(x, i, normalFigure(mean, max, n, se));
}

/** Proportional points for a rate, full points at the target. */
export function ratio(x: Cursor, c: Compiled, i: number, numerator: number, denominator: number): void {
  const max = c.structuralMax[i] as number;
  if (denominator === 0) {
    setEmpty(x, i, MISSING, max, 0);
    return;
  }
  const target = c.target[i] as number;
  wilsonInto(bounds, numerator, denominator);
  const lo = ratePoints(max, target, bounds[0] as number);
  const hi = ratePoints(max, target, bounds[1] as number);
  setFigure(x, i, {
    value: ratePoints(max, target, numerator / denominator),
    max,
    n: denominator,
    se: (hi - lo) / (2 * Z95),
    lower: lo,
    upper: hi,
  });
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
    setFigure(x, i, { value, max: 0, n: Number.NaN, se: 0, lower: Number.NaN, upper: Number.NaN });
    return;
  }
  exactly(x, i, value, max);
}

/**
 * A group given as a whole (not applicable, or a figure from elsewhere): its descendants are not
 * evaluated: not applicable with it, or missing under a given figure.
 */
export function markDescendants(x: Cursor, c: Compiled, i: number, status: typeof NA | typeof MISSING): void {
  for (const k of c.children[i] as number[]) {
    setEmpty(x, k, status, c.structuralMax[k] as number);
    markDescendants(x, c, k, status);
  }
}

export function notApplicableGroup(x: Cursor, c: Compiled, i: number): void {
  setEmpty(x, i, NA, c.structuralMax[i] as number);
  markDescendants(x, c, i, NA);
}

export function groupError(node: Node, got: string[]): EngineInputError {
  return new EngineInputError(node.id, `a group takes { value } or { notApplicable }, got { ${got.join(', ')} }`);
}

/** Flags a group collects over its children. */
export const BLOCKED = 1;
export const SOME_APPLICABLE = 2;
export const SE_UNKNOWN = 4;

/** What a group sums over its children, a column per sum with one entry per unit (of a batch's chunk). */
export interface GroupSums {
  total: Float64Array;
  weightSum: Float64Array;
  max: Float64Array;
  minN: Float64Array;
  seSum: Float64Array;
  seSquares: Float64Array;
  adjustments: Float64Array;
  /** Applicable leaves below without a measured figure. */
  unmeasured: Float64Array;
  /** BLOCKED | SOME_APPLICABLE | SE_UNKNOWN. */
  flags: Uint8Array;
  included: Uint32Array;
}

export function groupSums(units: number): GroupSums {
  return {
    total: new Float64Array(units),
    weightSum: new Float64Array(units),
    max: new Float64Array(units),
    minN: new Float64Array(units),
    seSum: new Float64Array(units),
    seSquares: new Float64Array(units),
    adjustments: new Float64Array(units),
    unmeasured: new Float64Array(units),
    flags: new Uint8Array(units),
    included: new Uint32Array(units),
  };
}

/** Every sum back to its start (the smallest n at +∞). */
export function clearSums(s: GroupSums): void {
  s.total.fill(0);
  s.weightSum.fill(0);
  s.max.fill(0);
  s.minN.fill(Number.POSITIVE_INFINITY);
  s.seSum.fill(0);
  s.seSquares.fill(0);
  s.adjustments.fill(0);
  s.unmeasured.fill(0);
  s.flags.fill(0);
  s.included.fill(0);
}

const oneUnit = groupSums(1);

/** A group's figure from its evaluated children: mean, weighted mean or sum, with n and se. */
export function aggregate(x: Cursor, c: Compiled, i: number, options: Definition['options']): void {
  const kids = c.children[i] as number[];
  const weights = c.weights[i] as number[];
  const blockMissing = options.missing === 'incomplete';
  const sum = c.sum[i] as boolean;
  const s = oneUnit;
  clearSums(s);
  for (let j = 0; j < kids.length; j++) {
    const k = kids[j] as number;
    const status = read(x, k, STATUS);
    if (c.adjustment[k]) {
      if (status === OK) s.adjustments[0] = (s.adjustments[0] as number) + read(x, k, VALUE);
      continue;
    }
    if (!sum && weights[j] === 0) continue;
    s.unmeasured[0] = (s.unmeasured[0] as number) + read(x, k, UNMEASURED);
    if (status !== NA) s.flags[0] = (s.flags[0] as number) | SOME_APPLICABLE;
    if (status === INCOMPLETE || (status === MISSING && blockMissing)) s.flags[0] = (s.flags[0] as number) | BLOCKED;
    if (status !== OK) continue;
    const wt = sum ? 1 : (weights[j] as number);
    s.included[0] = (s.included[0] as number) + 1;
    s.weightSum[0] = (s.weightSum[0] as number) + wt;
    s.total[0] = (s.total[0] as number) + read(x, k, VALUE) * wt;
    s.max[0] = (s.max[0] as number) + read(x, k, MAX) * wt;
    const n = read(x, k, N);
    if (!Number.isNaN(n) && n < (s.minN[0] as number)) s.minN[0] = n;
    const se = read(x, k, SE);
    if (Number.isNaN(se)) s.flags[0] = (s.flags[0] as number) | SE_UNKNOWN;
    else {
      const weighted = se * wt;
      s.seSum[0] = (s.seSum[0] as number) + weighted;
      s.seSquares[0] = (s.seSquares[0] as number) + weighted * weighted;
    }
  }
  finishGroup(x, c, i, options, s, 0);
}

/** Writes a group's slots for unit u from its sums over the children (shared by the one-unit and batch paths). */
export function finishGroup(x: Cursor, c: Compiled, i: number, options: Definition['options'], sums: GroupSums, u: number): void {
  writeGroup(x, c, i, options, sums, u);
  x.f[(i * x.U + x.u) * WIDTH + UNMEASURED] = sums.unmeasured[u] as number;
}

function writeGroup(x: Cursor, c: Compiled, i: number, options: Definition['options'], sums: GroupSums, u: number): void {
  const sum = c.sum[i] as boolean;
  const flags = sums.flags[u] as number;
  const weightSum = sums.weightSum[u] as number;
  const scale = !sum && weightSum > 0 ? 1 / weightSum : 1;
  const max = (sums.max[u] as number) * scale;
  if (flags & BLOCKED) {
    setEmpty(x, i, INCOMPLETE, max);
    return;
  }
  if (sums.included[u] === 0) {
    setEmpty(x, i, flags & SOME_APPLICABLE ? MISSING : NA, c.structuralMax[i] as number);
    return;
  }
  const total = (sums.total[u] as number) * scale;
  let value = sum ? total + (sums.adjustments[u] as number) : total;
  if (sum && options.clampToMax) value = clamp(value, 0, max);
  const se =
    flags & SE_UNKNOWN
      ? Number.NaN
      : options.errorPropagation === 'conservative'
        ? (sums.seSum[u] as number) * scale
        : Math.sqrt((sums.seSquares[u] as number) * scale * scale);
  const minN = sums.minN[u] as number;
  setFigure(x, i, normalFigure(value, max, minN === Number.POSITIVE_INFINITY ? Number.NaN : minN, se));
}
