import { type ComputeOptions, compute } from './compute.js';
import type { Definition } from './definition.js';
import { computeDesign } from './design.js';
import { EngineInputError } from './errors.js';
import type { Inputs, NodeInput, SurveyDesign } from './inputs.js';
import type { RollUp, RollUpMode } from './results.js';
import { clamp, Z95 } from './stats.js';

function mergeNode(id: string, a: NodeInput, b: NodeInput): NodeInput {
  if ('notApplicable' in a) return b;
  if ('notApplicable' in b) return a;
  if ('counts' in a && 'counts' in b) {
    const counts = { ...a.counts };
    for (const [code, n] of Object.entries(b.counts)) counts[code] = (counts[code] ?? 0) + n;
    return { counts };
  }
  if ('numerator' in a && 'numerator' in b) {
    return { numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator };
  }
  throw new EngineInputError(id, 'only answer counts and rates can be pooled; appraised points, measures and given values cannot');
}

/**
 * Pools the sufficient statistics of several units, e.g. the wards merged into a new ward on
 * 2025-07-01, so an earlier period can be recomputed on today's boundaries. Adding counts is
 * exactly computing on the pooled raw answers.
 */
export function mergeInputs(...all: Inputs[]): Inputs {
  const merged: Inputs = {};
  for (const inputs of all) {
    for (const [id, input] of Object.entries(inputs)) {
      const existing = merged[id];
      merged[id] = existing ? mergeNode(id, existing, input) : input;
    }
  }
  return merged;
}

/** Several units' survey forms as one design (their strata are distinct). */
export function mergeDesigns(designs: SurveyDesign[]): SurveyDesign {
  return {
    respondents: designs.flatMap((d) => d.respondents),
    populations: Object.assign({}, ...designs.map((d) => d.populations ?? {})),
  };
}

/**
 * A parent's figure from its units: 'pooled' counts every respondent once (large units weigh
 * more); 'mean_of_units' averages the units' headlines (every unit weighs the same; units are
 * independent samples, so standard errors add in quadrature). Given the units' survey forms
 * (`designs`, one per unit), the figures and intervals are computed from them by the design.
 */
export function rollUp(
  definition: Definition,
  units: Inputs[],
  mode: RollUpMode,
  options: ComputeOptions & { designs?: SurveyDesign[] } = {},
): RollUp {
  const { designs, ...computeOptions } = options;
  if (mode === 'pooled') {
    const computation = designs
      ? computeDesign(definition, mergeDesigns(designs), computeOptions)
      : compute(definition, mergeInputs(...units), computeOptions);
    const { value, interval, se } = computation.headline;
    return { mode, value, se, interval, units: units.length, computations: [computation] };
  }
  const computations = units.map((inputs, u) => {
    const design = designs?.[u];
    return design ? computeDesign(definition, design, computeOptions) : compute(definition, inputs, computeOptions);
  });
  const scored = computations.filter((c) => c.headline.value !== null);
  if (scored.length === 0) return { mode, value: null, se: null, interval: null, units: units.length, computations };
  const value = scored.reduce((s, c) => s + (c.headline.value as number), 0) / scored.length;
  const ses = scored.map((c) => c.headline.se);
  const se = ses.every((s) => s !== null) ? Math.sqrt(ses.reduce<number>((s, x) => s + (x as number) ** 2, 0)) / scored.length : null;
  const top = definition.options.headline === 'percent' ? 100 : (computations[0]?.root.max ?? Number.POSITIVE_INFINITY);
  return {
    mode,
    value,
    se,
    interval: se === null ? null : { lower: clamp(value - Z95 * se, 0, top), upper: clamp(value + Z95 * se, 0, top) },
    units: units.length,
    computations,
  };
}
