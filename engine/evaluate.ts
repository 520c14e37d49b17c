import type { Definition, Leaf, Node } from './definition.js';
import { EngineInputError } from './errors.js';
import { type Compiled, type Cursor, compile, type Frame, leafMax, MISSING, NA, setEmpty, WIDTH } from './frame.js';
import type { Context, Inputs, NodeInput } from './inputs.js';
import {
  absentLeaf,
  aggregate,
  checkLevel,
  exactly,
  expect,
  given,
  givenIndex,
  groupError,
  markDescendants,
  notApplicableGroup,
  points,
  pointsTable,
  ratio,
  share,
  tableCodes,
  tablePoints,
  tierPoints,
} from './rules.js';

// The walk of one unit: each node from its input or, for a group, from its children first.

function evaluateLeaf(x: Cursor, c: Compiled, i: number, leaf: Leaf, input: NodeInput, context: Context): void {
  if ('notApplicable' in input) {
    setEmpty(x, i, NA, leafMax(leaf));
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
