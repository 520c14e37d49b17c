import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/frame.js';
import {
  type ColumnComputation,
  type Computation,
  compute,
  computeColumns,
  DEFINITIONS,
  type Definition,
  type Inputs,
  type NodeInput,
  toColumns,
} from '../../engine/index.js';
import { definition } from './helpers.js';

type Node = Definition['root'];
const nodesOf = (n: Node): Node[] => [n, ...('children' in n ? n.children.flatMap(nodesOf) : [])];

/** A valid input of each kind a node of this rule takes, or none, not applicable or a given figure. */
function nodeInput(d: Definition, node: Node): fc.Arbitrary<NodeInput | undefined> {
  const max = compile(d).structuralMax[compile(d).index.get(node.id) as number] as number;
  const figure = fc.record(
    { value: fc.double({ min: 0, max, noNaN: true }), se: fc.double({ min: 0, max: 5, noNaN: true }), n: fc.nat(500) },
    { requiredKeys: ['value'] },
  );
  const common = [fc.constant(undefined), fc.constant({ notApplicable: true as const })];
  if ('children' in node) return fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, ...common, figure);
  const count = fc.oneof(fc.constant(0), fc.nat(60));
  let own: fc.Arbitrary<NodeInput>;
  switch (node.rule) {
    case 'share':
      own = fc
        .dictionary(fc.constantFrom(...Array.from({ length: node.levels }, (_, k) => String(k + 1))), count)
        .map((counts) => ({ counts }));
      break;
    case 'points_table':
      own = fc.dictionary(fc.constantFrom(...Object.keys(node.table)), count).map((counts) => ({ counts }));
      break;
    case 'ratio':
      own = fc.nat(400).chain((denominator) => fc.nat(denominator).map((numerator) => ({ numerator, denominator })));
      break;
    case 'tiers':
      own = fc
        .tuple(...node.measures.map(() => fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(30))))
        .map((values) => ({ measures: Object.fromEntries(node.measures.map((m, k) => [m, values[k] as number])) }));
      break;
    case 'points':
      own = fc.double({ min: 0, max: node.max, noNaN: true }).map((points) => ({ points }));
      break;
    case 'adjustment':
      own = fc.double({ min: node.min, max: node.max, noNaN: true }).map((points) => ({ points }));
      break;
    case 'yes_no':
      own = fc.boolean().map((yes) => ({ yes }));
      break;
    case 'from_index':
      own = fc.record(
        { value: fc.double({ min: 0, max: 100, noNaN: true }), se: fc.double({ min: 0, max: 3, noNaN: true }) },
        { requiredKeys: ['value'] },
      );
      break;
  }
  return node.rule === 'from_index'
    ? fc.oneof({ weight: 4, arbitrary: own }, ...common)
    : fc.oneof({ weight: 6, arbitrary: own }, ...common, figure);
}

function unitArbitrary(d: Definition): fc.Arbitrary<Inputs> {
  const nodes = nodesOf(d.root);
  return fc.tuple(...nodes.map((n) => nodeInput(d, n))).map((values) => {
    const inputs: Inputs = {};
    values.forEach((v, k) => {
      if (v !== undefined) inputs[(nodes[k] as Node).id] = v;
    });
    return inputs;
  });
}

const outcome = (run: () => Computation) => {
  try {
    const c = run();
    return { ok: { headline: c.headline, root: c.root, display: c.display } };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const withoutZeroCounts = (inputs: Inputs): Inputs =>
  Object.fromEntries(
    Object.entries(inputs).map(([id, input]) => [
      id,
      'counts' in input ? { counts: Object.fromEntries(Object.entries(input.counts).filter(([, c]) => c !== 0)) } : input,
    ]),
  );

describe.each(DEFINITIONS.map((d) => [d.id, d] as const))('%s in columns', (_id, d) => {
  it('gives every unit exactly what computing it alone gives, and the same input hash', () => {
    fc.assert(
      fc.property(
        fc.array(unitArbitrary(d), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom('province', 'district', 'commune')),
        (units, picked) => {
          const levels = units.map((_, u) => picked[u]);
          let batch: ColumnComputation;
          try {
            batch = computeColumns(d, toColumns(units, levels));
          } catch (error) {
            // A batch fails only when some unit alone fails, with that unit's message.
            const messages = units.map(
              (inputs, u) => outcome(() => compute(d, inputs, { context: levels[u] ? { level: levels[u] } : {} })).error,
            );
            expect(messages).toContain((error as Error).message);
            return;
          }
          units.forEach((inputs, u) => {
            const alone = compute(d, inputs, { context: levels[u] ? { level: levels[u] } : {} });
            const mine = batch.unit(u);
            expect(batch.headlines[u]).toEqual(alone.headline);
            expect(mine.headline).toEqual(alone.headline);
            expect(mine.root).toEqual(alone.root);
            expect(mine.display).toEqual(alone.display);
            expect(mine.provenance).toEqual(
              compute(d, withoutZeroCounts(inputs), { context: levels[u] ? { level: levels[u] } : {} }).provenance,
            );
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('batches larger than one chunk of units', () => {
  it.each(['sipas-qd1001-2023', 'par-province-qd876-2022'])('%s: 700 units, some given whole groups, agree with unit-by-unit', (id) => {
    const d = definition(id);
    const units = fc.sample(unitArbitrary(d), { numRuns: 700, seed: 2023 });
    const batch = computeColumns(d, toColumns(units));
    units.forEach((inputs, u) => {
      expect(batch.headlines[u]).toEqual(compute(d, inputs).headline);
    });
    // A unit's whole tree, evaluated again on demand, agrees node for node.
    expect(batch.unit(699).root).toEqual(compute(d, units[699] as Inputs).root);
  });
});

describe('columns built directly', () => {
  const sipas = definition('sipas-qd1001-2023');

  it('reads per-level count columns as a GROUP BY query returns them', () => {
    // Two units, one leaf each: unit 0 has 8 of 10 satisfied (levels 4–5), unit 1 has 1 of 4.
    const batch = computeColumns(definition('tap-rating'), {
      units: 2,
      nodes: { satisfied: { counts: { '1': [1, 2], '2': [0, 1], '3': [1, 0], '4': [3, 1], '5': [5, 0] } } },
    });
    // The headline columns hold the figures themselves, unrounded: 80% and 25%, n 10 and 4.
    expect([...batch.columns.value]).toEqual([80, 25]);
    expect([...batch.columns.n]).toEqual([10, 4]);
    expect(batch.columns.lower[1]).toBeLessThan(25);
    expect(batch.columns.upper[1]).toBeGreaterThan(25);
    expect(batch.headline(1)).toEqual(batch.headlines[1]);
    expect(() => batch.headline(2)).toThrow('2 is not a unit of this batch');
    const [a, b] = [batch.unit(0), batch.unit(1)];
    expect(a.headline.value).toBe(80);
    expect(a.headline.n).toBe(10);
    expect(b.headline.value).toBe(25);
    expect(b.provenance.inputHash).toBe(
      compute(definition('tap-rating'), { satisfied: { counts: { '1': 2, '2': 1, '4': 1 } } }).provenance.inputHash,
    );
  });

  it('names the node and the column that does not fit', () => {
    expect(() => computeColumns(sipas, { units: 2, nodes: { nowhere: {} } })).toThrow('nowhere: no node of this method has this id');
    expect(() => computeColumns(definition('tap-rating'), { units: 3, nodes: { satisfied: { counts: { '5': [1, 2] } } } })).toThrow(
      "satisfied: column 'counts.5' has 2 entries for 3 units",
    );
    expect(() => computeColumns(definition('tap-rating'), { units: 1, nodes: { satisfied: { counts: { '6': [1] } } } })).toThrow(
      "answer '6' is not a level 1..5",
    );
    expect(() => computeColumns(definition('tap-rating'), { units: 1, nodes: { satisfied: { points: [1] } } })).toThrow(
      "satisfied: rule 'share' reads { counts }, got { points }",
    );
  });

  it('gives no computations for an empty batch', () => {
    const empty = computeColumns(sipas, { units: 0, nodes: {} });
    expect(empty.headlines).toEqual([]);
    expect(() => empty.unit(0)).toThrow('0 is not a unit of this batch');
  });
});
