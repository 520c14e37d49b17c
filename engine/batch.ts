import type { Definition, Leaf, Node } from './definition.js';
import { EngineInputError } from './errors.js';
import {
  type Compiled,
  type Cursor,
  compile,
  type Frame,
  INCOMPLETE,
  MAX,
  MISSING,
  N,
  NA,
  OK,
  SE,
  STATUS,
  setEmpty,
  UNMEASURED,
  VALUE,
  WIDTH,
} from './frame.js';
import type { Context, Inputs, NodeInput } from './inputs.js';
import {
  absentLeaf,
  aggregate,
  BLOCKED,
  checkLevel,
  clearSums,
  exactly,
  finishGroup,
  given,
  givenIndex,
  groupError,
  groupSums,
  markDescendants,
  notApplicableGroup,
  points,
  pointsTable,
  ratio,
  SE_UNKNOWN,
  SOME_APPLICABLE,
  shapeError,
  share,
  tableCodes,
  tablePoints,
  tierPoints,
} from './rules.js';

/** One number per unit. */
export type Column = ArrayLike<number>;

/** A node's state for one unit in `NodeColumns.state`. */
export const GIVEN = 0;
export const NOT_APPLICABLE = 1;
export const ABSENT = 2;

/**
 * One node's inputs for every unit of a batch, a column per field (NaN where a unit has none):
 * the same fields as a single unit's NodeInput. `state` says per unit whether the input is given,
 * not applicable or absent; without it every unit's input is given.
 */
export interface NodeColumns {
  state?: Column;
  counts?: Record<string, Column>;
  numerator?: Column;
  denominator?: Column;
  points?: Column;
  /** 1 yes, 0 no. */
  yes?: Column;
  measures?: Record<string, Column>;
  value?: Column;
  se?: Column;
  n?: Column;
}

/**
 * Inputs of many units in columns, as a GROUP BY unit query returns them. Evaluating them runs
 * each node's rule as one loop over the units and reads no per-unit objects, which is what makes
 * 10,000 units × every method cost milliseconds.
 */
export interface ColumnInputs {
  units: number;
  nodes: Record<string, NodeColumns>;
  /** Each unit's level, for rules that depend on it (TT 01 thresholds); else the shared context's. */
  levels?: ArrayLike<string | undefined>;
}

/** A batch evaluated: a unit's whole tree is evaluated again when read. */
export interface ColumnFrame {
  compiled: Compiled;
  unit(u: number): Frame;
}

/** Receives each chunk's root slots: unit base + l's at l × WIDTH of `f`, for l < size. */
export type RootReader = (f: Float64Array, size: number, base: number) => void;

const present = (col: Column | undefined, u: number) => col !== undefined && !Number.isNaN(col[u] as number);

function fieldsOf(columns: NodeColumns, u: number): string[] {
  const fields: string[] = [];
  for (const key of ['counts', 'numerator', 'denominator', 'points', 'yes', 'measures', 'value', 'se', 'n'] as const) {
    const col = columns[key];
    if (col === undefined) continue;
    const first = key === 'counts' || key === 'measures' ? Object.values(col as Record<string, Column>)[0] : (col as Column);
    if (first === undefined || present(first, u)) fields.push(key);
  }
  return fields;
}

function checkLengths(id: string, columns: NodeColumns, units: number): void {
  const check = (name: string, col: Column) => {
    if (col.length !== units) throw new EngineInputError(id, `column '${name}' has ${col.length} entries for ${units} units`);
  };
  for (const [key, col] of Object.entries(columns)) {
    if (key === 'counts' || key === 'measures')
      for (const [code, c] of Object.entries(col as Record<string, Column>)) check(`${key}.${code}`, c);
    else check(key, col as Column);
  }
}

/** One node's columns, looked up once per batch; every field present so reads stay monomorphic. */
interface Reader {
  input: NodeColumns | undefined;
  state: Column | undefined;
  numerator: Column | undefined;
  denominator: Column | undefined;
  points: Column | undefined;
  yes: Column | undefined;
  /** The figure of a from_index leaf. */
  index: Column | undefined;
  se: Column | undefined;
  n: Column | undefined;
  /** A figure given in place of the rule (not for from_index, whose rule reads it). */
  value: Column | undefined;
  /** Count columns: a share's in code order, a points table's in table order. */
  counts: Column[];
  satisfied: boolean[];
  /** Any count column: NaN there marks a unit that gave no counts. */
  anyCount: Column | undefined;
  /** An answer code the rule does not know; thrown when a unit is scored by the rule. */
  codeError: EngineInputError | null;
}

function reader(node: Node, input: NodeColumns | undefined, units: number): Reader {
  const r: Reader = {
    input,
    state: input?.state,
    numerator: input?.numerator,
    denominator: input?.denominator,
    points: input?.points,
    yes: input?.yes,
    index: input?.value,
    se: input?.se,
    n: input?.n,
    value: node.rule === 'from_index' ? undefined : input?.value,
    counts: [],
    satisfied: [],
    anyCount: input?.counts ? Object.values(input.counts)[0] : undefined,
    codeError: null,
  };
  const counts = input?.counts;
  if (!counts) return r;
  try {
    if (node.rule === 'share') {
      const codes = Object.keys(counts);
      r.counts = codes.map((code) => counts[code] as Column);
      r.satisfied = codes.map((code) => checkLevel(node, code) >= node.minLevel);
    } else if (node.rule === 'points_table') {
      for (const code in counts) tablePoints(node, code);
      // A code no unit answered reads as a column of zeros, as a unit's missing code does.
      const codes = tableCodes(node);
      const zeros = codes.every((code) => counts[code]) ? undefined : new Float64Array(units);
      r.counts = codes.map((code) => counts[code] ?? (zeros as Column));
    }
  } catch (error) {
    r.codeError = error as EngineInputError;
  }
  return r;
}

interface Walk {
  c: Compiled;
  readers: Reader[];
  /** Where the unit's slots are written. */
  x: Cursor;
  /** The unit's row in the columns. */
  u: number;
  columns: ColumnInputs;
  context: Context;
  options: Definition['options'];
}

/** Refuses a unit that gave something other than counts to a counting rule. */
function counted(leaf: Leaf, w: Walk, r: Reader): void {
  const input = r.input as NodeColumns;
  const u = w.u;
  if (!input.counts || (r.anyCount !== undefined && Number.isNaN(r.anyCount[u] as number)))
    throw shapeError(leaf, 'counts', fieldsOf(input, u));
}

function anyMeasure(measures: Record<string, Column>, u: number): boolean {
  for (const name in measures) if (!Number.isNaN((measures[name] as Column)[u] as number)) return true;
  return false;
}

/** A column the rule reads, refused like a unit's missing field when this unit has no entry in it. */
function need(column: Column | undefined, node: Node, key: string, w: Walk, r: Reader): Column {
  if (column === undefined || Number.isNaN(column[w.u] as number)) throw shapeError(node, key, fieldsOf(r.input as NodeColumns, w.u));
  return column;
}

function scoreLeaf(w: Walk, i: number, leaf: Leaf, r: Reader): void {
  const { x, u } = w;
  const input = r.input as NodeColumns;
  if (r.codeError) throw r.codeError;
  // The rule from the compiled array: reading it off the leaf objects, whose shapes differ from
  // method to method, would make this switch a megamorphic lookup per unit.
  switch (w.c.rules[i]) {
    case 'share':
      counted(leaf, w, r);
      shareAt(w, i, leaf, r);
      return;
    case 'points_table':
      counted(leaf, w, r);
      pointsTable(x, w.c, i, r.counts, u);
      return;
    case 'ratio':
      ratio(x, w.c, i, need(r.numerator, leaf, 'numerator', w, r)[u] as number, (r.denominator as Column)[u] as number);
      return;
    case 'tiers': {
      const measures = input.measures;
      if (!measures || !anyMeasure(measures, u)) throw shapeError(leaf, 'measures', fieldsOf(input, u));
      const level = w.columns.levels ? w.columns.levels[u] : w.context.level;
      const max = w.c.structuralMax[i] as number;
      exactly(x, i, tierPoints(leaf as Extract<Leaf, { rule: 'tiers' }>, measures, u, level), max);
      return;
    }
    case 'points':
    case 'adjustment':
      points(x, w.c, i, need(r.points, leaf, 'points', w, r)[u] as number);
      return;
    case 'yes_no': {
      const max = w.c.structuralMax[i] as number;
      exactly(x, i, need(r.yes, leaf, 'yes', w, r)[u] ? max : 0, max);
      return;
    }
    case 'from_index':
      givenIndex(x, w.c, i, need(r.index, leaf, 'value', w, r)[u] as number, r.se?.[u] ?? NaN, r.n?.[u] ?? NaN);
      return;
  }
}

/** A leaf of unit w.u, with the same checks as evaluating the unit alone. */
function walkLeaf(w: Walk, i: number): void {
  const { c, x, u } = w;
  const r = w.readers[i] as Reader;
  const s = r.input ? (r.state ? r.state[u] : GIVEN) : ABSENT;
  if (s === ABSENT) {
    absentLeaf(x, c, i, w.options.missing);
    return;
  }
  const max = c.structuralMax[i] as number;
  if (s === NOT_APPLICABLE) {
    setEmpty(x, i, NA, max);
    return;
  }
  if (r.value !== undefined && present(r.value, u)) {
    given(x, i, c.ids[i] as string, r.value[u] as number, r.se?.[u] ?? NaN, r.n?.[u] ?? NaN, max);
    return;
  }
  scoreLeaf(w, i, c.nodes[i] as Leaf, r);
}

/** One node of unit w.u and its subtree, in the order evaluating the unit alone takes. */
function walkNode(w: Walk, i: number): void {
  const { c, x, u } = w;
  if (c.leaf[i]) {
    walkLeaf(w, i);
    return;
  }
  const r = w.readers[i] as Reader;
  const s = r.input ? (r.state ? r.state[u] : GIVEN) : ABSENT;
  const node = c.nodes[i] as Node;
  if (s === NOT_APPLICABLE) {
    notApplicableGroup(x, c, i);
    return;
  }
  if (s === GIVEN) {
    const value = r.input?.value;
    if (value === undefined || !present(value, u)) throw groupError(node, fieldsOf(r.input as NodeColumns, u));
    markDescendants(x, c, i, MISSING);
    given(x, i, node.id, value[u] as number, r.se?.[u] ?? NaN, r.n?.[u] ?? NaN, c.structuralMax[i] as number);
    return;
  }
  for (const k of c.children[i] as number[]) walkNode(w, k);
  aggregate(x, c, i, w.options);
}

/**
 * Units are evaluated in chunks: every node of a chunk fits a working frame that stays in cache
 * and is reused, chunk after chunk and call after call. (A frame for 10,000 units at once is
 * tens of megabytes of fresh pages, whose first touch alone cost more than the arithmetic.)
 * Reusing it keeps no state between calls: every slot of every node is written (setFigure and
 * setEmpty write all eight) before anything reads it, so nothing is zeroed between chunks.
 */
const CHUNK = 256;
let working = new Float64Array(0);

/** Per-unit sums a group builds over its children, one entry per unit of a chunk. */
const acc = groupSums(CHUNK);

interface Chunk {
  w: Walk;
  /** The chunk's first unit and its size. */
  base: number;
  size: number;
  /** Units with a group-level input, walked one by one instead (indexed within the chunk). */
  special: Uint8Array;
}

/**
 * A share or points-table leaf for every unit of the chunk (the commonest nodes): one loop over
 * the units, without the per-unit dispatch of walkLeaf.
 */
function countsColumn(ch: Chunk, i: number, r: Reader): void {
  const { w, base, size, special } = ch;
  const x = w.x;
  const cols = r.counts as Column[];
  const isShare = w.c.rules[i] === 'share';
  // Units given no counts here (a state, a figure, an unknown code) take the unit-by-unit path.
  const mixed = r.state !== undefined || r.value !== undefined || r.codeError !== null;
  for (let l = 0; l < size; l++) {
    if (special[l]) continue;
    const u = base + l;
    x.u = l;
    w.u = u;
    if (mixed && ((r.state && r.state[u] !== GIVEN) || (r.value !== undefined && present(r.value, u)) || r.codeError)) {
      walkLeaf(w, i);
      continue;
    }
    if (isShare) shareAt(w, i, w.c.nodes[i] as Leaf, r);
    else {
      counted(w.c.nodes[i] as Leaf, w, r);
      pointsTable(x, w.c, i, cols, u);
    }
  }
}

function shareAt(w: Walk, i: number, leaf: Leaf, r: Reader): void {
  const u = w.u;
  const cols = r.counts as Column[];
  const satisfied = r.satisfied;
  let n = 0;
  let yes = 0;
  for (let k = 0; k < cols.length; k++) {
    const count = (cols[k] as Column)[u] as number;
    n += count;
    if (satisfied[k]) yes += count;
  }
  if (Number.isNaN(n)) {
    counted(leaf, w, r);
    throw new EngineInputError(leaf.id, `a count of unit ${u} is not a number`);
  }
  share(w.x, i, yes, n);
}

/**
 * A group for every unit of the chunk: the children's slots summed child by child into per-unit
 * accumulators, so each unit's arithmetic is the same sequence of operations as aggregate()'s.
 */
function aggregateColumn(ch: Chunk, i: number): void {
  const { w, size, special } = ch;
  const { c, x } = w;
  const f = x.f;
  const U = size;
  const kids = c.children[i] as number[];
  const weights = c.weights[i] as number[];
  const sum = c.sum[i] as boolean;
  const blockMissing = w.options.missing === 'incomplete';
  const { total, weightSum, max, minN, seSum, seSquares, adjustments, unmeasured, flags, included } = acc;
  clearSums(acc);
  for (let j = 0; j < kids.length; j++) {
    const k = kids[j] as number;
    const adjustment = c.adjustment[k];
    const wt = sum ? 1 : (weights[j] as number);
    for (let u = 0; u < U; u++) {
      if (special[u]) continue;
      const o = (k * U + u) * WIDTH;
      const status = f[o + STATUS] as number;
      if (adjustment) {
        if (status === OK) adjustments[u] = (adjustments[u] as number) + (f[o + VALUE] as number);
        continue;
      }
      if (wt === 0) continue;
      unmeasured[u] = (unmeasured[u] as number) + (f[o + UNMEASURED] as number);
      if (status !== NA) flags[u] = (flags[u] as number) | SOME_APPLICABLE;
      if (status === INCOMPLETE || (status === MISSING && blockMissing)) flags[u] = (flags[u] as number) | BLOCKED;
      if (status !== OK) continue;
      included[u] = (included[u] as number) + 1;
      weightSum[u] = (weightSum[u] as number) + wt;
      total[u] = (total[u] as number) + (f[o + VALUE] as number) * wt;
      max[u] = (max[u] as number) + (f[o + MAX] as number) * wt;
      const n = f[o + N] as number;
      if (!Number.isNaN(n) && n < (minN[u] as number)) minN[u] = n;
      const se = f[o + SE] as number;
      if (Number.isNaN(se)) flags[u] = (flags[u] as number) | SE_UNKNOWN;
      else {
        const weighted = se * wt;
        seSum[u] = (seSum[u] as number) + weighted;
        seSquares[u] = (seSquares[u] as number) + weighted * weighted;
      }
    }
  }
  for (let u = 0; u < U; u++) {
    if (special[u]) continue;
    x.u = u;
    finishGroup(x, c, i, w.options, acc, u);
  }
}

/** A ratio or points leaf for every unit of the chunk; a unit without its number takes walkLeaf's checks. */
function numbersColumn(ch: Chunk, i: number, r: Reader): void {
  const { w, base, size, special } = ch;
  const { x, c } = w;
  const isRatio = c.rules[i] === 'ratio';
  const numbers = (isRatio ? r.numerator : r.points) as Column;
  const denominators = r.denominator as Column;
  for (let l = 0; l < size; l++) {
    if (special[l]) continue;
    const u = base + l;
    x.u = l;
    w.u = u;
    const v = numbers[u] as number;
    if (Number.isNaN(v) || (r.state !== undefined && r.state[u] !== GIVEN) || (r.value !== undefined && present(r.value, u)))
      walkLeaf(w, i);
    else if (isRatio) ratio(x, c, i, v, denominators[u] as number);
    else points(x, c, i, v);
  }
}

function chunkNode(ch: Chunk, i: number): void {
  const { w, base, size, special } = ch;
  const c = w.c;
  if (!c.leaf[i]) {
    for (const k of c.children[i] as number[]) chunkNode(ch, k);
    aggregateColumn(ch, i);
    return;
  }
  const r = w.readers[i] as Reader;
  const rule = c.rules[i];
  if ((rule === 'share' || rule === 'points_table') && r.input?.counts) {
    countsColumn(ch, i, r);
    return;
  }
  if ((rule === 'ratio' && r.numerator && r.denominator) || ((rule === 'points' || rule === 'adjustment') && r.points)) {
    numbersColumn(ch, i, r);
    return;
  }
  for (let l = 0; l < size; l++) {
    if (special[l]) continue;
    w.x.u = l;
    w.u = base + l;
    walkLeaf(w, i);
  }
}

/**
 * Evaluates every unit of a batch, a chunk of units at a time and each node one loop over the
 * chunk: the same numbers, bit for bit, and the same errors as evaluating each unit alone. A unit
 * given a group-level input (a figure, or not applicable, for a whole group) is walked on its own.
 */
export function evaluateColumns(definition: Definition, columns: ColumnInputs, context: Context, readRoots: RootReader): ColumnFrame {
  const c = compile(definition);
  const U = columns.units;
  if (!Number.isInteger(U) || U < 0) throw new EngineInputError('units', `${U} is not a count of units`);
  if (columns.levels && columns.levels.length !== U) throw new EngineInputError('levels', `${columns.levels.length} levels for ${U} units`);
  for (const [id, node] of Object.entries(columns.nodes)) {
    if (!c.index.has(id)) throw new EngineInputError(id, 'no node of this method has this id');
    checkLengths(id, node, U);
  }
  const readers = c.nodes.map((node) => reader(node, columns.nodes[node.id], U));
  const groupInputs = readers.filter((r, i) => !c.leaf[i] && r.input);
  const frameSize = c.nodes.length * CHUNK * WIDTH;
  if (working.length < frameSize) working = new Float64Array(frameSize);
  const w: Walk = { c, readers, x: { f: working, U: CHUNK, u: 0 }, u: 0, columns, context, options: definition.options };
  const special = new Uint8Array(CHUNK);
  for (let base = 0; base < U; base += CHUNK) {
    const size = Math.min(CHUNK, U - base);
    w.x.U = size;
    special.fill(0);
    for (const r of groupInputs) for (let l = 0; l < size; l++) if ((r.state ? r.state[base + l] : GIVEN) !== ABSENT) special[l] = 1;
    for (let l = 0; l < size; l++) {
      if (!special[l]) continue;
      w.x.u = l;
      w.u = base + l;
      walkNode(w, 0);
    }
    chunkNode({ w, base, size, special }, 0);
    // The root is node 0: the chunk's first size × WIDTH numbers.
    readRoots(working, size, base);
  }
  return {
    compiled: c,
    unit(u) {
      const f = new Float64Array(c.nodes.length * WIDTH);
      walkNode({ c, readers, x: { f, U: 1, u: 0 }, u, columns, context, options: definition.options }, 0);
      return { compiled: c, data: f, units: 1, unit: 0 };
    },
  };
}

/**
 * Turns per-unit inputs into columns (for callers holding objects); units without an input for
 * a node are absent, fields a unit does not give are NaN.
 */
export function toColumns(inputs: Inputs[], levels?: (string | undefined)[]): ColumnInputs {
  const U = inputs.length;
  const nodes: Record<string, NodeColumns> = {};
  const column = () => new Float64Array(U).fill(NaN);
  const into = (record: Record<string, Column>, key: string) => {
    const found = (record[key] as Float64Array | undefined) ?? column();
    record[key] = found;
    return found;
  };
  inputs.forEach((unit, u) => {
    for (const [id, input] of Object.entries(unit)) {
      const node = nodes[id] ?? { state: new Float64Array(U).fill(ABSENT) };
      nodes[id] = node;
      (node.state as Float64Array)[u] = 'notApplicable' in input ? NOT_APPLICABLE : GIVEN;
      for (const [key, v] of Object.entries(input) as [keyof NodeInput & string, unknown][]) {
        if (key === 'notApplicable') continue;
        if (key === 'counts' || key === 'measures') {
          const byCode = node as Record<string, Record<string, Column>>;
          const record = byCode[key] ?? {};
          byCode[key] = record;
          for (const [code, count] of Object.entries(v as Record<string, number>)) into(record, code)[u] = count;
        } else {
          into(node as Record<string, Column>, key)[u] = typeof v === 'boolean' ? Number(v) : (v as number);
        }
      }
    }
  });
  // A unit that gives counts gives 0 for codes it leaves out; NaN stays for units that give none.
  for (const [id, node] of Object.entries(nodes)) {
    if (!node.counts) continue;
    const cols = Object.values(node.counts) as Float64Array[];
    inputs.forEach((unit, u) => {
      const input = unit[id];
      if (input && 'counts' in input) for (const col of cols) if (Number.isNaN(col[u])) col[u] = 0;
    });
  }
  return levels ? { units: U, nodes, levels } : { units: U, nodes };
}

/** One unit's inputs read back from the columns (zero counts left out), for its provenance hash. */
export function unitInputs(columns: ColumnInputs, u: number): Inputs {
  const inputs: Inputs = {};
  for (const [id, node] of Object.entries(columns.nodes)) {
    const s = node.state ? node.state[u] : GIVEN;
    if (s === ABSENT) continue;
    if (s === NOT_APPLICABLE) {
      inputs[id] = { notApplicable: true };
      continue;
    }
    const at = (col: Column | undefined) => (present(col, u) ? (col?.[u] as number) : undefined);
    const record = (cols: Record<string, Column>, keepZero: boolean) => {
      const out: Record<string, number> = {};
      for (const [code, col] of Object.entries(cols)) {
        const v = at(col);
        if (v !== undefined && (keepZero || v !== 0)) out[code] = v;
      }
      return out;
    };
    const value = at(node.value);
    if (value !== undefined) {
      const figure: Extract<NodeInput, { value: number }> = { value };
      const se = at(node.se);
      const n = at(node.n);
      if (se !== undefined) figure.se = se;
      if (n !== undefined) figure.n = n;
      inputs[id] = figure;
    } else if (node.counts && present(Object.values(node.counts)[0], u)) inputs[id] = { counts: record(node.counts, false) };
    else if (at(node.numerator) !== undefined)
      inputs[id] = { numerator: at(node.numerator) as number, denominator: at(node.denominator) as number };
    else if (at(node.points) !== undefined) inputs[id] = { points: at(node.points) as number };
    else if (at(node.yes) !== undefined) inputs[id] = { yes: at(node.yes) !== 0 };
    else if (node.measures) inputs[id] = { measures: record(node.measures, true) };
    else if (node.counts) inputs[id] = { counts: {} };
  }
  return inputs;
}
