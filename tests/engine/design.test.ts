import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compute,
  computeDesign,
  createRandom,
  Definition,
  type DefinitionInput,
  mergeInputs,
  type Respondent,
  sampleSize,
  seededShuffle,
} from '../../engine/index.js';
import { allNodes, definition, node } from './helpers.js';

const method = (root: DefinitionInput['root']) =>
  Definition.parse({
    id: 'design-test',
    version: '1',
    title: { vi: 'Thử', en: 'Test' },
    legalBasis: { document: 'none', date: null, issuer: 'tests' },
    options: { headline: 'value', missing: 'exclude' },
    root,
  });
const item = (id: string) => ({ id, label: { vi: id, en: id }, rule: 'share' as const });
const oneItem = method({ id: 'root', label: { vi: 'Gốc', en: 'Root' }, rule: 'mean', children: [item('q1')] });
const twoItems = method({ id: 'root', label: { vi: 'Gốc', en: 'Root' }, rule: 'mean', children: [item('q1'), item('q2')] });

const form = (stratum: string, cluster: string | null, answers: Record<string, string>): Respondent => ({ stratum, cluster, answers });

describe('variance by the survey design (Taylor linearisation)', () => {
  // Six people in three villages of one stratum: A answers 5, 5; B 5, 2; C 2, 2. p = 3/6 = 50%.
  // Influences (100·y − 50)/6 = ±8.333; village totals 16.667, 0, −16.667 (mean 0).
  // Design variance 3/2 · (277.78 + 0 + 277.78) = 833.33 (se 28.87); a simple random sample of the
  // same six: 6/5 · 6 · 69.44 = 500, so the design effect is 833.33 / 500 = 1.667.
  const villages = [
    form('s', 'A', { q1: '5' }),
    form('s', 'A', { q1: '5' }),
    form('s', 'B', { q1: '5' }),
    form('s', 'B', { q1: '2' }),
    form('s', 'C', { q1: '2' }),
    form('s', 'C', { q1: '2' }),
  ];

  it('estimates the variance between villages, with the design effect (hand-worked)', () => {
    const result = computeDesign(oneItem, { respondents: villages });
    expect(result.headline.value).toBe(50);
    expect(result.headline.se).toBeCloseTo(Math.sqrt(2500 / 3), 10);
    expect(node(result, 'q1').deff).toBeCloseTo(5 / 3, 10);
    expect(result.design).toEqual({
      variance: 'linearisation',
      respondents: 6,
      strata: 1,
      samplingUnits: 3,
      clustered: true,
      finitePopulation: false,
      deff: expect.closeTo(5 / 3, 10),
    });
  });

  it('applies the finite-population correction the sample was sized with', () => {
    // Three villages drawn of four: 1 − 3/4 = 0.25 of the variance.
    const result = computeDesign(oneItem, { respondents: villages, populations: { s: 4 } });
    expect(result.headline.se).toBeCloseTo(Math.sqrt((2500 / 3) * 0.25), 10);
    expect(result.design.finitePopulation).toBe(true);
  });

  it('is a simple random sample’s variance when each person was drawn alone (design effect 1)', () => {
    const alone = villages.map((r) => ({ ...r, cluster: null }));
    const result = computeDesign(oneItem, { respondents: alone });
    expect(result.headline.se).toBeCloseTo(Math.sqrt(500), 10);
    expect(result.design.deff).toBeCloseTo(1, 12);
  });

  it('follows the correlation between items: the same answers twice are no more precise than once', () => {
    // Four people answering both items alike (5,5 5,5 1,1 1,1): the mean of the two items has
    // influences ±12.5 and variance 4/3 · 4 · 156.25 = 833.33, one item's. Answering them
    // independently (5,5 5,1 1,5 1,1) halves it: 4/3 · 2 · 156.25 = 416.67.
    const forms = (answers: string[]) => answers.map((a) => form('s', null, { q1: a[0] as string, q2: a[1] as string }));
    const alike = forms(['55', '55', '11', '11']);
    const crossed = forms(['55', '51', '15', '11']);
    expect(computeDesign(twoItems, { respondents: alike }).headline.se).toBeCloseTo(Math.sqrt(2500 / 3), 10);
    expect(computeDesign(twoItems, { respondents: crossed }).headline.se).toBeCloseTo(Math.sqrt(1250 / 3), 10);
  });

  it('gives every node exactly the value compute() gives on the pooled counts, in any order of forms', () => {
    const sipas = definition('sipas-qd2640-2017');
    const leaves = allNodes(compute(sipas, {}).root)
      .filter((n) => n.rule === 'share')
      .map((n) => n.id);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 80 }), fc.nat(), (size, seed) => {
        const random = createRandom(seed);
        const respondents = Array.from({ length: size }, (_, i) =>
          form(
            `s${i % 3}`,
            `v${i % 7}`,
            Object.fromEntries(leaves.filter(() => random.chance(0.9)).map((id) => [id, String(random.int(1, 5))])),
          ),
        );
        const pooled = mergeInputs(
          ...respondents.map((r) => Object.fromEntries(Object.entries(r.answers).map(([id, code]) => [id, { counts: { [code]: 1 } }]))),
        );
        const plain = compute(sipas, pooled);
        const designed = computeDesign(sipas, { respondents });
        const shuffled = computeDesign(sipas, { respondents: seededShuffle(respondents, seed) });
        for (const n of allNodes(plain.root)) expect(node(designed, n.id).value).toBe(n.value);
        expect(shuffled.headline.se).toBeCloseTo(designed.headline.se as number, 9);
        expect(shuffled.provenance.inputHash).toBe(designed.provenance.inputHash);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses an answer the method does not ask or cannot score', () => {
    expect(() => computeDesign(oneItem, { respondents: [form('s', null, { q9: '5' })] })).toThrow(/q9/);
    expect(() => computeDesign(oneItem, { respondents: [form('s', null, { q1: '7' })] })).toThrow(/not a level/);
  });
});

describe('sizing a clustered sample', () => {
  it('multiplies the sample by the design effect expected, before the finite-population correction', () => {
    // n₀ = 1.96² · 0.25 / 0.05² = 384.15 → 385; with deff 2: 768.3 → 769; from 5,000: 768.3 / (1 + 767.3/5000) = 666.1 → 667.
    const base = { margin: 0.05, confidence: 0.95, expectedShare: 0.5 };
    expect(sampleSize(base)).toBe(385);
    expect(sampleSize({ ...base, designEffect: 2 })).toBe(769);
    expect(sampleSize({ ...base, designEffect: 2, population: 5000 })).toBe(667);
  });
});

describe('intervals from counts alone (no forms)', () => {
  // 22 criteria at 80% of 100 answers each: counts cannot show how the items correlate.
  const criteria = Array.from({ length: 22 }, (_, i) => item(`c${i}`));
  const sipas = method({ id: 'root', label: { vi: 'Gốc', en: 'Root' }, rule: 'mean', children: criteria });
  const counts = Object.fromEntries(criteria.map((c) => [c.id, { counts: { '5': 80, '2': 20 } }]));
  const one = compute(oneItem, { q1: { counts: { '5': 80, '2': 20 } } }).headline.se as number;

  it('treats the items as independent by default: the mean of 22 is √22 times more precise than one', () => {
    expect(sipas.options.errorPropagation).toBe('independent');
    expect(compute(sipas, counts).headline.se).toBeCloseTo(one / Math.sqrt(22), 10);
  });

  it('keeps the perfect-correlation bound as a setting, which is one item’s standard error', () => {
    const bound = compute(sipas, counts, { settings: { 'options.errorPropagation': 'conservative' } });
    expect(bound.headline.se).toBeCloseTo(one, 10);
    expect(one).toBeCloseTo(3.97, 2);
  });
});

describe('a clustered survey simulated 1,000 times', () => {
  // A province of 300 villages of 31 people; a village's people resemble each other (its own
  // satisfaction rate, spread ±12 points around 80%), three questions answered from it. Each
  // replication draws 40 villages without replacement and asks everyone in them.
  const population = (() => {
    const random = createRandom(2024);
    return Array.from({ length: 300 }, (_, v) => {
      const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      const rate = Math.min(0.99, Math.max(0.3, 0.8 + 0.12 * normal));
      return Array.from({ length: 31 }, () =>
        form('province', `v${v}`, {
          q1: random.chance(rate) ? '4' : '2',
          q2: random.chance(rate - 0.05) ? '5' : '3',
          q3: random.chance(rate + 0.05) ? '4' : '1',
        }),
      );
    });
  })();
  const three = method({ id: 'root', label: { vi: 'Gốc', en: 'Root' }, rule: 'mean', children: [item('q1'), item('q2'), item('q3')] });
  const truth = computeDesign(three, { respondents: population.flat() }).headline.value as number;

  const coverage = (clustered: boolean) => {
    let covered = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const villages = seededShuffle(population, seed).slice(0, 40).flat();
      const respondents = clustered ? villages : villages.map((r) => ({ ...r, cluster: null }));
      const { interval } = computeDesign(three, { respondents, ...(clustered ? { populations: { province: 300 } } : {}) }).headline;
      if (interval && interval.lower <= truth && truth <= interval.upper) covered += 1;
    }
    return covered / 1000;
  };

  it('covers the true value about 95% of the time with the design’s interval', () => {
    const share = coverage(true);
    expect(share).toBeGreaterThan(0.93);
    expect(share).toBeLessThan(0.975);
  });

  it('covers far less often if the clustering is ignored, as a simple random sample would assume', () => {
    expect(coverage(false)).toBeLessThan(0.8);
  });
});
