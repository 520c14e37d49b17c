import type { Interval } from './results.js';
/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion x/n (Wilson 1927), as a fraction in [0, 1].
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1,
 * where satisfaction shares of 95–100% live.
 */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (n <= 0) return { lower: 0, upper: 1 };
  wilsonInto(bounds, x, n, z);
  return { lower: bounds[0] as number, upper: bounds[1] as number };
}

const bounds = new Float64Array(2);

/** The Wilson bounds (n > 0) written into out[0] and out[1]: no object per call in a batch's inner loop. */
export function wilsonInto(out: Float64Array, x: number, n: number, z = Z95): void {
  // (x + z²/2 ± z·√(x(n−x)/n + z²/4)) ÷ (n + z²): the textbook form multiplied through by n,
  // two divisions instead of seven (it runs once per leaf per unit of a batch).
  const z2 = z * z;
  const centre = x + z2 / 2;
  const half = z * Math.sqrt((x * (n - x)) / n + z2 / 4);
  const inverse = 1 / (n + z2);
  // At x = 0 and x = n the bounds are exactly 0 and 1; floating point would leave 1e-16 off.
  out[0] = x === 0 ? 0 : Math.max(0, (centre - half) * inverse);
  out[1] = x === n ? 1 : Math.min(1, (centre + half) * inverse);
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Two-sided p-value of a difference a − b with independent standard errors. */
export function differencePValue(a: number, seA: number, b: number, seB: number): number {
  const se = Math.sqrt(seA * seA + seB * seB);
  if (se === 0) return a === b ? 1 : 0;
  return 2 * (1 - normalCdf(Math.abs(a - b) / se));
}

export function clamp(value: number, lower: number, upper: number): number {
  return Math.min(upper, Math.max(lower, value));
}
