import { z } from 'zod';

/**
 * What the engine reads for one node: sufficient statistics, never raw rows, so the same
 * computation serves a SQL aggregate over millions of ratings, a CSV from another province
 * or an API caller.
 */
export const NodeInput = z.union([
  /** Not applicable this period: leaves the parent mean and removes its maximum from a sum. */
  z.strictObject({ notApplicable: z.literal(true) }),
  /** Answers per code (scale level or table code). */
  z.strictObject({ counts: z.record(z.string(), z.int().min(0)) }),
  /** A rate's parts, e.g. dossiers on time / dossiers. */
  z
    .strictObject({ numerator: z.number().min(0), denominator: z.number().min(0) })
    .refine((r) => r.numerator <= r.denominator, { message: 'numerator must not exceed denominator', path: ['numerator'] }),
  /** Appraised or bonus/penalty points. */
  z.strictObject({ points: z.number() }),
  z.strictObject({ yes: z.boolean() }),
  /** Named measures for a tiers rule. */
  z.strictObject({ measures: z.record(z.string(), z.number()) }),
  /** A figure already computed elsewhere (e.g. a published sub-index), with its uncertainty if known. */
  z.strictObject({ value: z.number(), se: z.number().min(0).optional(), n: z.int().min(0).optional() }),
]);
export type NodeInput = z.infer<typeof NodeInput>;

export const Inputs = z.record(z.string(), NodeInput);
export type Inputs = z.infer<typeof Inputs>;

/** Answers to items reported outside the index (perceptions, expectations): counts per option. */
export const ReportedInputs = z.record(
  z.string(),
  z.strictObject({ counts: z.record(z.string(), z.int().min(0)), respondents: z.int().min(0).optional() }),
);
export type ReportedInputs = z.infer<typeof ReportedInputs>;

/** Facts about the evaluated unit that rules may depend on (e.g. TT 01 thresholds by level). */
export const Context = z.strictObject({ level: z.string().optional() });
export type Context = z.infer<typeof Context>;

/**
 * One completed survey form: its stratum (how the sample was split before drawing: a unit of a
 * wave, a province), its cluster (the village or commune drawn first; none when the respondent was
 * drawn alone) and its answers by leaf id (a level 1–5, or a points table's code; none = no answer).
 */
export const Respondent = z.strictObject({
  stratum: z.string().min(1).max(128),
  cluster: z.string().min(1).max(128).nullable().optional(),
  answers: z.record(z.string(), z.string()),
});
export type Respondent = z.infer<typeof Respondent>;

export const SurveyDesign = z.strictObject({
  respondents: z.array(Respondent),
  /**
   * Per stratum, how many sampling units (clusters, or respondents where not clustered) it held:
   * the finite-population correction 1 − m/M used to size the sample then narrows its interval too.
   */
  populations: z.record(z.string(), z.int().positive()).optional(),
});
export type SurveyDesign = z.infer<typeof SurveyDesign>;
