import { z } from 'zod';

/** Vietnamese and English wording of everything a person reads. */
export const Label = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type Label = z.infer<typeof Label>;

/** A condition on the named measures of a tiers leaf; a threshold may depend on the unit's level. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { measure: string; op: '>=' | '>' | '<=' | '<' | '=='; value?: number; valueByLevel?: Record<string, number> };
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .union([
      z.strictObject({ all: z.array(Condition).min(1) }),
      z.strictObject({ any: z.array(Condition).min(1) }),
      z
        .strictObject({
          measure: z.string().min(1),
          op: z.enum(['>=', '>', '<=', '<', '==']),
          value: z.number().optional(),
          valueByLevel: z.record(z.string(), z.number()).optional(),
        })
        .refine((c) => (c.value === undefined) !== (c.valueByLevel === undefined), 'give value or valueByLevel'),
    ])
    .meta({ id: 'MethodCondition', description: 'A condition on the measures of a tiers leaf' }),
);

const common = {
  id: z.string().regex(/^[A-Za-z0-9._-]+$/),
  label: Label,
  /** Weight in a weighted-mean parent; 0: computed and shown beside its siblings, not counted in the parent. */
  weight: z.number().min(0).optional(),
  /** Names of this node's fields that no retrieved legal text confirms: shown as settings, never buried. */
  unconfirmed: z.array(z.string()).optional(),
  note: z.string().optional(),
};

/** Share of answers at or above `minLevel` among valid answers of a `levels`-point scale, in % (0–100). */
const ShareLeaf = z.strictObject({
  ...common,
  rule: z.literal('share'),
  levels: z.int().min(2).default(5),
  minLevel: z.int().min(1).default(4),
});
/** Mean points per answer from a points table; a code mapped to null leaves the denominator. */
const PointsTableLeaf = z.strictObject({
  ...common,
  rule: z.literal('points_table'),
  max: z.number().positive(),
  table: z.record(z.string(), z.number().min(0).nullable()),
});
/** Points for a rate: max × min(1, rate ÷ target). */
const RatioLeaf = z.strictObject({
  ...common,
  rule: z.literal('ratio'),
  max: z.number().positive(),
  target: z.number().gt(0).max(1).default(1),
});
/** Points of the first tier whose condition holds on the given measures (e.g. TT 01 khoản 5, 8, 9). */
const TiersLeaf = z.strictObject({
  ...common,
  rule: z.literal('tiers'),
  max: z.number().positive(),
  measures: z.array(z.string()).min(1),
  tiers: z.array(z.strictObject({ points: z.number().min(0), when: Condition })).min(1),
  otherwise: z.number().min(0).default(0),
});
/** Expert-scored (appraised) points within [0, max]. */
const PointsLeaf = z.strictObject({ ...common, rule: z.literal('points'), max: z.number().positive() });
/** Full points when yes, none when no. */
const YesNoLeaf = z.strictObject({ ...common, rule: z.literal('yes_no'), max: z.number().positive() });
/** Points from another index in %: max × index ÷ 100 (how SIPAS is folded into the PAR Index). */
const FromIndexLeaf = z.strictObject({ ...common, rule: z.literal('from_index'), max: z.number().positive(), source: z.string().min(1) });
/** Bonus (positive) or penalty (negative) points added to the parent sum, outside its maximum. */
const AdjustmentLeaf = z.strictObject({ ...common, rule: z.literal('adjustment'), min: z.number().max(0), max: z.number().min(0) });

export type Leaf = z.infer<
  | typeof ShareLeaf
  | typeof PointsTableLeaf
  | typeof RatioLeaf
  | typeof TiersLeaf
  | typeof PointsLeaf
  | typeof YesNoLeaf
  | typeof FromIndexLeaf
  | typeof AdjustmentLeaf
>;
export interface Group {
  id: string;
  label: Label;
  weight?: number | undefined;
  unconfirmed?: string[] | undefined;
  note?: string | undefined;
  rule: 'mean' | 'weighted_mean' | 'sum';
  children: Node[];
}
export type Node = Leaf | Group;

const GroupNode: z.ZodType<Group, unknown> = z.lazy(() =>
  z
    .strictObject({ ...common, rule: z.enum(['mean', 'weighted_mean', 'sum']), children: z.array(NodeSchema).min(1) })
    .refine((g) => g.rule !== 'weighted_mean' || g.children.some((c) => (c.weight ?? 1) > 0), {
      message: 'a weighted mean needs a child of positive weight',
    })
    .meta({ id: 'MethodGroup', description: 'A node of a method with children: their mean, weighted mean or sum' }),
) as unknown as z.ZodType<Group, unknown>;
export const NodeSchema: z.ZodType<Node, unknown> = z.lazy(() =>
  z
    .union([GroupNode, ShareLeaf, PointsTableLeaf, RatioLeaf, TiersLeaf, PointsLeaf, YesNoLeaf, FromIndexLeaf, AdjustmentLeaf])
    .meta({ id: 'MethodNode', description: 'A node of a method: a group, or a leaf with its scoring rule' }),
) as unknown as z.ZodType<Node, unknown>;

export const Band = z.strictObject({
  id: z.string().min(1),
  label: Label,
  /** Lower edge; null for the lowest band. */
  min: z.number().nullable(),
  minInclusive: z.boolean().default(true),
});
export type Band = z.infer<typeof Band>;

/** Method-wide rules; every one of them can be overridden per computation, and the override is recorded. */
export const Options = z.strictObject({
  /** The headline: the root's value as computed, or as a percent of its (applicable) maximum. */
  headline: z.enum(['value', 'percent']),
  /** Decimals when publishing (half up); full precision is kept inside. */
  decimals: z.int().min(0).max(6).default(2),
  /** Below this valid n a figure is flagged as resting on too few answers. */
  minN: z.int().min(0).default(0),
  /** A leaf with no input: left out of its parent ('exclude'), scored 0 ('zero'), or the parent is incomplete. */
  missing: z.enum(['exclude', 'zero', 'incomplete']).default('incomplete'),
  /** How a parent's standard error follows from its children's (see engine/README.md). */
  errorPropagation: z.enum(['conservative', 'independent']).default('independent'),
  /**
   * How the data were collected: 'sample' (a survey or the ratings given: intervals shown), or
   * 'census' (every case counted, as QĐ 766's rates over all dossiers: no sampling interval, se 0).
   */
  sampling: z.enum(['sample', 'census']).default('sample'),
  /**
   * A parent unit's figure from the units making it up: pooled over their respondents, or the mean
   * of the units' figures (every unit weighs the same: how a national average of provinces reads).
   */
  aggregation: z.enum(['pooled', 'mean_of_units']).default('pooled'),
  /** Keep a sum with bonus points inside [0, its maximum]. */
  clampToMax: z.boolean().default(true),
  /** Bands on the headline, highest first. */
  bands: z.array(Band).default([]),
  /** 'complete': a band only when every applicable leaf was measured (a partial total is not graded); 'always': on any headline. */
  bandsWhen: z.enum(['always', 'complete']).default('always'),
  /** Official rank among equal unrounded values: the same rank for all, or consecutive ranks by name (never row order). */
  tieBreak: z.enum(['shared', 'name']).default('name'),
  /** Pairwise tests behind statistical tiers: Holm's control of the whole family at 5%, or each pair alone. */
  multiplicity: z.enum(['holm', 'none']).default('holm'),
  unconfirmed: z.array(z.string()).default([]),
});
export type Options = z.infer<typeof Options>;

/** A reported item outside the index: the share of respondents choosing each option. */
export const ReportedItem = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/),
  label: Label,
  options: z
    .array(
      z.strictObject({
        code: z.string().min(1),
        label: Label,
        /** Its wording is not confirmed: kept so staff can key a paper form's tick, never offered to citizens. */
        unconfirmed: z.boolean().optional(),
      }),
    )
    .min(1),
  multiple: z.boolean().default(false),
});

export const Definition = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().min(1),
  title: Label,
  legalBasis: z.strictObject({
    document: z.string().min(1),
    date: z.iso.date().nullable(),
    issuer: z.string().min(1),
    note: z.string().optional(),
  }),
  /** Must never be presented as SIPAS (e.g. taps are not a sampled survey). */
  notSipas: z.boolean().default(false),
  /** What is known of the structure beyond the tree (e.g. official criterion counts). */
  facts: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  options: Options,
  root: NodeSchema,
  reported: z.array(ReportedItem).default([]),
  /** An alternative grouping of nodes for display (e.g. the portal's six 766 cards); scores are unchanged. */
  display: z.array(z.strictObject({ id: z.string().min(1), label: Label, nodes: z.array(z.string()).min(1) })).default([]),
});
export type Definition = z.infer<typeof Definition>;
export type DefinitionInput = z.input<typeof Definition>;
