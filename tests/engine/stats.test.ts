import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../engine/index.js';
import { roundHalfUp } from '../../engine/round.js';
import { sha256Hex } from '../../engine/sha256.js';
import { differencePValue, normalCdf, wilson } from '../../engine/stats.js';

describe('Wilson score interval', () => {
  it('matches hand-computed values', () => {
    // p = 0.9, n = 100, z = 1.95996: centre (0.9 + z²/200) / (1 + z²/100) = 0.88522, half-width 0.05957.
    const a = wilson(90, 100);
    expect(a.lower).toBeCloseTo(0.825634, 6);
    expect(a.upper).toBeCloseTo(0.944771, 6);
    expect(wilson(0, 10).lower).toBe(0);
    expect(wilson(0, 10).upper).toBeCloseTo(0.277533, 6);
    expect(wilson(5, 10).lower).toBeCloseTo(0.236593, 6);
    expect(wilson(10, 10).upper).toBe(1);
  });

  it('always contains the observed share and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const { lower, upper } = wilson(x, n);
        expect(lower).toBeGreaterThanOrEqual(0);
        expect(upper).toBeLessThanOrEqual(1);
        expect(lower).toBeLessThanOrEqual(x / n + 1e-12);
        expect(upper).toBeGreaterThanOrEqual(x / n - 1e-12);
      }),
    );
  });
});

describe('normal distribution', () => {
  it('gives the familiar quantiles and p-values', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
    // difference 2 with standard errors 1 and 1: z = 2 / √2 = 1.4142, p = 0.1573
    expect(differencePValue(12, 1, 10, 1)).toBeCloseTo(0.1573, 3);
  });
});

describe('rounding half up when publishing', () => {
  it.each([
    [86.505, 86.51],
    [1.005, 1.01],
    [2.675, 2.68],
    [0.125, 0.13],
    [86.504999, 86.5],
    [-1.005, -1.01],
    [84.94, 84.94],
  ])('%s → %s', (value, expected) => {
    expect(roundHalfUp(value, 2)).toBe(expected);
  });
});

describe('provenance building blocks', () => {
  it('hashes exactly like SHA-256', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s).digest('hex'));
      }),
    );
    expect(sha256Hex('Chỉ số hài lòng')).toBe(createHash('sha256').update('Chỉ số hài lòng').digest('hex'));
  });

  it('writes the same canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
});
