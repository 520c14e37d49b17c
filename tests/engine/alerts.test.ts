import { describe, expect, it } from 'vitest';
import { compute, fallBelowBaseline } from '../../engine/index.js';
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
