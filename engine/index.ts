/**
 * The scoring engine: pure TypeScript, no I/O, no clock, no database. Methods are versioned data
 * (engine/definitions); inputs are sufficient statistics; every output carries its n, a 95%
 * interval and the provenance needed to recompute it.
 */
export { type AlertRule, type Share, fallBelowBaseline } from './alerts.js';
export { ABSENT, type Column, type ColumnInputs, GIVEN, NOT_APPLICABLE, type NodeColumns, toColumns } from './batch.js';
export { type ColumnComputation, type Computation, type ComputeOptions, ENGINE_VERSION, type Provenance, type Setting, compute, computeColumns, listSettings } from './compute.js';
export { Definition, type DefinitionInput, Label } from './definition.js';
export { canonicalJson } from './canonical.js';
export { DEFINITIONS, getDefinition } from './definitions/index.js';
export { EngineInputError, type NodeResult } from './evaluate.js';
export { type Headline, type HeadlineColumns } from './headline.js';
export { Context, Inputs, NodeInput, ReportedInputs } from './inputs.js';
export { type RollUpMode, mergeInputs, rollUp } from './pool.js';
export { type Random, createRandom } from './random.js';
export { type Change, type Scored, type Tier, changeBetween, officialRanks, statisticalTiers } from './rank.js';
export { type Response, countResponses } from './responses.js';
export { normalQuantile, sampleSize, seededShuffle } from './sampling.js';
export { roundHalfUp } from './round.js';
export { LEVELS, LEVEL_LABELS, type Level } from './scale.js';
export { wilson } from './stats.js';
