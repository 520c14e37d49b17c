import type { Band, Definition } from './definition.js';
import { HI, LO, MAX, N, OK, SE, STATUS, UNMEASURED, VALUE } from './frame.js';
import type { Headline } from './results.js';
import { roundHalfUp } from './round.js';

/**
 * The headlines of many units, a typed column per field (NaN = null; band = index into the
 * method's bands, −1 for none): 10,000 units are a few flat arrays, not 40,000 objects.
 * Published (rounded) figures are rounded from these when a headline is read.
 */
export interface HeadlineColumns {
  value: Float64Array;
  se: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  n: Float64Array;
  lowN: Uint8Array;
  band: Int16Array;
}

export function headlineColumns(units: number): HeadlineColumns {
  return {
    value: new Float64Array(units),
    se: new Float64Array(units),
    lower: new Float64Array(units),
    upper: new Float64Array(units),
    n: new Float64Array(units),
    lowN: new Uint8Array(units),
    band: new Int16Array(units),
  };
}

function bandIndex(bands: Band[], value: number): number {
  if (Number.isNaN(value)) return -1;
  for (let b = 0; b < bands.length; b++) {
    const band = bands[b] as Band;
    if (band.min === null || (band.minInclusive ? value >= band.min : value > band.min)) return b;
  }
  return -1;
}

/** Unit u's headline from its root slots at offset o of a frame. */
export function writeHeadline(h: HeadlineColumns, u: number, f: Float64Array, o: number, options: Definition['options']): void {
  const value = f[o + VALUE] as number;
  const max = f[o + MAX] as number;
  const lower = f[o + LO] as number;
  const se = f[o + SE] as number;
  const n = f[o + N] as number;
  // A percent headline rescales the root's points to 0–100; a root without a maximum has none.
  const percent = options.headline === 'percent';
  const scalable = !Number.isNaN(max) && max !== 0;
  const scale = percent && scalable ? 100 / max : 1;
  const headline = percent ? (scalable ? (100 * value) / max : NaN) : value;
  h.value[u] = headline;
  if (options.sampling === 'census') {
    // Every case counted: no sampling error, and no interval to show.
    h.se[u] = Number.isNaN(headline) ? NaN : 0;
    h.lower[u] = NaN;
    h.upper[u] = NaN;
  } else {
    h.se[u] = se * scale;
    h.lower[u] = lower * scale;
    h.upper[u] = Number.isNaN(lower) ? NaN : (f[o + HI] as number) * scale;
  }
  h.n[u] = n;
  h.lowN[u] = !Number.isNaN(n) && f[o + STATUS] === OK && n < options.minN ? 1 : 0;
  h.band[u] = options.bandsWhen === 'complete' && (f[o + UNMEASURED] as number) > 0 ? -1 : bandIndex(options.bands, headline);
}

const nullable = (x: number) => (Number.isNaN(x) ? null : x);

/** Unit u's headline as an object, rounded for publication. */
export function headlineAt(h: HeadlineColumns, u: number, options: Definition['options']): Headline {
  const value = nullable(h.value[u] as number);
  const lower = h.lower[u] as number;
  const interval = Number.isNaN(lower) ? null : { lower, upper: h.upper[u] as number };
  const band = options.bands[h.band[u] as number];
  return {
    value,
    published: value === null ? null : roundHalfUp(value, options.decimals),
    interval,
    se: nullable(h.se[u] as number),
    publishedInterval: interval
      ? { lower: roundHalfUp(interval.lower, options.decimals), upper: roundHalfUp(interval.upper, options.decimals) }
      : null,
    n: nullable(h.n[u] as number),
    lowN: h.lowN[u] === 1,
    band: band ? { id: band.id, label: band.label } : null,
  };
}
