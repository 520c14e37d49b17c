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

/**
 * Statistical tiers: a unit's rank range counts only the units significantly above or below it
 * (pairwiseDifferences: every pair, multiplicity controlled); tiers group units, from the top,
 * until one is significantly below the first unit of the tier; `alike` names, in rank order, the
 * units no significant difference separates from this one. Never present a lead inside one tier as real.
 */
export function statisticalTiers(items: Scored[], alpha = 0.05, control: MultiplicityControl = 'holm') {
  const units = valued(items);
  const { comparisons, pairs } = pairwiseDifferences(items, alpha, control);
  const above = new Map<string, Set<string>>(units.map((u) => [u.key, new Set()]));
  const apart = new Set<string>();
  for (const pair of pairs) {
    if (!pair.significant) continue;
    above.get(pair.lower)?.add(pair.higher);
    apart.add(`${pair.higher}\u0000${pair.lower}`).add(`${pair.lower}\u0000${pair.higher}`);
  }
  const tiers = new Map<string, Tier | null>(items.map((i) => [i.key, null]));
  let tier = 0;
  let head: string | undefined;
  for (const unit of units) {
    if (head === undefined || above.get(unit.key)?.has(head)) {
      tier += 1;
      head = unit.key;
    }
    const better = above.get(unit.key)?.size ?? 0;
    const worse = units.filter((other) => above.get(other.key)?.has(unit.key)).length;
    const alike = units.filter((other) => other.key !== unit.key && !apart.has(`${unit.key}\u0000${other.key}`)).map((o) => o.key);
    tiers.set(unit.key, { tier, rankRange: [better + 1, units.length - worse], alike });
  }
  return { comparisons, tiers };
}

/** Change against the previous period, with a two-sided z-test (periods are independent samples). */
export function changeBetween(current: Omit<Scored, 'key'>, previous: Omit<Scored, 'key'>, alpha = 0.05): Change | null {
  if (current.value === null || previous.value === null) return null;
  const pValue = differencePValue(current.value, current.se ?? 0, previous.value, previous.se ?? 0);
  return { difference: current.value - previous.value, pValue, significant: pValue < alpha };
}
