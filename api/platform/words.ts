const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323';
/** Word-final "oa", "oe", "uy" with the tone on the second vowel (the older placement), "qu" aside. */
const OLD_TONE = new RegExp(`(?<!q)(o[ae]|uy)([${TONE_MARKS}])(?![\\p{L}\\p{M}])`, 'gu');

/**
 * A heading, name or word as systems write it, for comparison: NFC (exports often come in NFD),
 * lower case, the tone of a word ending in "oa", "oe" or "uy" on its first vowel as in "hóa",
 * "khỏe", "thủy" (a file may write "hoá", "khoẻ", "thuỷ"; "toàn" and "quý" are left alone), spaces
 * collapsed, trailing colons and full stops dropped.
 */
export const wordKey = (text: string) =>
  text
    .normalize('NFD')
    .toLowerCase()
    .replace(OLD_TONE, (_, pair: string, tone: string) => `${pair[0]}${tone}${pair[1]}`)
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[\s.:]+$/, '')
    .trim();

/** Edits (insert, delete, substitute one character) that turn a into b. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length] as number;
}

const collator = new Intl.Collator('vi');

/** The n options (n may be Infinity: all of them, in order) whose names are fewest edits from the written one (by wordKey), ties in Vietnamese order. */
export function closest<T extends { name: string }>(written: string, options: readonly T[], n = 3): T[] {
  const key = wordKey(written);
  return options
    .map((option) => ({ option, distance: editDistance(key, wordKey(option.name)) }))
    .sort((a, b) => a.distance - b.distance || collator.compare(a.option.name, b.option.name))
    .slice(0, n)
    .map((c) => c.option);
}
