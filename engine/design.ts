import { canonicalJson } from './canonical.js';
import { type ComputeOptions, compute, effectiveDefinition } from './compute.js';
import type { Definition, Node } from './definition.js';
import { EngineInputError } from './errors.js';
import type { Inputs, SurveyDesign } from './inputs.js';
import type { Computation, DesignSummary, Interval, NodeResult } from './results.js';
import { roundHalfUp } from './round.js';
import { sha256Hex } from './sha256.js';
import { clamp, wilson, Z95 } from './stats.js';

type Leaf = Extract<Node, { rule: 'share' | 'points_table' }>;

function leavesOf(node: Node, out: Map<string, Node>): Map<string, Node> {
  out.set(node.id, node);
  if ('children' in node) for (const child of node.children) leavesOf(child, out);
  return out;
}

/** A respondent's score on an answered leaf (1 or 0 for a share; the table's points), null when not a valid answer. */
function scoreOf(leaf: Leaf, code: string): number | null {
  if (leaf.rule === 'share') {
    const level = Number(code);
    if (!Number.isInteger(level) || level < 1 || level > leaf.levels) {
      throw new EngineInputError(leaf.id, `answer '${code}' is not a level 1..${leaf.levels} (leave invalid answers out)`);
    }
    return level >= leaf.minLevel ? 100 : 0;
  }
  const points = leaf.table[code];
  if (points === undefined) throw new EngineInputError(leaf.id, `answer '${code}' is not in the points table`);
  return points;
}

/** The sampling units (PSUs) of each stratum, respondents indexed into them. */
function psus(design: SurveyDesign) {
  const strata = new Map<string, Map<string, number>>();
  const psuOf = new Uint32Array(design.respondents.length);
  const stratumOfPsu: string[] = [];
  design.respondents.forEach((r, i) => {
    let clusters = strata.get(r.stratum);
    if (!clusters) {
      clusters = new Map();
      strata.set(r.stratum, clusters);
    }
    const key = r.cluster ?? `\u0000${i}`;
    let psu = clusters.get(key);
    if (psu === undefined) {
      psu = stratumOfPsu.length;
      clusters.set(key, psu);
      stratumOfPsu.push(r.stratum);
    }
    psuOf[i] = psu;
  });
  return { strata, psuOf, psuCount: stratumOfPsu.length, clustered: design.respondents.some((r) => r.cluster) };
}

/**
 * Design-based variance of a linear statistic given each respondent's influence z_i:
 * Σ_h (1 − f_h) · m_h/(m_h − 1) · Σ_c (Z_hc − Z̄_h)² over the strata h and their PSUs c (Z = the
 * PSU's total of z). A stratum with one PSU is centred on the overall mean PSU total (0, since
 * influences sum to 0), as R's survey package does with lonely.psu = "adjust".
 */
function designVariance(z: Float64Array, layout: ReturnType<typeof psus>, populations: Record<string, number>): number {
  const totals = new Float64Array(layout.psuCount);
  for (let i = 0; i < z.length; i++) {
    const psu = layout.psuOf[i] as number;
    totals[psu] = (totals[psu] as number) + (z[i] as number);
  }
  let variance = 0;
  for (const [stratum, clusters] of layout.strata) {
    const m = clusters.size;
    const population = populations[stratum];
    const fpc = population && population >= m ? 1 - m / population : 1;
    let mean = 0;
    if (m > 1) for (const psu of clusters.values()) mean += (totals[psu] as number) / m;
    let squares = 0;
    for (const psu of clusters.values()) squares += ((totals[psu] as number) - mean) ** 2;
    variance += fpc * (m > 1 ? m / (m - 1) : 1) * squares;
  }
  return variance;
}

/** Variance if the same respondents had been a simple random sample (with replacement): the design effect's denominator. */
function srsVariance(z: Float64Array): number {
  const n = z.length;
  if (n < 2) return Number.NaN;
  let squares = 0;
  for (const v of z) squares += v * v;
  return (n / (n - 1)) * squares;
}

interface Linear {
  /** Each respondent's influence on the node's value (its Taylor linearisation). */
  z: Float64Array;
  /** Variance from parts outside the survey (a figure given with its standard error), added as independent. */
  extra: number;
}

/**
 * A method computed on respondent-level answers with intervals that follow the survey's design
 * (stratified, clustered, sampled without replacement): the value of every node is exactly what
 * compute() gives on the pooled counts; its standard error is the Taylor linearisation of the
 * ratio means and their means, the variance estimated between the sampling units within strata.
 * Each node reports its design effect (variance ÷ the variance of a simple random sample of the
 * same respondents).
 */
export function computeDesign(
  base: Definition,
  design: SurveyDesign,
  options: ComputeOptions = {},
): Computation & { design: DesignSummary } {
  const hash = options.hash ?? sha256Hex;
  const definition = effectiveDefinition(base, options.settings ?? {}, hash);
  const nodes = leavesOf(definition.root, new Map());
  const respondents = design.respondents;
  const count = respondents.length;
  const inputs: Inputs = {};
  for (const r of respondents) {
    for (const [id, code] of Object.entries(r.answers)) {
      const node = nodes.get(id);
      if (!node || (node.rule !== 'share' && node.rule !== 'points_table')) {
        throw new EngineInputError(id, 'respondents answer the survey leaves of the method (share or points table) only');
      }
      scoreOf(node, code);
      const input = (inputs[id] ?? { counts: {} }) as { counts: Record<string, number> };
      inputs[id] = input;
      input.counts[code] = (input.counts[code] ?? 0) + 1;
    }
  }
  const computation = compute(base, inputs, { ...options, hash });
  const layout = psus(design);
  const populations = design.populations ?? {};

  const weightOf = (parent: Node, child: NodeResult) =>
    parent.rule === 'weighted_mean' && 'children' in parent ? (parent.children.find((k) => k.id === child.id)?.weight ?? 1) : 1;

  /** A node's influences from its leaves up: a leaf's from its answers, a group's the same combination of its children's. */
  const linear = (result: NodeResult, children: { result: NodeResult; part: Linear | null }[]): Linear | null => {
    if (result.status !== 'ok' || result.value === null) return null;
    const node = nodes.get(result.id) as Node;
    const z = new Float64Array(count);
    if (node.rule === 'share' || node.rule === 'points_table') {
      const valid = result.n ?? 0;
      respondents.forEach((r, i) => {
        const code = r.answers[result.id];
        const score = code === undefined ? null : scoreOf(node, code);
        if (score !== null) z[i] = (score - (result.value as number)) / valid;
      });
      return { z, extra: 0 };
    }
    if (!('children' in node)) return { z, extra: (result.se ?? 0) ** 2 };
    const counted = children.filter((c) => c.result.status === 'ok' && c.result.rule !== 'adjustment');
    const total = node.rule === 'sum' ? 1 : counted.reduce((s, c) => s + weightOf(node, c.result), 0);
    let extra = 0;
    for (const { result: child, part } of counted) {
      if (!part) continue;
      const w = node.rule === 'sum' ? 1 : weightOf(node, child) / total;
      for (let i = 0; i < count; i++) z[i] = (z[i] as number) + w * (part.z[i] as number);
      extra += w * w * part.extra;
    }
    return { z, extra };
  };

  let headlineDeff: number | null = null;
  const decimals = definition.options.decimals;
  const visit = (result: NodeResult, top: boolean): { result: NodeResult; part: Linear | null } => {
    const children = result.children?.map((child) => visit(child, false));
    const part = linear(result, children ?? []);
    const kids = children ? { children: children.map((c) => c.result) } : {};
    if (!part || result.value === null) return { result: { ...result, ...kids }, part };
    const variance = designVariance(part.z, layout, populations) + part.extra;
    const srs = srsVariance(part.z) + part.extra;
    const deff = srs > 0 ? variance / srs : null;
    if (top) headlineDeff = deff;
    const max = result.max ?? 100;
    const se = Math.sqrt(variance);
    let interval: Interval;
    if (result.rule === 'share') {
      // Wilson's interval on the effective sample size keeps its coverage near 0% and 100%.
      const p = result.value / 100;
      const effective = p > 0 && p < 1 && variance > 0 ? (p * (1 - p)) / (variance / 10_000) : (result.n ?? 0);
      const w = wilson(p * effective, effective);
      interval = { lower: 100 * w.lower, upper: 100 * w.upper };
    } else {
      interval = { lower: clamp(result.value - Z95 * se, 0, max), upper: clamp(result.value + Z95 * se, 0, max) };
    }
    return {
      result: {
        ...result,
        se,
        interval,
        deff,
        published: {
          ...result.published,
          interval: { lower: roundHalfUp(interval.lower, decimals), upper: roundHalfUp(interval.upper, decimals) },
        },
        ...kids,
      },
      part,
    };
  };
  const { result: root } = visit(computation.root, true);
  const percent = definition.options.headline === 'percent' && root.max ? 100 / root.max : 1;
  const interval = root.interval ? { lower: root.interval.lower * percent, upper: root.interval.upper * percent } : null;
  let provenance: Computation['provenance'] | undefined;
  return {
    definition: computation.definition,
    headline: {
      ...computation.headline,
      se: root.se === null ? null : root.se * percent,
      interval,
      publishedInterval: interval ? { lower: roundHalfUp(interval.lower, decimals), upper: roundHalfUp(interval.upper, decimals) } : null,
    },
    root,
    reported: computation.reported,
    display: computation.display,
    // The input hash covers every form, in a canonical order (built on first read: it is the costly part).
    get provenance() {
      provenance ??= {
        ...computation.provenance,
        inputHash: hash(
          canonicalJson({
            respondents: respondents.map((r) => canonicalJson(r)).sort(),
            populations,
            context: options.context ?? {},
            reported: options.reported ?? {},
          }),
        ),
      };
      return provenance;
    },
    design: {
      variance: 'linearisation',
      respondents: count,
      strata: layout.strata.size,
      samplingUnits: layout.psuCount,
      clustered: layout.clustered,
      finitePopulation: Object.keys(populations).some((s) => layout.strata.has(s)),
      deff: headlineDeff,
    },
  };
}
