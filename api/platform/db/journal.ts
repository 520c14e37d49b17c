import { readFileSync } from 'node:fs';

/** How many migrations a drizzle-kit folder ships. */
export function journalLength(folder: string): number {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}
