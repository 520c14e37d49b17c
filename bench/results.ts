/**
 * bench/results.json: the figures the issues set targets for, each `{ value, target, met }`, merged
 * in by each part of `npm run bench` as it finishes (a part run alone updates its own figures).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = new URL('./results.json', import.meta.url);

export interface Figure {
  value: number;
  target: number;
  /** 'below': met when the value is at most the target (times, ratios of cost); 'above': at least. */
  direction: 'below' | 'above';
  unit: string;
}

export function record(figures: Record<string, Figure>) {
  const all: Record<string, unknown> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
  for (const [key, f] of Object.entries(figures)) {
    const value = Math.round(f.value * 1000) / 1000;
    all[key] = { value, target: f.target, met: f.direction === 'below' ? value <= f.target : value >= f.target, unit: f.unit };
  }
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(FILE, `${JSON.stringify(sorted, null, 2)}\n`);
}
