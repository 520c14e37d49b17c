/**
 * The scoring engine: pure TypeScript, no I/O, no clock, no database. Methods are versioned data
 * (engine/definitions); inputs are sufficient statistics; every output carries its n, a 95%
 * interval and the provenance needed to recompute it.
 */
export { type AlertRule, binomialUpperTail, densestSpan, fallBelowBaseline, type Share, silenceProbability } from './alerts.js';
export { ABSENT, type Column, type ColumnInputs, GIVEN, NOT_APPLICABLE, type NodeColumns, toColumns } from './batch.js';
export { canonicalJson } from './canonical.js';
export {
  type ColumnComputation,
  type ComputeOptions,
  compute,
  computeColumns,
  ENGINE_VERSION,
  listSettings,
  measuredLeaves,
} from './compute.js';
export { Definition, type DefinitionInput, Label } from './definition.js';
export { DEFINITIONS, getDefinition } from './definitions/index.js';
export { computeDesign } from './design.js';
export { EngineInputError } from './errors.js';
export type { HeadlineColumns } from './headline.js';
export { Context, Inputs, NodeInput, ReportedInputs, Respondent, SurveyDesign } from './inputs.js';
export { mergeDesigns, mergeInputs, rollUp } from './pool.js';
export { createRandom, type Random } from './random.js';
export { changeBetween, officialRanks, pairwiseDifferences, type Scored, statisticalTiers } from './rank.js';
export { countResponses, type Response } from './responses.js';
export {
  Change,
  Comparisons,
  Computation,
  DesignSummary,
  Headline,
  Interval,
  JsonValue,
  NodeResult,
  Provenance,
  ReportedShares,
  RollUp,
  RollUpMode,
  Setting,
  Tier,
} from './results.js';
export { roundHalfUp } from './round.js';
export { normalQuantile, sampleSize, seededShuffle } from './sampling.js';
export { LEVEL_LABELS, LEVELS, type Level } from './scale.js';
export { wilson } from './stats.js';
