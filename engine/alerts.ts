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
