import { inArray } from 'drizzle-orm';
import { type Definition, type Label, type NodeResult, pairwiseDifferences } from '../../engine/index.js';
import { computeStored, storedMethod } from '../indices/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { units } from '../platform/db/schema.js';
import { errors, invalidField } from '../platform/errors.js';
import type { Sheet } from '../platform/sheets.js';
import { assertCanAccess, figureUnits } from '../units/access.js';
import type { CompareQuery } from './schemas.js';

type Dates = { from: string; to: string };
const figure = (n: Pick<NodeResult, 'value' | 'interval' | 'n' | 'se' | 'lowN'>) => ({
  value: n.value,
  interval: n.interval,
  n: n.n,
  se: n.se,
  lowN: n.lowN,
});

/**
 * The parts units are compared on: the root's children, or their children when the root has
 * fewer than three (SIPAS 2023's two sub-indices hide its elements).
 */
function partsOf(root: NodeResult): NodeResult[] {
  const children = root.children ?? [];
  if (children.length >= 3 || children.every((c) => !c.children)) return children;
  return children.flatMap((c) => c.children ?? [c]);
}

/**
 * Two to ten units side by side: each one's headline and parts on today's boundaries, and for
 * every part who leads, by how much, and whether the lead over the runner-up is more than chance.
 */
export async function compareUnits(deps: AppDeps, scope: AccessScope, definition: Definition, unitIds: number[], dates: Dates) {
  const names = new Map(
    (
      await deps.store.db.select({ id: units.id, name: units.name, code: units.code }).from(units).where(inArray(units.id, unitIds)).all()
    ).map((u) => [u.id, u]),
  );
  const results = await Promise.all(
    unitIds.map(async (id) => {
      const result = await computeStored(deps, definition, await figureUnits(deps, scope, id), dates);
      return { unit: names.get(id) as { id: number; name: string; code: string }, result };
    }),
  );
  const rows: { id: string; label: Label; values: ReturnType<typeof figure>[] }[] = [
    {
      id: definition.root.id,
      label: definition.title,
      values: results.map((r) => figure({ ...r.result.headline, se: r.result.headline.se })),
    },
  ];
  const template = partsOf(results[0]?.result.root as NodeResult);
  template.forEach((part, k) => {
    rows.push({ id: part.id, label: part.label, values: results.map((r) => figure(partsOf(r.result.root)[k] as NodeResult)) });
  });
  return {
    definition: { id: definition.id, title: definition.title },
    period: dates,
    units: results.map((r) => ({ ...r.unit, provenance: r.result.provenance })),
    rows: rows.map((row) => {
      // Every pair of units on this part, the family held to 5% (Holm unless the method says otherwise).
      const scored = row.values.map((v, i) => ({
        key: String(results[i]?.unit.id),
        value: v.value,
        se: v.se,
        name: results[i]?.unit.name as string,
      }));
      const { comparisons, pairs } = pairwiseDifferences(scored, 0.05, definition.options.multiplicity);
      const differences = pairs.filter((p) => p.significant).map((p) => ({ higher: Number(p.higher), lower: Number(p.lower) }));
      const order = scored.filter((x) => x.value !== null).sort((a, b) => (b.value as number) - (a.value as number));
      const [first, second] = order;
      return {
        ...row,
        comparisons,
        differences,
        leader: first
          ? {
              unit: Number(first.key),
              lead: second ? (first.value as number) - (second.value as number) : null,
              significant: !!second && differences.some((d) => d.higher === Number(first.key) && d.lower === Number(second.key)),
            }
          : null,
      };
    }),
  };
}

export type Comparison = Awaited<ReturnType<typeof compareUnits>>;

/** The comparison table: a row per part, a column per unit, then who leads. */
export function comparisonSheet(comparison: Comparison): Sheet {
  const name = new Map(comparison.units.map((u) => [u.id, u.name]));
  return {
    key: 'compare',
    name: 'So sánh',
    headers: [
      'Thành phần',
      ...comparison.units.map((u) => u.name),
      'Dẫn đầu',
      'Hơn đơn vị thứ hai',
      'Có ý nghĩa thống kê',
      'Chênh lệch có ý nghĩa thống kê (mọi cặp, Holm)',
    ],
    rows: comparison.rows.map((r) => [
      r.label.vi,
      ...r.values.map((v) => v.value),
      r.leader ? name.get(r.leader.unit as number) : null,
      r.leader?.lead,
      r.leader && r.leader.lead !== null ? (r.leader.significant ? 'có' : 'không') : null,
      r.differences.map((d) => `${name.get(d.higher)} > ${name.get(d.lower)}`).join('; ') || 'không có',
    ]),
  };
}

/** A comparison of units that all exist and are all in the scope: what the API answers and the page shows. */
export async function loadComparison(deps: AppDeps, scope: AccessScope, q: CompareQuery) {
  if (q.to < q.from) throw errors.periodBackwards;
  const found = new Map(
    (await deps.store.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, q.units)).all()).map((u) => [
      u.id,
      u.name,
    ]),
  );
  for (const id of q.units) {
    if (!found.has(id)) throw errors.unitNotFound('units');
    assertCanAccess(scope, id);
  }
  await refuseNested(deps, q.units, found);
  return compareUnits(deps, scope, storedMethod(q.definition), q.units, q);
}

/**
 * A unit's figure holds its subtree and the units merged into it, so a province set beside one of
 * its own wards (or a ward beside one merged into it) would count the same citizens twice: refused.
 */
async function refuseNested(deps: AppDeps, picked: number[], names: Map<number, string>) {
  const links = new Map(
    (await deps.store.db.select({ id: units.id, parentId: units.parentId, mergedIntoId: units.mergedIntoId }).from(units).all()).map(
      (u) => [u.id, [u.parentId, u.mergedIntoId].filter((x): x is number => x !== null)],
    ),
  );
  for (const id of picked) {
    const seen = new Set<number>();
    const queue = [...(links.get(id) ?? [])];
    while (queue.length) {
      const up = queue.pop() as number;
      if (seen.has(up)) continue;
      seen.add(up);
      if (names.has(up)) {
        const [outer, inner] = [names.get(up), names.get(id)];
        throw invalidField(
          'units',
          `${outer} đã gồm ${inner}: không so sánh một đơn vị với đơn vị thuộc nó`,
          `${outer} already includes ${inner}: a unit is not compared with one of its own`,
          'nested_units',
        );
      }
      queue.push(...(links.get(up) ?? []));
    }
  }
}
