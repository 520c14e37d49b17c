import { createRandom } from './random.js';

/**
 * Inverse of the standard normal distribution (Acklam's rational approximation, relative error
 * below 1.2e-9), for the z of any confidence level.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('normalQuantile: p must be in (0, 1)');
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239] as const;
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] as const;
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
  ] as const;
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

export interface SampleSizeInput {
  /** Half-width of the interval wanted, as a fraction (0.05 = ±5 points). */
  margin: number;
  confidence: number;
  /** The share expected; 0.5 gives the largest (safest) sample. */
  expectedShare: number;
  /** Size of the population sampled from; the finite-population correction applies when known. */
  population?: number | undefined;
  /** The design effect expected (a clustered survey's; 1 for respondents drawn one by one). */
  designEffect?: number | undefined;
}

/**
 * Respondents needed for a share's confidence interval of ± margin: n₀ = deff·z²·p(1−p)/e² (the
 * design effect a clustered survey expects, 1 by default), then the finite-population correction
 * n = n₀ / (1 + (n₀ − 1)/N), rounded up and never above N.
 */
export function sampleSize({ margin, confidence, expectedShare, population, designEffect = 1 }: SampleSizeInput): number {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n0 = (designEffect * z * z * expectedShare * (1 - expectedShare)) / (margin * margin);
  if (population === undefined) return Math.ceil(n0);
  if (population <= 0) return 0;
  return Math.min(population, Math.ceil(n0 / (1 + (n0 - 1) / population)));
}

/** A reproducible random order of the items (Fisher–Yates with a seeded generator). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const rnd = createRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
