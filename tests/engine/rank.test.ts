import { describe, expect, it } from 'vitest';
import { changeBetween, compute, officialRanks, rollUp, statisticalTiers, wilson } from '../../engine/index.js';
import { definition, share } from './helpers.js';

describe('statistical tiers', () => {
  it('groups units whose difference is not significant and gives rank ranges', () => {
    // A 90 ± 0.5 and B 89.8 ± 0.5 differ by 0.2 (z = 0.28): one tier. C at 80 is far below both.
    const tiers = statisticalTiers([
      { key: 'C', value: 80, se: 0.5 },
      { key: 'A', value: 90, se: 0.5 },
      { key: 'B', value: 89.8, se: 0.5 },
    ]);
    expect(tiers.get('A')).toEqual({ tier: 1, rankRange: [1, 2] });
    expect(tiers.get('B')).toEqual({ tier: 1, rankRange: [1, 2] });
    expect(tiers.get('C')).toEqual({ tier: 2, rankRange: [3, 3] });
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
      'input_order',
    );
    const tiers = statisticalTiers([
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
    expect(statisticalTiers(items).get('x')).toBeNull();
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
