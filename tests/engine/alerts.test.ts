import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialUpperTail, compute, densestSpan, fallBelowBaseline, silenceProbability } from '../../engine/index.js';
import { definition, share } from './helpers.js';

const RULE = { alpha: 0.01, minDrop: 5, minN: 30 };
const tap = (x: number, n: number) => {
  const { value, se, n: count } = compute(definition('tap-rating'), { satisfied: share(x, n) }).headline;
  return { value, se, n: count };
};

describe('an alert on a fall below the baseline', () => {
  it('works the one-sided test by hand: se 3 and 4 give a combined 5, a 15-point fall is z = 3', () => {
    const r = fallBelowBaseline({ value: 75, se: 3, n: 100 }, { value: 90, se: 4, n: 400 }, RULE);
    expect(r.drop).toBe(15);
    // 1 − Φ(3) = 0.00135 (tables); the engine's Φ is accurate to 1.5e-7.
    expect(r.pValue).toBeCloseTo(0.00135, 5);
    expect(r.fires).toBe(true);
  });

  it('does not fire on a bad morning of six taps, nor on a small fall over many', () => {
    // Three of six satisfied against 90% of 300: a big fall, but six taps are too few to judge.
    expect(fallBelowBaseline(tap(3, 6), tap(270, 300), RULE).fires).toBe(false);
    // 85% of 2,000 against 86% of 20,000: a one-point fall is below the smallest fall worth an alert.
    const small = fallBelowBaseline(tap(1700, 2000), tap(17200, 20000), RULE);
    expect(small.drop).toBeCloseTo(1, 10);
    expect(small.fires).toBe(false);
    // 80% of 40 against 90% of 300: ten points, but within what chance gives 40 taps (p ≈ 0.05).
    const noisy = fallBelowBaseline(tap(32, 40), tap(270, 300), RULE);
    expect(noisy.pValue).toBeGreaterThan(0.01);
    expect(noisy.fires).toBe(false);
  });

  it('fires on a real fall, and never on a rise', () => {
    expect(fallBelowBaseline(tap(36, 60), tap(270, 300), RULE).fires).toBe(true); // 60% of 60 against 90%
    expect(fallBelowBaseline(tap(290, 300), tap(36, 60), RULE).fires).toBe(false);
    expect(fallBelowBaseline({ value: null, se: null, n: 0 }, tap(270, 300), RULE)).toEqual({ fires: false, drop: null, pValue: null });
  });
});

describe('bursts of link ratings', () => {
  it('finds the densest span, ends included', () => {
    const minute = 60_000;
    expect(densestSpan([], minute)).toEqual({ count: 0, from: null });
    // Unsorted on purpose: 0, 1, 2 and 10 minutes; within any hour all four, within a minute two.
    expect(densestSpan([10 * minute, 0, 2 * minute, minute], 60 * minute)).toEqual({ count: 4, from: 0 });
    expect(densestSpan([10 * minute, 0, 2 * minute, minute], minute)).toEqual({ count: 2, from: 0 });
    expect(densestSpan([0, 5 * minute, 5 * minute + 1, 5 * minute + 2], minute)).toEqual({ count: 3, from: 5 * minute });
  });

  it('gives binomial upper tails worked by hand', () => {
    // P(X ≥ 2 | n = 3, p = 0.5) = (3 + 1) / 8
    expect(binomialUpperTail(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    // P(X ≥ 10 | n = 10, p = 0.6) = 0.6^10
    expect(binomialUpperTail(10, 10, 0.6)).toBeCloseTo(0.6 ** 10, 12);
    // P(X ≥ 1 | n = 4, p = 0.2) = 1 − 0.8^4
    expect(binomialUpperTail(1, 4, 0.2)).toBeCloseTo(1 - 0.8 ** 4, 12);
    expect(binomialUpperTail(0, 4, 0.2)).toBe(1);
    expect(binomialUpperTail(5, 4, 0.2)).toBe(0);
  });

  it('sums to one with the lower tail, for any n, k and p', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.nat(), (n, p, j) => {
        const k = j % (n + 1);
        // P(X ≥ k) + P(X ≥ n − k + 1) under 1 − p counts every outcome once.
        expect(binomialUpperTail(k, n, p) + binomialUpperTail(n - k + 1, n, 1 - p)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('judges a silent kiosk by its own tap rate, worked by hand', () => {
    // 60 taps for 100 dossiers before: 12 dossiers with no tap happen with probability 0.4^12 ≈ 1.7e-5.
    expect(silenceProbability(12, 60, 100)).toBeCloseTo(0.4 ** 12, 15);
    // A kiosk citizens seldom used (5 of 100) going quiet for 12 dossiers is no surprise: 0.95^12 ≈ 0.54.
    expect(silenceProbability(12, 5, 100)).toBeCloseTo(0.95 ** 12, 12);
    expect(silenceProbability(0, 60, 100)).toBe(1);
    expect(silenceProbability(3, 150, 100)).toBe(0); // more taps than dossiers: every citizen tapped
    expect(silenceProbability(3, 10, 0)).toBeNull();
  });

  it('finds a longer silence never likelier than a shorter one', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.integer({ min: 1, max: 1000 }), fc.nat(1000), (n, extra, baseline, taps) => {
        expect(silenceProbability(n + extra, taps, baseline)!).toBeLessThanOrEqual(silenceProbability(n, taps, baseline)!);
      }),
    );
  });
});
