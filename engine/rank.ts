import type { Change, Comparisons, Tier } from './results.js';
import { differencePValue } from './stats.js';

export interface Scored {
  key: string;
  /** Full precision; null when not computable (left unranked). */
  value: number | null;
  se: number | null;
  /** What an exact tie is ordered by under tieBreak 'name' (the unit's name); the key when absent. */
  name?: string;
}

const collator = new Intl.Collator('vi');

/** Descending value, then name in Vietnamese order, then key: never the order the rows came in. */
function byValueThenName(a: Scored & { value: number }, b: Scored & { value: number }): number {
  return b.value - a.value || collator.compare(a.name ?? a.key, b.name ?? b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

const valued = (items: Scored[]) => items.filter((i): i is Scored & { value: number } => i.value !== null).sort(byValueThenName);

/**
 * The official rank: descending on unrounded values, as the ministry publishes. Equal values
 * share a rank ('shared': 1, 2, 2, 4) or take consecutive ranks by name ('name': SIPAS 2015 lists
 * Hà Tĩnh and Lai Châu, both 84.94, as 4 and 5, which is their alphabetical order).
 */
export function officialRanks(items: Scored[], tieBreak: 'shared' | 'name'): Map<string, number | null> {
  const ranked = valued(items);
  const ranks = new Map<string, number | null>(items.map((i) => [i.key, null]));
  ranked.forEach((item, position) => {
    const previous = ranked[position - 1];
    const shared = tieBreak === 'shared' && previous && previous.value === item.value;
    ranks.set(item.key, shared ? (ranks.get(previous.key) as number) : position + 1);
  });
  return ranks;
}

export type MultiplicityControl = Comparisons['control'];

/**
 * Every pair of units tested (two-sided z-test on the difference), the family of k(k−1)/2 tests
 * held to `alpha` by Holm's step-down method (1979): the i-th smallest p-value is compared with
 * alpha ÷ (m − i + 1) until one fails. 'none' tests each pair at alpha (about 1,950 tests for 63
 * units, so some 98 false differences are expected). Units without a standard error are exact.
 */
export function pairwiseDifferences(items: Scored[], alpha = 0.05, control: MultiplicityControl = 'holm') {
  const units = valued(items);
  const pairs: { higher: string; lower: string; pValue: number; significant: boolean }[] = [];
  for (let i = 0; i < units.length; i++) {
    for (let j = i + 1; j < units.length; j++) {
      const [a, b] = [units[i] as Scored & { value: number }, units[j] as Scored & { value: number }];
      pairs.push({ higher: a.key, lower: b.key, pValue: differencePValue(a.value, a.se ?? 0, b.value, b.se ?? 0), significant: false });
    }
  }
  if (control === 'none') {
    for (const pair of pairs) pair.significant = pair.pValue < alpha;
  } else {
    const order = pairs.map((_, i) => i).sort((a, b) => (pairs[a] as (typeof pairs)[0]).pValue - (pairs[b] as (typeof pairs)[0]).pValue);
    for (let step = 0; step < order.length; step++) {
      const pair = pairs[order[step] as number] as (typeof pairs)[0];
      if (pair.pValue >= alpha / (order.length - step)) break;
      pair.significant = true;
    }
  }
  return { comparisons: { control, alpha, tests: pairs.length } satisfies Comparisons, pairs };
}

/** Beyond this many, the units alike one are counted by its rank range, not listed (a national ranking of 3,321 communes). */
export const ALIKE_LISTED = 50;

/** The |z| at which a two-sided difference test's p-value equals p, to within a hair (bisection on the test itself). */
function zFor(p: number): number {
  let [low, high] = [0, 40];
  for (let k = 0; k < 200; k++) {
    const mid = (low + high) / 2;
    if (differencePValue(mid, 1, 0, 0) >= p) low = mid;
    else high = mid;
  }
  return low;
}

/** A two-sided difference test's p-value from its |z|, exactly as differencePValue computes it. */
const pOfZ = (z: number) => differencePValue(z, 1, 0, 0);

/**
 * Which pairs of the ranked units differ significantly, exactly as pairwiseDifferences decides, in
 * a form that holds 5.5 million pairs (the country's communes): `nth(k)` for the k-th pair in
 * (0,1), (0,2) … (1,2) … order. A pair whose |z| is above the smallest Holm threshold passes
 * whatever its step, one below alpha's never. The pairs in between are bucketed by |z| (p falls as
 * |z| grows): a bucket whose largest p-value is under the threshold of its first step passes whole;
 * in the first bucket that may not, the p-values are computed and sorted, and the step-down stops
 * at the first at or over its threshold. Every pair before the stop passes, none after (thresholds
 * grow with the step, so ties cannot straddle it).
 */
function significantPairs(units: (Scored & { value: number })[], alpha: number, control: MultiplicityControl) {
  const n = units.length;
  const m = (n * (n - 1)) / 2;
  const hair = 1e-9;
  const zLow = zFor(alpha) - hair;
  const zHigh = (control === 'holm' ? zFor(alpha / Math.max(1, m)) : zFor(alpha)) + hair;
  const BUCKETS = 8192;
  const scale = BUCKETS / (zHigh - zLow);
  const value = Float64Array.from(units, (u) => u.value);
  const variance = Float64Array.from(units, (u) => (u.se ?? 0) * (u.se ?? 0));
  const count = new Float64Array(BUCKETS);
  const lowest = new Float64Array(BUCKETS).fill(Number.POSITIVE_INFINITY);
  const significant = new Uint8Array(n * n);
  const members: number[] = [];
  let sure = 0;
  // The bucket the step-down stops in (BUCKETS if none) and the p-value it stops at.
  let stopBucket = BUCKETS;
  let stopP = alpha;
  /**
   * One walk over every pair, |z| computed as differencePValue does (one loop, not a callback a
   * pair: 5.5 million pairs). count: bucket the middle pairs; gather: p-values of one bucket's;
   * decide: mark the pairs that pass.
   */
  const walk = (pass: 'count' | 'gather' | 'decide', only = -1) => {
    for (let i = 0; i < n; i++) {
      const a = value[i] as number;
      const varA = variance[i] as number;
      for (let j = i + 1; j < n; j++) {
        const se = Math.sqrt(varA + (variance[j] as number));
        const b = value[j] as number;
        const z = se === 0 ? (a === b ? 0 : Number.POSITIVE_INFINITY) : Math.abs(a - b) / se;
        if (z < zLow) continue;
        const bucket = z > zHigh ? -1 : Math.min(BUCKETS - 1, Math.floor((zHigh - z) * scale));
        if (pass === 'count') {
          if (bucket < 0) sure += 1;
          else {
            count[bucket] = (count[bucket] as number) + 1;
            if (z < (lowest[bucket] as number)) lowest[bucket] = z;
          }
        } else if (pass === 'gather') {
          if (bucket === only) members.push(pOfZ(z));
        } else if (bucket < stopBucket || (bucket === stopBucket && pOfZ(z) < stopP)) {
          significant[i * n + j] = 1;
          significant[j * n + i] = 1;
        }
      }
    }
  };
  walk('count');
  const threshold = (step: number) => (control === 'holm' ? alpha / (m - sure - step) : alpha);
  for (let bucket = 0, first = 0; bucket < BUCKETS; first += count[bucket] as number, bucket++) {
    if (count[bucket] === 0 || pOfZ(lowest[bucket] as number) < threshold(first)) continue;
    members.length = 0;
    walk('gather', bucket);
    members.sort((x, y) => x - y);
    const stop = members.findIndex((p, step) => p >= threshold(first + step));
    if (stop < 0) continue;
    stopBucket = bucket;
    stopP = Math.min(alpha, members[stop] as number);
    break;
  }
  walk('decide');
  return { tests: m, significant: (i: number, j: number) => significant[i * n + j] === 1, matrix: significant };
}

/**
 * Statistical tiers: a unit's rank range counts only the units significantly above or below it
 * (every pair tested, multiplicity controlled, as pairwiseDifferences); tiers group units, from the
 * top, until one is significantly below the first unit of the tier; `alike` names, in rank order,
 * the units no significant difference separates from this one (null when more than ALIKE_LISTED:
 * the rank range counts them). Never present a lead inside one tier as real.
 */
export function statisticalTiers(items: Scored[], alpha = 0.05, control: MultiplicityControl = 'holm') {
  const units = valued(items);
  const n = units.length;
  const { tests, significant, matrix } = significantPairs(units, alpha, control);
  const better = new Int32Array(n);
  const worse = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (matrix[i * n + j] === 0) continue;
      better[j] = (better[j] as number) + 1;
      worse[i] = (worse[i] as number) + 1;
    }
  }
  const tiers = new Map<string, Tier | null>(items.map((i) => [i.key, null]));
  let tier = 0;
  let head = -1;
  units.forEach((unit, i) => {
    if (head < 0 || significant(head, i)) {
      tier += 1;
      head = i;
    }
    const rankRange: [number, number] = [(better[i] as number) + 1, n - (worse[i] as number)];
    const listed = rankRange[1] - rankRange[0] <= ALIKE_LISTED;
    const alike = listed ? units.filter((_, j) => j !== i && !significant(i, j)).map((o) => o.key) : null;
    tiers.set(unit.key, { tier, rankRange, alike });
  });
  return { comparisons: { control, alpha, tests } satisfies Comparisons, tiers };
}

/** Change against the previous period, with a two-sided z-test (periods are independent samples). */
export function changeBetween(current: Omit<Scored, 'key'>, previous: Omit<Scored, 'key'>, alpha = 0.05): Change | null {
  if (current.value === null || previous.value === null) return null;
  const pValue = differencePValue(current.value, current.se ?? 0, previous.value, previous.se ?? 0);
  return { difference: current.value - previous.value, pValue, significant: pValue < alpha };
}
