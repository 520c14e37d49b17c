import type { Band, Condition, Definition, Group, Label, Leaf, Node } from './definition.js';
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

interface Raw {
  status: Status;
  value: number | null;
  max: number | null;
  n: number | null;
  se: number | null;
  interval: Interval | null;
  imputed?: true;
}

const naRaw = (max: number | null): Raw => ({ status: 'not_applicable', value: null, max, n: null, se: null, interval: null });
const exact = (value: number, max: number, n: number | null = null): Raw => ({
  status: 'ok',
  value,
  max,
  n,
  se: 0,
  interval: { lower: value, upper: value },
});

function leafMax(leaf: Leaf): number {
  switch (leaf.rule) {
    case 'share':
      return 100;
    case 'adjustment':
      return 0;
    default:
      return leaf.max;
  }
}

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

function given(node: Node, input: Extract<NodeInput, { value: number }>, max: number): Raw {
  if (input.value < 0 || input.value > max) throw new EngineInputError(node.id, `value ${input.value} is outside [0, ${max}]`);
  const se = input.se ?? null;
  return {
    status: 'ok',
    value: input.value,
    max,
    n: input.n ?? null,
    se,
    interval: se === null ? null : { lower: clamp(input.value - Z95 * se, 0, max), upper: clamp(input.value + Z95 * se, 0, max) },
  };
}

function evaluateLeaf(leaf: Leaf, input: NodeInput, context: Context): Raw {
  const max = leafMax(leaf);
  if ('notApplicable' in input) return naRaw(max);
  if ('value' in input && leaf.rule !== 'from_index') return given(leaf, input, max);
  switch (leaf.rule) {
    case 'share': {
      expect(leaf, input, 'counts');
      let n = 0;
      let satisfied = 0;
      for (const [code, count] of Object.entries(input.counts)) {
        const level = Number(code);
        if (!Number.isInteger(level) || level < 1 || level > leaf.levels) {
          throw new EngineInputError(leaf.id, `answer '${code}' is not a level 1..${leaf.levels} (leave invalid answers out)`);
        }
        n += count;
        if (level >= leaf.minLevel) satisfied += count;
      }
      if (n === 0) return { status: 'missing', value: null, max, n: 0, se: null, interval: null };
      const w = wilson(satisfied, n);
      // The standard error behind comparisons and parents is the Wilson width ÷ 2z, not √(p(1−p)/n),
      // which is 0 at 0% and 100%: six taps, all satisfied, must not look certain.
      return {
        status: 'ok',
        value: (100 * satisfied) / n,
        max,
        n,
        se: (100 * (w.upper - w.lower)) / (2 * Z95),
        interval: { lower: 100 * w.lower, upper: 100 * w.upper },
      };
    }
    case 'points_table': {
      expect(leaf, input, 'counts');
      let n = 0;
      let total = 0;
      for (const [code, count] of Object.entries(input.counts)) {
        const points = leaf.table[code];
        if (points === undefined) throw new EngineInputError(leaf.id, `answer '${code}' is not in the points table (${Object.keys(leaf.table).join(', ')})`);
        if (points === null || count === 0) continue;
        n += count;
        total += count * points;
      }
      if (n === 0) return { status: 'missing', value: null, max, n: 0, se: null, interval: null };
      const mean = total / n;
      if (n < 2) return { status: 'ok', value: mean, max, n, se: null, interval: null };
      let squares = 0;
      for (const [code, count] of Object.entries(input.counts)) {
        const points = leaf.table[code];
        if (points !== null && points !== undefined) squares += count * (points - mean) ** 2;
      }
      const se = Math.sqrt(squares / (n - 1) / n);
      return { status: 'ok', value: mean, max, n, se, interval: { lower: clamp(mean - Z95 * se, 0, max), upper: clamp(mean + Z95 * se, 0, max) } };
    }
    case 'ratio': {
      expect(leaf, input, 'numerator');
      const { numerator, denominator } = input;
      if (denominator === 0) return { status: 'missing', value: null, max, n: 0, se: null, interval: null };
      const points = (rate: number) => leaf.max * Math.min(1, rate / leaf.target);
      const w = wilson(numerator, denominator);
      const interval = { lower: points(w.lower), upper: points(w.upper) };
      return {
        status: 'ok',
        value: points(numerator / denominator),
        max,
        n: denominator,
        se: (interval.upper - interval.lower) / (2 * Z95),
        interval,
      };
    }
    case 'tiers': {
      expect(leaf, input, 'measures');
      for (const m of leaf.measures) {
        if (input.measures[m] === undefined) throw new EngineInputError(leaf.id, `measure '${m}' is missing`);
      }
      const tier = leaf.tiers.find((t) => holds(t.when, input.measures, context, leaf.id));
      return exact(tier ? tier.points : leaf.otherwise, max);
    }
    case 'points':
    case 'adjustment': {
      expect(leaf, input, 'points');
      const lower = leaf.rule === 'adjustment' ? leaf.min : 0;
      if (input.points < lower || input.points > leaf.max) {
        throw new EngineInputError(leaf.id, `points ${input.points} are outside [${lower}, ${leaf.max}]`);
      }
      return { ...exact(input.points, max), ...(leaf.rule === 'adjustment' ? { interval: null, se: 0 } : {}) };
    }
    case 'yes_no':
      expect(leaf, input, 'yes');
      return exact(input.yes ? leaf.max : 0, max);
    case 'from_index': {
      expect(leaf, input, 'value');
      if (input.value < 0 || input.value > 100) throw new EngineInputError(leaf.id, `index ${input.value} is outside [0, 100]`);
      const scale = leaf.max / 100;
      return given(leaf, { value: input.value * scale, ...(input.se === undefined ? {} : { se: input.se * scale }), ...(input.n === undefined ? {} : { n: input.n }) }, max);
    }
  }
}

function structuralMax(node: Node): number {
  if (!('children' in node)) return leafMax(node);
  const maxima = node.children.filter((c) => c.rule !== 'adjustment').map(structuralMax);
  if (node.rule === 'sum') return maxima.reduce((s, m) => s + m, 0);
  const weights = node.children.filter((c) => c.rule !== 'adjustment').map((c) => (node.rule === 'weighted_mean' ? (c.weight ?? 1) : 1));
  const total = weights.reduce((s, w) => s + w, 0);
  return maxima.reduce((s, m, i) => s + m * (weights[i] as number), 0) / total;
}

interface Walk {
  inputs: Inputs;
  context: Context;
  definition: Definition;
  used: Set<string>;
}

function finish(node: Node, raw: Raw, walk: Walk, children?: NodeResult[]): NodeResult {
  const { decimals, minN } = walk.definition.options;
  const percent = raw.value !== null && raw.max ? (100 * raw.value) / raw.max : null;
  const round = (x: number | null) => (x === null ? null : roundHalfUp(x, decimals));
  return {
    id: node.id,
    label: node.label,
    rule: node.rule,
    status: raw.status,
    value: raw.value,
    max: raw.max,
    percent,
    n: raw.n,
    se: raw.se,
    interval: raw.interval,
    lowN: raw.n !== null && raw.status === 'ok' && raw.n < minN,
    published: {
      value: round(raw.value),
      percent: round(percent),
      interval: raw.interval ? { lower: roundHalfUp(raw.interval.lower, decimals), upper: roundHalfUp(raw.interval.upper, decimals) } : null,
    },
    ...(raw.imputed ? { imputed: true as const } : {}),
    ...(children ? { children } : {}),
  };
}

function evaluateGroup(group: Group, walk: Walk): NodeResult {
  const children = group.children.map((c) => evaluateNode(c, walk));
  const { missing, errorPropagation, clampToMax } = walk.definition.options;
  const scored = children.filter((c, i) => group.children[i]?.rule !== 'adjustment');
  const adjustments = children.filter((c, i) => group.children[i]?.rule === 'adjustment' && c.status === 'ok');
  const blocked = scored.some((c) => c.status === 'incomplete' || (c.status === 'missing' && missing === 'incomplete'));
  const included = scored.filter((c) => c.status === 'ok');
  const weights = included.map((c) => (group.rule === 'weighted_mean' ? (group.children.find((n) => n.id === c.id)?.weight ?? 1) : 1));
  const maxOfIncluded =
    group.rule === 'sum'
      ? included.reduce((s, c) => s + (c.max as number), 0)
      : included.reduce((s, c, i) => s + (c.max as number) * (weights[i] as number), 0) / (weights.reduce((s, w) => s + w, 0) || 1);

  let raw: Raw;
  if (blocked) {
    raw = { status: 'incomplete', value: null, max: maxOfIncluded, n: null, se: null, interval: null };
  } else if (included.length === 0) {
    const allNa = scored.every((c) => c.status === 'not_applicable');
    raw = allNa ? naRaw(structuralMax(group)) : { status: 'missing', value: null, max: structuralMax(group), n: null, se: null, interval: null };
  } else {
    const ns = included.map((c) => c.n).filter((n): n is number => n !== null);
    const n = ns.length ? Math.min(...ns) : null;
    const ses = included.map((c) => c.se);
    const known = ses.every((s): s is number => s !== null);
    let value: number;
    let se: number | null = null;
    const max = maxOfIncluded;
    if (group.rule === 'sum') {
      value = included.reduce((s, c) => s + (c.value as number), 0) + adjustments.reduce((s, c) => s + (c.value as number), 0);
      if (clampToMax) value = clamp(value, 0, max);
      if (known) se = errorPropagation === 'conservative' ? ses.reduce((s, x) => s + x, 0) : Math.sqrt(ses.reduce((s, x) => s + x * x, 0));
    } else {
      const total = weights.reduce((s, w) => s + w, 0);
      value = included.reduce((s, c, i) => s + (c.value as number) * (weights[i] as number), 0) / total;
      if (known) {
        se =
          errorPropagation === 'conservative'
            ? ses.reduce((s, x, i) => s + (x * (weights[i] as number)) / total, 0)
            : Math.sqrt(ses.reduce((s, x, i) => s + (x * (weights[i] as number) / total) ** 2, 0));
      }
    }
    raw = {
      status: 'ok',
      value,
      max,
      n,
      se,
      interval: se === null ? null : { lower: clamp(value - Z95 * se, 0, max), upper: clamp(value + Z95 * se, 0, max) },
    };
  }
  return finish(group, raw, walk, children);
}

function evaluateNode(node: Node, walk: Walk): NodeResult {
  const input = walk.inputs[node.id];
  if (input) walk.used.add(node.id);
  if (!('children' in node)) {
    if (input) return finish(node, evaluateLeaf(node, input, walk.context), walk);
    const max = leafMax(node);
    if (node.rule === 'adjustment') return finish(node, naRaw(0), walk);
    if (walk.definition.options.missing === 'zero') return finish(node, { ...exact(0, max), imputed: true }, walk);
    return finish(node, { status: 'missing', value: null, max, n: null, se: null, interval: null }, walk);
  }
  if (input && 'notApplicable' in input) return notApplicableTree(node, walk);
  if (input && 'value' in input) return finish(node, given(node, input, structuralMax(node)), walk);
  if (input) throw new EngineInputError(node.id, `a group takes { value } or { notApplicable }, got { ${Object.keys(input).join(', ')} }`);
  return evaluateGroup(node, walk);
}

/** A node declared not applicable, with every node below it not applicable too. */
function notApplicableTree(node: Node, walk: Walk): NodeResult {
  const result = finish(node, naRaw('children' in node ? structuralMax(node) : leafMax(node)), walk);
  return 'children' in node ? { ...result, children: node.children.map((c) => notApplicableTree(c, walk)) } : result;
}

export function bandOf(bands: Band[], value: number | null): Band | null {
  if (value === null) return null;
  return bands.find((b) => b.min === null || (b.minInclusive ? value >= b.min : value > b.min)) ?? null;
}

/** Walks the definition tree over the inputs; every input must name a node of the tree. */
export function evaluateTree(definition: Definition, inputs: Inputs, context: Context): NodeResult {
  const walk: Walk = { inputs, context, definition, used: new Set() };
  const root = evaluateNode(definition.root, walk);
  for (const id of Object.keys(inputs)) {
    if (!walk.used.has(id) && !nodeExists(definition.root, id)) throw new EngineInputError(id, 'no node of this method has this id');
  }
  return root;
}

function nodeExists(node: Node, id: string): boolean {
  return node.id === id || ('children' in node && node.children.some((c) => nodeExists(c, id)));
}
