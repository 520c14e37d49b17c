import { z } from 'zod';
import { Label } from './definition.js';

// What the engine gives back, as schemas: the types below are derived from them, and the API's
// OpenAPI document describes its answers with them (each `meta.id` a named component).

/** Any JSON value: a setting's value as given. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z
    .union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)])
    .meta({ id: 'JsonValue', description: 'Any JSON value' }),
);

/** A setting of a method: its path, value, and whether a retrieved legal text confirms it. */
export const Setting = z.object({ path: z.string(), value: JsonValue, unconfirmed: z.boolean(), node: Label.optional() }).meta({
  id: 'Setting',
  description: 'A rule of a method that can be overridden per computation; unconfirmed ones lack a retrieved legal text',
});
export type Setting = z.infer<typeof Setting>;

export const Interval = z
  .object({ lower: z.number(), upper: z.number() })
  .meta({ id: 'Interval', description: 'A 95% interval, in the unit of the figure it bounds' });
export type Interval = z.infer<typeof Interval>;

export const Status = z.enum(['ok', 'not_applicable', 'missing', 'incomplete']);
export type Status = z.infer<typeof Status>;

export const Headline = z
  .object({
    value: z.number().nullable().meta({ description: 'Full precision; null when not computable' }),
    published: z.number().nullable().meta({ description: 'Rounded half up to the method’s decimals' }),
    interval: Interval.nullable(),
    se: z.number().nullable().meta({ description: 'Standard error (what comparisons, tiers and roll-ups use)' }),
    publishedInterval: Interval.nullable(),
    n: z.number().nullable(),
    lowN: z.boolean().meta({ description: 'n is below the method’s minimum' }),
    band: z.object({ id: z.string(), label: Label }).nullable(),
  })
  .meta({ id: 'Headline', description: 'A method’s figure as it publishes it: percent or points, rounded, with its interval and band' });
export type Headline = z.infer<typeof Headline>;

export const NODE_RULES = [
  'share',
  'points_table',
  'ratio',
  'tiers',
  'points',
  'yes_no',
  'from_index',
  'adjustment',
  'mean',
  'weighted_mean',
  'sum',
] as const;

/** A node of a computed tree (recursive, so written out once for the schema's sake). */
export interface NodeResult {
  id: string;
  label: Label;
  rule: (typeof NODE_RULES)[number];
  status: Status;
  /** Full precision; null when not computable. */
  value: number | null;
  /** The applicable maximum (100 for shares); a not-applicable child's maximum is removed. */
  max: number | null;
  /** value ÷ max × 100. */
  percent: number | null;
  /** Valid answers (or dossiers) behind the figure; for a parent, the smallest of its children's. */
  n: number | null;
  se: number | null;
  interval: Interval | null;
  /** n is below the method's minimum. */
  lowN: boolean;
  /** Rounded half up for publication. */
  published: { value: number | null; percent: number | null; interval: Interval | null };
  /** A leaf with no input scored 0 under missing = 'zero'. */
  imputed?: true;
  /** Design effect: the survey design's variance ÷ a simple random sample's of the same respondents. */
  deff?: number | null;
  children?: NodeResult[];
}
export const NodeResult: z.ZodType<NodeResult> = z.lazy(() =>
  z
    .object({
      id: z.string(),
      label: Label,
      rule: z.enum(NODE_RULES),
      status: Status,
      value: z.number().nullable(),
      max: z.number().nullable(),
      percent: z.number().nullable(),
      n: z.number().nullable(),
      se: z.number().nullable(),
      interval: Interval.nullable(),
      lowN: z.boolean(),
      published: z.object({ value: z.number().nullable(), percent: z.number().nullable(), interval: Interval.nullable() }),
      imputed: z.literal(true).optional(),
      deff: z.number().nullable().optional(),
      children: z.array(NodeResult).optional(),
    })
    .meta({ id: 'NodeResult', description: 'A node of a computed method: value, maximum, n, interval and status, with its children' }),
);

export const Provenance = z
  .object({
    definitionId: z.string(),
    definitionVersion: z.string(),
    definitionHash: z.string().meta({ description: 'SHA-256 of the canonical effective definition (after overrides)' }),
    inputHash: z.string().meta({ description: 'SHA-256 of the canonical inputs, context and reported answers' }),
    settings: z.record(z.string(), JsonValue).meta({ description: 'Settings overridden for this computation, by path' }),
    engineVersion: z.string(),
  })
  .meta({ id: 'Provenance', description: 'What it takes to recompute a figure and prove it the same' });
export type Provenance = z.infer<typeof Provenance>;

export const ReportedShares = z.object({
  id: z.string(),
  label: Label,
  respondents: z.number(),
  options: z.array(
    z.object({ code: z.string(), label: Label, count: z.number(), share: z.number().nullable(), interval: Interval.nullable() }),
  ),
});

export const DesignSummary = z
  .object({
    variance: z
      .literal('linearisation')
      .meta({ description: 'Taylor linearisation of the ratio means, variance between sampling units within strata' }),
    respondents: z.number(),
    strata: z.number(),
    samplingUnits: z.number().meta({ description: 'Clusters, or respondents drawn alone: what the variance is estimated between' }),
    clustered: z.boolean(),
    finitePopulation: z.boolean().meta({ description: 'The finite-population correction was applied (some stratum’s population known)' }),
    deff: z.number().nullable().meta({ description: 'Design effect of the headline' }),
  })
  .meta({ id: 'DesignSummary', description: 'How a survey figure’s interval follows the design the data were collected by' });
export type DesignSummary = z.infer<typeof DesignSummary>;

export const Computation = z
  .object({
    definition: z.object({ id: z.string(), version: z.string(), title: Label, notSipas: z.boolean() }),
    headline: Headline,
    root: NodeResult,
    reported: z.array(ReportedShares),
    display: z.array(z.object({ id: z.string(), label: Label, value: z.number().nullable(), max: z.number() })),
    provenance: Provenance,
    design: DesignSummary.optional().meta({
      description: 'A survey figure: how its interval follows the design (absent for counts without forms)',
    }),
  })
  .meta({ id: 'Computation', description: 'A method computed: headline, the whole tree, reported items, display cards and provenance' });
export type Computation = z.infer<typeof Computation>;

export const RollUpMode = z.enum(['pooled', 'mean_of_units']);
export type RollUpMode = z.infer<typeof RollUpMode>;

export const RollUp = z
  .object({
    mode: RollUpMode,
    value: z.number().nullable(),
    se: z.number().nullable(),
    interval: Interval.nullable(),
    units: z.number().meta({ description: 'How many units were rolled up' }),
    computations: z.array(Computation).meta({ description: 'The pooled computation (mode pooled) or each unit’s (mode mean_of_units)' }),
  })
  .meta({ id: 'RollUp', description: 'A parent’s figure from its units, pooled over respondents or as the mean of the units' });
export type RollUp = z.infer<typeof RollUp>;

export const Tier = z
  .object({
    tier: z.number(),
    rankRange: z
      .tuple([z.number(), z.number()])
      .meta({ description: 'Best and worst rank the unit could hold once differences that are not significant are set aside' }),
    alike: z.array(z.string()).nullable().meta({
      description:
        'Keys of the units no significant difference separates from this one, in rank order; null when more than 50 (the rank range counts them)',
    }),
  })
  .meta({ id: 'Tier', description: 'A statistical tier: units no significant difference separates from its first unit' });
export type Tier = z.infer<typeof Tier>;

export const Comparisons = z
  .object({
    control: z.enum(['holm', 'none']).meta({ description: "How the family of pairwise tests is held to alpha: Holm's step-down, or none" }),
    alpha: z.number(),
    tests: z.number().meta({ description: 'How many pairs were tested: k(k−1)/2 for k units with a value' }),
  })
  .meta({ id: 'Comparisons', description: 'The pairwise tests behind statistical tiers and rank ranges' });
export type Comparisons = z.infer<typeof Comparisons>;

export const Change = z
  .object({ difference: z.number(), pValue: z.number(), significant: z.boolean() })
  .meta({ id: 'Change', description: 'Change against the previous period, with a two-sided z-test' });
export type Change = z.infer<typeof Change>;
