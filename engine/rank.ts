import type { Change, Tier } from './results.js';
import { differencePValue } from './stats.js';

export interface Scored {
  key: string;
  /** Full precision; null when not computable (left unranked). */
  value: number | null;
  se: number | null;
}

/**
 * The official rank: descending on unrounded values, as the ministry publishes. Equal values
 * share a rank ('shared': 1, 2, 2, 4) or take consecutive ranks in input order ('input_order':
 * SIPAS 2015 lists Hà Tĩnh and Lai Châu, both 84.94, as 4 and 5).
 */
export function officialRanks(items: Scored[], tieBreak: 'shared' | 'input_order'): Map<string, number | null> {
  const ranked = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.value !== null)
    .sort((a, b) => (b.item.value as number) - (a.item.value as number) || a.index - b.index);
  const ranks = new Map<string, number | null>(items.map((i) => [i.key, null]));
  ranked.forEach(({ item }, position) => {
    const previous = ranked[position - 1];
    const shared = tieBreak === 'shared' && previous && previous.item.value === item.value;
    ranks.set(item.key, shared ? (ranks.get(previous.item.key) as number) : position + 1);
  });
  return ranks;
}

/**
 * Statistical tiers: a unit's rank range counts only the units significantly above or below it
 * (two-sided z-test on the difference at `alpha`); tiers group units, from the top, until one is
 * significantly below the first unit of the tier. Units without a standard error are compared on
 * their values alone (no noise). Never present a lead inside one tier as real.
 */
export function statisticalTiers(items: Scored[], alpha = 0.05): Map<string, Tier | null> {
  const valid = items.filter((i): i is Scored & { value: number } => i.value !== null).sort((a, b) => b.value - a.value);
  const below = (a: Scored & { value: number }, b: Scored & { value: number }) =>
    a.value < b.value && differencePValue(a.value, a.se ?? 0, b.value, b.se ?? 0) < alpha;
  const result = new Map<string, Tier | null>(items.map((i) => [i.key, null]));
  let tier = 0;
  let head: (Scored & { value: number }) | undefined;
  for (const item of valid) {
    if (!head || below(item, head)) {
      tier += 1;
      head = item;
    }
    const better = valid.filter((other) => below(item, other)).length;
    const worse = valid.filter((other) => below(other, item)).length;
    result.set(item.key, { tier, rankRange: [better + 1, valid.length - worse] });
  }
  return result;
}

/** Change against the previous period, with a two-sided z-test (periods are independent samples). */
export function changeBetween(current: Omit<Scored, 'key'>, previous: Omit<Scored, 'key'>, alpha = 0.05): Change | null {
  if (current.value === null || previous.value === null) return null;
  const pValue = differencePValue(current.value, current.se ?? 0, previous.value, previous.se ?? 0);
  return { difference: current.value - previous.value, pValue, significant: pValue < alpha };
}
