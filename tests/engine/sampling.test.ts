import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalQuantile, sampleSize, seededShuffle } from '../../engine/index.js';

describe('sample size for a share', () => {
  it('matches the textbook values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644854, 5);
    // n0 = 1.96² · 0.25 / 0.05² = 384.15 → 385; with N = 1,000: 384.15 / (1 + 383.15/1000) = 277.7 → 278.
    expect(sampleSize({ margin: 0.05, confidence: 0.95, expectedShare: 0.5 })).toBe(385);
    expect(sampleSize({ margin: 0.05, confidence: 0.95, expectedShare: 0.5, population: 1000 })).toBe(278);
    // An expected 85% needs fewer: 1.96² · 0.1275 / 0.0025 = 195.9 → 196.
    expect(sampleSize({ margin: 0.05, confidence: 0.95, expectedShare: 0.85 })).toBe(196);
    expect(sampleSize({ margin: 0.05, confidence: 0.95, expectedShare: 0.5, population: 40 })).toBe(37);
    expect(sampleSize({ margin: 0.05, confidence: 0.95, expectedShare: 0.5, population: 0 })).toBe(0);
  });

  it('never asks for more than the population and shrinks as the margin widens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.01, max: 0.2, noNaN: true }), (population, margin) => {
        const n = sampleSize({ margin, confidence: 0.95, expectedShare: 0.5, population });
        expect(n).toBeLessThanOrEqual(population);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(sampleSize({ margin: margin * 1.5, confidence: 0.95, expectedShare: 0.5, population })).toBeLessThanOrEqual(n);
      }),
    );
  });
});

describe('seeded draw', () => {
  it('is a permutation, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 200 }), fc.integer({ min: 0, max: 2 ** 31 - 2 }), (items, seed) => {
        const a = seededShuffle(items, seed);
        expect(a).toEqual(seededShuffle(items, seed));
        expect([...a].sort((x, y) => x - y)).toEqual([...items].sort((x, y) => x - y));
      }),
    );
    const ids = Array.from({ length: 50 }, (_, i) => i);
    expect(seededShuffle(ids, 1)).not.toEqual(seededShuffle(ids, 2));
  });
});
