import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeBetween,
  compute,
  createRandom,
  officialRanks,
  pairwiseDifferences,
  rollUp,
  seededShuffle,
  statisticalTiers,
  wilson,
} from '../../engine/index.js';
import { definition, share } from './helpers.js';

describe('statistical tiers', () => {
  it('groups units whose difference is not significant and gives rank ranges', () => {
    // A 90 ± 0.5 and B 89.8 ± 0.5 differ by 0.2 (z = 0.28): one tier. C at 80 is far below both.
    const { tiers } = statisticalTiers([
      { key: 'C', value: 80, se: 0.5 },
      { key: 'A', value: 90, se: 0.5 },
      { key: 'B', value: 89.8, se: 0.5 },
    ]);
    expect(tiers.get('A')).toEqual({ tier: 1, rankRange: [1, 2], alike: ['B'] });
    expect(tiers.get('B')).toEqual({ tier: 1, rankRange: [1, 2], alike: ['A'] });
    expect(tiers.get('C')).toEqual({ tier: 2, rankRange: [3, 3], alike: [] });
  });

  it('never lets a small unit’s lead stand out from noise', () => {
    // A ward with 6 taps, all satisfied (100%), against a large ward at 92% of 2,000 taps.
    const tap = definition('tap-rating');
    const se = (counts: Record<string, number>) => {
      const r = compute(tap, { satisfied: { counts } });
      return { value: r.headline.value, se: r.root.se };
    };
    const small = se({ '5': 6 });
    const large = se({ '5': 1840, '2': 160 });
    const official = officialRanks(
      [
        { key: 'small', ...small },
        { key: 'large', ...large },
      ],
      'name',
    );
    const { tiers } = statisticalTiers([
      { key: 'small', ...small },
      { key: 'large', ...large },
    ]);
    expect(official.get('small')).toBe(1);
    expect(tiers.get('small')?.tier).toBe(tiers.get('large')?.tier);
  });

  it('leaves units without a value unranked', () => {
    const items = [
      { key: 'x', value: null, se: null },
      { key: 'y', value: 50, se: 1 },
    ];
    expect(officialRanks(items, 'shared').get('x')).toBeNull();
    expect(statisticalTiers(items).tiers.get('x')).toBeNull();
  });
});

describe('every pair tested, the family held to 5% (Holm)', () => {
  // A 90, B 87, C 85, each ± 1 (se). Differences over √2: A−B z = 2.121, p = 0.0339; A−C z = 3.536,
  // p = 0.00041; B−C z = 1.414, p = 0.157. Holm over m = 3: 0.00041 < 0.05/3 rejects A–C; 0.0339 is
  // not below 0.05/2 = 0.025, so A–B and B–C stand. Each pair alone at 5% would also separate A–B.
  const units = [
    { key: 'B', value: 87, se: 1 },
    { key: 'C', value: 85, se: 1 },
    { key: 'A', value: 90, se: 1 },
  ];

  it('separates only what survives Holm’s step-down', () => {
    const { comparisons, pairs } = pairwiseDifferences(units);
    expect(comparisons).toEqual({ control: 'holm', alpha: 0.05, tests: 3 });
    const pair = (higher: string, lower: string) => pairs.find((p) => p.higher === higher && p.lower === lower);
    expect(pair('A', 'B')?.pValue).toBeCloseTo(0.0339, 4);
    expect(pair('A', 'C')?.pValue).toBeCloseTo(0.00041, 5);
    expect(pair('B', 'C')?.pValue).toBeCloseTo(0.1573, 4);
    expect(pairs.filter((p) => p.significant).map((p) => `${p.higher}>${p.lower}`)).toEqual(['A>C']);
    const { tiers } = statisticalTiers(units);
    expect(['A', 'B', 'C'].map((k) => tiers.get(k))).toEqual([
      { tier: 1, rankRange: [1, 2], alike: ['B'] },
      { tier: 1, rankRange: [1, 3], alike: ['A', 'C'] },
      { tier: 2, rankRange: [2, 3], alike: ['B'] },
    ]);
  });

  it('each pair alone at 5% separates A from B as well, and says so', () => {
    const { comparisons, tiers } = statisticalTiers(units, 0.05, 'none');
    expect(comparisons.control).toBe('none');
    expect(['A', 'B', 'C'].map((k) => tiers.get(k))).toEqual([
      { tier: 1, rankRange: [1, 1], alike: [] },
      { tier: 2, rankRange: [2, 3], alike: ['C'] },
      { tier: 2, rankRange: [2, 3], alike: ['B'] },
    ]);
  });

  it('finds fewer false differences among 63 equal units than testing each pair alone', () => {
    // 63 provinces with the same true share, each estimated from 500 answers: every difference is chance.
    const random = createRandom(2023);
    const provinces = Array.from({ length: 63 }, (_, i) => {
      let satisfied = 0;
      for (let j = 0; j < 500; j++) if (random.next() < 0.82) satisfied += 1;
      const p = satisfied / 500;
      return { key: `P${i}`, value: 100 * p, se: 100 * Math.sqrt((p * (1 - p)) / 500) };
    });
    const holm = pairwiseDifferences(provinces);
    const each = pairwiseDifferences(provinces, 0.05, 'none');
    expect(holm.comparisons.tests).toBe(1953);
    expect(each.pairs.filter((p) => p.significant).length).toBeGreaterThan(20);
    expect(holm.pairs.filter((p) => p.significant).length).toBe(0);
  });

  it('gives the same tiers and ranks whatever order the units come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.integer({ min: 60, max: 100 }), se: fc.constantFrom(0.5, 1, 2) }), { minLength: 2, maxLength: 12 }),
        fc.nat(),
        (rows, seed) => {
          const items = rows.map((r, i) => ({ key: `u${i}`, name: `Đơn vị ${i % 3}`, ...r }));
          const shuffled = seededShuffle(items, seed);
          expect(statisticalTiers(shuffled).tiers).toEqual(statisticalTiers(items).tiers);
          expect(statisticalTiers([...items].reverse()).tiers).toEqual(statisticalTiers(items).tiers);
          expect(officialRanks(shuffled, 'name')).toEqual(officialRanks(items, 'name'));
          expect(officialRanks(shuffled, 'shared')).toEqual(officialRanks(items, 'shared'));
        },
      ),
    );
  });

  it('names as alike exactly the units a rank range leaves room for, both ways', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.integer({ min: 60, max: 100 }), se: fc.constantFrom(0.5, 1, 2) }), { minLength: 2, maxLength: 12 }),
        (rows) => {
          const { tiers } = statisticalTiers(rows.map((r, i) => ({ key: `u${i}`, name: `u${i}`, ...r })));
          for (const [key, tier] of tiers) {
            if (!tier) continue;
            expect(tier.rankRange[1] - tier.rankRange[0]).toBe(tier.alike?.length);
            for (const other of tier.alike ?? []) expect(tiers.get(other)?.alike).toContain(key);
          }
        },
      ),
    );
  });
});

describe('statistical tiers of thousands of units', () => {
  it('rest on exactly the pairs pairwiseDifferences finds significant, whichever multiplicity control', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            value: fc.oneof(fc.integer({ min: 80, max: 95 }), fc.double({ min: 80, max: 95, noNaN: true })),
            se: fc.constantFrom(0, 0.2, 0.5, 1, 2),
          }),
          { minLength: 2, maxLength: 40 },
        ),
        fc.constantFrom('holm' as const, 'none' as const),
        (rows, control) => {
          const items = rows.map((r, i) => ({ key: `u${i}`, name: `u${i}`, ...r }));
          const { pairs } = pairwiseDifferences(items, 0.05, control);
          const apart = new Set(pairs.filter((p) => p.significant).flatMap((p) => [`${p.higher}>${p.lower}`, `${p.lower}>${p.higher}`]));
          const { tiers } = statisticalTiers(items, 0.05, control);
          for (const [key, tier] of tiers) {
            const alike = items.filter((o) => o.key !== key && !apart.has(`${key}>${o.key}`)).map((o) => o.key);
            expect(new Set(tier?.alike)).toEqual(new Set(alike));
            const above = pairs.filter((p) => p.significant && p.lower === key).length;
            const below = pairs.filter((p) => p.significant && p.higher === key).length;
            expect(tier?.rankRange).toEqual([above + 1, items.length - below]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('count the units alike one instead of listing them past 50, and keep the rank range', () => {
    // 3,321 communes at 86–91% of some 3,000 ratings each: most differences are within chance.
    const random = createRandom(3321);
    const communes = Array.from({ length: 3321 }, (_, i) => {
      const p = 0.86 + 0.05 * random.next();
      return { key: `x${i}`, value: 100 * p, se: 100 * Math.sqrt((p * (1 - p)) / 3000) };
    });
    const { comparisons, tiers } = statisticalTiers(communes);
    expect(comparisons.tests).toBe((3321 * 3320) / 2);
    const all = [...tiers.values()];
    expect(all.filter((t) => t?.alike === null).length).toBeGreaterThan(3000);
    for (const t of all) {
      if (t?.alike !== null) expect(t?.alike.length).toBe((t?.rankRange[1] ?? 0) - (t?.rankRange[0] ?? 0));
      else expect((t?.rankRange[1] ?? 0) - (t?.rankRange[0] ?? 0)).toBeGreaterThan(50);
    }
  });

  it('give 400 units the rank ranges every pair tested one by one gives (sure, borderline and hopeless pairs alike)', () => {
    const random = createRandom(400);
    const units = Array.from({ length: 400 }, (_, i) => {
      const p = 0.6 + 0.39 * random.next();
      const n = 50 + Math.floor(2000 * random.next());
      return { key: `x${i}`, value: 100 * p, se: 100 * Math.sqrt((p * (1 - p)) / n) };
    });
    const { pairs } = pairwiseDifferences(units);
    const significant = pairs.filter((p) => p.significant);
    expect(significant.length).toBeGreaterThan(1000);
    expect(significant.length).toBeLessThan(pairs.length - 1000);
    const { tiers } = statisticalTiers(units);
    for (const { key } of units) {
      const above = significant.filter((p) => p.lower === key).length;
      const below = significant.filter((p) => p.higher === key).length;
      expect(tiers.get(key)?.rankRange).toEqual([above + 1, 400 - below]);
    }
  });
});

describe('change against the previous period', () => {
  it('is significant only when it exceeds the noise', () => {
    expect(changeBetween({ value: 85, se: 1 }, { value: 84, se: 1 })).toMatchObject({ difference: 1, significant: false });
    expect(changeBetween({ value: 90, se: 1 }, { value: 84, se: 1 })).toMatchObject({ difference: 6, significant: true });
    expect(changeBetween({ value: null, se: null }, { value: 84, se: 1 })).toBeNull();
  });
});

describe('roll-up into the parent unit', () => {
  const tap = definition('tap-rating');
  // Ward A: 90 of 100 satisfied; ward B: 5 of 10.
  const units = [{ satisfied: share(90, 100) }, { satisfied: share(5, 10) }];

  it('pooled counts every respondent once: 95 / 110 = 86.36%', () => {
    expect(rollUp(tap, units, 'pooled').value).toBeCloseTo((95 / 110) * 100, 10);
  });

  it('mean of units weighs every unit the same: (90 + 50) / 2 = 70%', () => {
    const r = rollUp(tap, units, 'mean_of_units');
    expect(r.value).toBeCloseTo(70, 10);
    // se = √(se_A² + se_B²) / 2, each unit's se being its Wilson width ÷ 2z
    const width = (x: number, n: number) => {
      const w = wilson(x, n);
      return (100 * (w.upper - w.lower)) / (2 * 1.959963984540054);
    };
    const seA = width(90, 100);
    const seB = width(5, 10);
    expect(r.se).toBeCloseTo(Math.sqrt(seA ** 2 + seB ** 2) / 2, 10);
  });

  it('refuses to pool appraised points', () => {
    const par = definition('par-province-qd876-2022');
    expect(() => rollUp(par, [{ 'a1.appraisal': { points: 5 } }, { 'a1.appraisal': { points: 6 } }], 'pooled')).toThrow(/cannot/);
  });
});
