import { type Computation, getDefinition, type NodeResult } from '../../engine/index.js';

export function definition(id: string) {
  const found = getDefinition(id);
  if (!found) throw new Error(`no definition ${id}`);
  return found;
}

/** x satisfied answers (level 5) and n − x dissatisfied ones (level 2): a share of exactly x/n. */
export const share = (x: number, n = 10) => ({ counts: { '5': x, '2': n - x } });

export function node(result: Computation | NodeResult, id: string): NodeResult {
  const root = 'root' in result ? result.root : result;
  const stack = [root];
  while (stack.length) {
    const current = stack.pop() as NodeResult;
    if (current.id === id) return current;
    stack.push(...(current.children ?? []));
  }
  throw new Error(`no node ${id}`);
}

/** Every node of a result, depth first. */
export function allNodes(result: NodeResult): NodeResult[] {
  return [result, ...(result.children ?? []).flatMap(allNodes)];
}
