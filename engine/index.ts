/**
 * The scoring engine: pure TypeScript, no I/O, no clock, no database. Methods are versioned data
 * (engine/definitions); inputs are sufficient statistics; every output carries its n, a 95%
 * interval and the provenance needed to recompute it.
 */
export { type AlertRule, fallBelowBaseline, type Share } from './alerts.js';
export { ABSENT, type Column, type ColumnInputs, GIVEN, NOT_APPLICABLE, type NodeColumns, toColumns } from './batch.js';
export { canonicalJson } from './canonical.js';
export {
  type ColumnComputation,
  type Computation,
  type ComputeOptions,
  compute,
  computeColumns,
  ENGINE_VERSION,
  listSettings,
  type Provenance,
  type Setting,
} from './compute.js';
export { Definition, type DefinitionInput, Label } from './definition.js';
export { DEFINITIONS, getDefinition } from './definitions/index.js';
export { EngineInputError, type NodeResult } from './evaluate.js';
export type { Headline, HeadlineColumns } from './headline.js';
export { Context, Inputs, NodeInput, ReportedInputs } from './inputs.js';
export { mergeInputs, type RollUpMode, rollUp } from './pool.js';
export { createRandom, type Random } from './random.js';
export { type Change, changeBetween, officialRanks, type Scored, statisticalTiers, type Tier } from './rank.js';
export { countResponses, type Response } from './responses.js';
export { roundHalfUp } from './round.js';
export { normalQuantile, sampleSize, seededShuffle } from './sampling.js';
export { LEVEL_LABELS, LEVELS, type Level } from './scale.js';
export { wilson } from './stats.js';
