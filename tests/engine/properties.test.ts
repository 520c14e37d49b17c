import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compute, countResponses, type Definition, type Inputs, mergeInputs, type Response, seededShuffle } from '../../engine/index.js';
import { allNodes, definition } from './helpers.js';

const SIPAS = ['sipas-qd2640-2017', 'sipas-qd1001-2023'].map(definition);

function shareLeafIds(d: Definition): string[] {
  const ids: string[] = [];
  const walk = (n: Definition['root']) => ('children' in n ? n.children.forEach(walk) : n.rule === 'share' && ids.push(n.id));
  walk(d.root);
  return ids;
}

/** Random respondents of a SIPAS definition: each answers some items 1–5 and leaves others blank. */
const respondents = (d: Definition, max = 40) =>
  fc.array(
    fc.dictionary(fc.constantFrom(...shareLeafIds(d)), fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(null)), { maxKeys: 12 }),
    { minLength: 1, maxLength: max },
  );

describe.each(SIPAS.map((d) => [d.id, d] as const))('%s properties', (_id, sipas) => {
  it('does not depend on the order of respondents', () => {
    fc.assert(
      fc.property(respondents(sipas), fc.integer({ min: 0, max: 2_147_483_646 }), (rows, seed) => {
        const shuffled = seededShuffle(rows, seed) as Response[];
        const a = compute(sipas, countResponses(sipas, rows));
        const b = compute(sipas, countResponses(sipas, shuffled));
        expect(b.headline.value).toBe(a.headline.value);
        expect(b.provenance.inputHash).toBe(a.provenance.inputHash);
      }),
      { numRuns: 60 },
    );
  });

  it('is unchanged by a not-applicable or blank answer', () => {
    fc.assert(
      fc.property(respondents(sipas), fc.constantFrom(...shareLeafIds(sipas)), (rows, item) => {
        const before = compute(sipas, countResponses(sipas, rows));
        const after = compute(sipas, countResponses(sipas, [...rows, { [item]: null }, { [item]: 0 }, {}]));
        expect(after.headline.value).toBe(before.headline.value);
      }),
      { numRuns: 60 },
    );
  });

  it('never falls when a satisfied answer is added', () => {
    fc.assert(
      fc.property(respondents(sipas), fc.constantFrom(...shareLeafIds(sipas)), fc.constantFrom(4, 5), (rows, item, level) => {
        const before = compute(sipas, countResponses(sipas, rows)).headline.value;
        const after = compute(sipas, countResponses(sipas, [...rows, { [item]: level }])).headline.value as number;
        if (before !== null) expect(after).toBeGreaterThanOrEqual(before - 1e-9);
      }),
      { numRuns: 80 },
    );
  });

  it('keeps every node within [0, max] and inside its interval', () => {
    fc.assert(
      fc.property(respondents(sipas), (rows) => {
        for (const n of allNodes(compute(sipas, countResponses(sipas, rows)).root)) {
          if (n.value === null) continue;
          expect(n.value).toBeGreaterThanOrEqual(0);
          expect(n.value).toBeLessThanOrEqual((n.max as number) + 1e-9);
          if (n.interval) {
            expect(n.interval.lower).toBeLessThanOrEqual(n.value + 1e-9);
            expect(n.interval.upper).toBeGreaterThanOrEqual(n.value - 1e-9);
            expect(n.interval.lower).toBeGreaterThanOrEqual(0);
            expect(n.interval.upper).toBeLessThanOrEqual((n.max as number) + 1e-9);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same result from two units’ merged counts as from their pooled raw answers', () => {
    fc.assert(
      fc.property(respondents(sipas), respondents(sipas), (a, b) => {
        const merged = compute(sipas, mergeInputs(countResponses(sipas, a), countResponses(sipas, b)));
        const pooled = compute(sipas, countResponses(sipas, [...a, ...b]));
        expect(merged.headline.value).toBe(pooled.headline.value);
        expect(merged.root.n).toBe(pooled.root.n);
      }),
      { numRuns: 60 },
    );
  });
});

describe('points methods stay within [0, max]', () => {
  const rate = fc
    .integer({ min: 0, max: 500 })
    .chain((den) => fc.record({ numerator: fc.integer({ min: 0, max: den }), denominator: fc.constant(den) }));

  it('QĐ 766 with any rates', () => {
    const qd766 = definition('service-qd766-2022');
    const ids: string[] = [];
    const walk = (n: Definition['root']) => ('children' in n ? n.children.forEach(walk) : ids.push(n.id));
    walk(qd766.root);
    fc.assert(
      fc.property(fc.tuple(...ids.map((id) => (id === 'digitisation.3' ? fc.boolean().map((yes) => ({ yes })) : rate))), (values) => {
        const inputs = Object.fromEntries(ids.map((id, i) => [id, values[i]])) as Inputs;
        const r = compute(qd766, inputs, { settings: { 'options.missing': 'exclude' } });
        for (const n of allNodes(r.root)) {
          if (n.value === null) continue;
          expect(n.value).toBeGreaterThanOrEqual(0);
          expect(n.value).toBeLessThanOrEqual((n.max as number) + 1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a rate’s points never fall as its numerator grows', () => {
    const qd766 = definition('service-qd766-2022');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (den, k) => {
        const num = Math.min(den - 1, k);
        const points = (n: number) =>
          compute(qd766, { 'online.1': { numerator: n, denominator: den } }, { settings: { 'options.missing': 'exclude' } }).root
            .value as number;
        expect(points(num + 1)).toBeGreaterThanOrEqual(points(num));
      }),
      { numRuns: 100 },
    );
  });
});
