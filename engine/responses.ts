import type { Definition, Node } from './definition.js';
import type { Inputs } from './inputs.js';

/** One respondent's answers by node id; null, undefined, 0 or '' mean no valid answer. */
export type Response = Record<string, string | number | null | undefined>;

function leaves(node: Node, out: Node[] = []): Node[] {
  if ('children' in node) for (const child of node.children) leaves(child, out);
  else out.push(node);
  return out;
}

/**
 * Turns raw responses into the counts the engine reads: per leaf, the number of respondents
 * giving each answer. "Không biết / không áp dụng / bỏ trống" (null, 0, '') are not answers and
 * leave the denominator. Answers to ids that are not count-based leaves of the method are refused.
 */
export function countResponses(definition: Definition, responses: Iterable<Response>): Inputs {
  const countable = new Map(
    leaves(definition.root)
      .filter((l) => l.rule === 'share' || l.rule === 'points_table')
      .map((l) => [l.id, l] as const),
  );
  const counts = new Map<string, Record<string, number>>();
  for (const response of responses) {
    for (const [id, answer] of Object.entries(response)) {
      if (answer === null || answer === undefined || answer === '' || answer === 0) continue;
      if (!countable.has(id)) throw new Error(`${id}: not an answer-count item of ${definition.id}`);
      const code = String(answer);
      const byCode = counts.get(id) ?? {};
      byCode[code] = (byCode[code] ?? 0) + 1;
      counts.set(id, byCode);
    }
  }
  return Object.fromEntries([...counts].map(([id, c]) => [id, { counts: c }]));
}
