import type { Definition, Leaf, Node } from './definition.js';
import type { NodeResult, Status } from './results.js';
import { roundHalfUp } from './round.js';

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
 * Slots per node: value, max, n, se, lower, upper (NaN = null), status, unmeasured (applicable leaves
 * at or below the node without a measured figure: missing, or scored 0 for want of one). A frame holds one
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
export const UNMEASURED = 7;
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

/** A node's figure: value and applicable maximum, n, standard error and 95% interval (NaN = none). */
export interface Figure {
  value: number;
  max: number;
  n: number;
  se: number;
  lower: number;
  upper: number;
}

/** Node i of the cursor's unit has a figure. */
export function setFigure(x: Cursor, i: number, figure: Figure): void {
  const f = x.f;
  const o = (i * x.U + x.u) * WIDTH;
  f[o + VALUE] = figure.value;
  f[o + MAX] = figure.max;
  f[o + N] = figure.n;
  f[o + SE] = figure.se;
  f[o + LO] = figure.lower;
  f[o + HI] = figure.upper;
  f[o + STATUS] = OK;
  f[o + UNMEASURED] = 0;
}

/** Node i of the cursor's unit has no figure: not applicable, missing or incomplete, out of `max`. */
export function setEmpty(x: Cursor, i: number, status: typeof NA | typeof MISSING | typeof INCOMPLETE, max: number, n = Number.NaN): void {
  const f = x.f;
  const o = (i * x.U + x.u) * WIDTH;
  f[o + VALUE] = Number.NaN;
  f[o + MAX] = max;
  f[o + N] = n;
  f[o + SE] = Number.NaN;
  f[o + LO] = Number.NaN;
  f[o + HI] = Number.NaN;
  f[o + STATUS] = status;
  f[o + UNMEASURED] = status === NA ? 0 : 1;
}

/** Marks node i of the cursor's unit as scored 0 for want of an input (missing = 'zero'). */
export function markImputed(x: Cursor, i: number): void {
  x.f[(i * x.U + x.u) * WIDTH + UNMEASURED] = 1;
}

export const read = (x: Cursor, i: number, s: number) => x.f[(i * x.U + x.u) * WIDTH + s] as number;

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
  const figure = slot(frame, i);
  const census = options.sampling === 'census';
  const { status, value, max, n } = figure;
  const se = census && figure.se !== null ? 0 : figure.se;
  const interval = census ? null : figure.interval;
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
  const kids = frame.compiled.children[i] as number[];
  if (kids.length === 0 && status === 'ok' && frame.data[(i * frame.units + frame.unit) * WIDTH + UNMEASURED] === 1) result.imputed = true;
  if ('children' in node) result.children = kids.map((k) => materialize(frame, k, options));
  return result;
}
