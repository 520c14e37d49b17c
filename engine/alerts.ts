import { normalCdf } from './stats.js';

export interface AlertRule {
  /** One-sided significance level of the fall (e.g. 0.01). */
  alpha: number;
  /** Smallest fall, in points of the share, worth an alert (a significant 0.5-point fall over 10,000 taps is not). */
  minDrop: number;
  /** Fewest recent answers to judge at all. */
  minN: number;
}

export interface Share {
  value: number | null;
  se: number | null;
  n: number | null;
}

/**
 * Whether a recent share fell significantly below its baseline: a one-sided z-test on the two
 * independent standard errors, so a bad morning of six taps does not fire and a real fall does.
 */
export function fallBelowBaseline(
  recent: Share,
  baseline: Share,
  rule: AlertRule,
): { fires: boolean; drop: number | null; pValue: number | null } {
  if (recent.value === null || baseline.value === null || recent.se === null || baseline.se === null)
    return { fires: false, drop: null, pValue: null };
  const drop = baseline.value - recent.value;
  const se = Math.sqrt(recent.se ** 2 + baseline.se ** 2);
  const pValue = se === 0 ? (drop > 0 ? 0 : 1) : 1 - normalCdf(drop / se);
  return { fires: (recent.n ?? 0) >= rule.minN && drop >= rule.minDrop && pValue < rule.alpha, drop, pValue };
}

/** The most events within any span of `spanMs` (inclusive of both ends), and where that span starts. */
export function densestSpan(times: readonly number[], spanMs: number): { count: number; from: number | null } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { count: 0, from: null as number | null };
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) > spanMs) start++;
    if (end - start + 1 > best.count) best = { count: end - start + 1, from: sorted[start] as number };
  }
  return best;
}

/** P(X ≥ k) for X ~ Binomial(n, p): how unlikely k or more successes of n are by chance. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // Sum the terms in log space from k up, each from the one before.
  let logTerm = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(logTerm);
    logTerm += Math.log((n - i) / (i + 1)) + Math.log(p) - Math.log1p(-p);
  }
  return Math.min(1, sum);
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/**
 * A kiosk gone quiet while its counter kept serving: the chance that none of `dossiers` citizens
 * tapped if each did as often as before (`taps` of `baselineDossiers`), (1 − r)^n. Null without
 * a baseline to judge by.
 */
export function silenceProbability(dossiers: number, taps: number, baselineDossiers: number): number | null {
  if (baselineDossiers <= 0) return null;
  const rate = Math.min(1, taps / baselineDossiers);
  return (1 - rate) ** dossiers;
}
