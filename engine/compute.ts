import { canonicalJson } from './canonical.js';
import { type Band, Definition, type Label, type Node } from './definition.js';
import { EngineInputError, type NodeResult, bandOf, evaluateTree } from './evaluate.js';
import type { Context, Inputs, ReportedInputs } from './inputs.js';
import { roundHalfUp } from './round.js';
import { sha256Hex } from './sha256.js';
import { type Interval, wilson } from './stats.js';

export const ENGINE_VERSION = '1.0.0';

export interface ComputeOptions {
  /** Overrides of the method's settings, by path (see listSettings); recorded in the provenance. */
  settings?: Record<string, unknown>;
  context?: Context;
  reported?: ReportedInputs;
  /** SHA-256 hex of a string; the engine's own plain-TypeScript one by default. */
  hash?: (text: string) => string;
}

export interface Provenance {
  definitionId: string;
  definitionVersion: string;
  /** SHA-256 of the canonical effective definition (after overrides). */
  definitionHash: string;
  /** SHA-256 of the canonical inputs, context and reported answers. */
  inputHash: string;
  settings: Record<string, unknown>;
  engineVersion: string;
}

export interface Computation {
  definition: { id: string; version: string; title: Label; notSipas: boolean };
  headline: {
    value: number | null;
    published: number | null;
    interval: Interval | null;
    publishedInterval: Interval | null;
    n: number | null;
    lowN: boolean;
    band: Pick<Band, 'id' | 'label'> | null;
  };
  root: NodeResult;
  reported: { id: string; label: Label; respondents: number; options: { code: string; label: Label; count: number; share: number | null; interval: Interval | null }[] }[];
  display: { id: string; label: Label; value: number | null; max: number }[];
  provenance: Provenance;
}

/** Every setting of a method: its path, value, and whether a retrieved legal text confirms it. */
export interface Setting {
  path: string;
  value: unknown;
  unconfirmed: boolean;
  node?: Label;
}

const OPTION_KEYS = ['headline', 'decimals', 'minN', 'missing', 'errorPropagation', 'clampToMax', 'bands', 'tieBreak'] as const;

function walkNodes(node: Node, visit: (node: Node) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walkNodes(child, visit);
}

export function listSettings(definition: Definition): Setting[] {
  const settings: Setting[] = OPTION_KEYS.map((key) => ({
    path: `options.${key}`,
    value: definition.options[key],
    unconfirmed: definition.options.unconfirmed.includes(key),
  }));
  walkNodes(definition.root, (node) => {
    for (const field of node.unconfirmed ?? []) {
      settings.push({ path: `${node.id}.${field}`, value: (node as unknown as Record<string, unknown>)[field], unconfirmed: true, node: node.label });
    }
  });
  return settings;
}

function applySettings(definition: Definition, settings: Record<string, unknown>): Definition {
  const copy = structuredClone(definition) as Definition;
  for (const [path, value] of Object.entries(settings)) {
    if (path.startsWith('options.')) {
      const key = path.slice('options.'.length);
      if (!(OPTION_KEYS as readonly string[]).includes(key)) throw new EngineInputError(`settings.${path}`, 'no such option');
      (copy.options as Record<string, unknown>)[key] = value;
      continue;
    }
    const dot = path.lastIndexOf('.');
    const id = path.slice(0, dot);
    const field = path.slice(dot + 1);
    let target: Node | undefined;
    walkNodes(copy.root, (node) => {
      if (node.id === id) target = node;
    });
    if (!target || field === 'id' || field === 'children' || field === 'rule' || !(field in target)) {
      throw new EngineInputError(`settings.${path}`, 'no such node setting');
    }
    (target as unknown as Record<string, unknown>)[field] = value;
  }
  const parsed = Definition.safeParse(copy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EngineInputError(`settings`, `the overridden method is not valid: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

/** The effective definition and its hash, memoised per definition object and overrides. */
const prepared = new WeakMap<Definition, Map<string, { definition: Definition; hash: string }>>();
function prepare(definition: Definition, settings: Record<string, unknown>, hash: (t: string) => string) {
  let byOverrides = prepared.get(definition);
  if (!byOverrides) prepared.set(definition, (byOverrides = new Map()));
  const key = `${canonicalJson(settings)}|${hash === sha256Hex ? 'builtin' : 'custom'}`;
  let entry = byOverrides.get(key);
  if (!entry) {
    const effective = Object.keys(settings).length ? applySettings(definition, settings) : definition;
    entry = { definition: effective, hash: hash(canonicalJson(effective)) };
    byOverrides.set(key, entry);
  }
  return entry;
}

function findNode(result: NodeResult, id: string): NodeResult | undefined {
  if (result.id === id) return result;
  for (const child of result.children ?? []) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Computes a method over sufficient statistics. Pure: the same definition, settings and inputs
 * always give the same result and the same provenance hashes.
 */
export function compute(base: Definition, inputs: Inputs, options: ComputeOptions = {}): Computation {
  const hash = options.hash ?? sha256Hex;
  const settings = options.settings ?? {};
  const context = options.context ?? {};
  const { definition, hash: definitionHash } = prepare(base, settings, hash);
  const root = evaluateTree(definition, inputs, context);
  const { decimals } = definition.options;

  const headlineValue = definition.options.headline === 'percent' ? root.percent : root.value;
  const scale = definition.options.headline === 'percent' && root.max ? 100 / root.max : 1;
  const interval = root.interval ? { lower: root.interval.lower * scale, upper: root.interval.upper * scale } : null;
  const band = bandOf(definition.options.bands, headlineValue);

  const reported = definition.reported.map((item) => {
    const answers = options.reported?.[item.id];
    const total = answers ? Object.values(answers.counts).reduce((s, c) => s + c, 0) : 0;
    const respondents = answers?.respondents ?? total;
    for (const code of Object.keys(answers?.counts ?? {})) {
      if (!item.options.some((o) => o.code === code)) throw new EngineInputError(`reported.${item.id}`, `unknown option '${code}'`);
    }
    return {
      id: item.id,
      label: item.label,
      respondents,
      options: item.options.map((o) => {
        const count = answers?.counts[o.code] ?? 0;
        const w = respondents > 0 ? wilson(count, respondents) : null;
        return {
          code: o.code,
          label: o.label,
          count,
          share: respondents > 0 ? (100 * count) / respondents : null,
          interval: w ? { lower: 100 * w.lower, upper: 100 * w.upper } : null,
        };
      }),
    };
  });
  for (const id of Object.keys(options.reported ?? {})) {
    if (!definition.reported.some((r) => r.id === id)) throw new EngineInputError(`reported.${id}`, 'no reported item has this id');
  }

  // A card adds up its nodes; not-applicable ones leave both the points and the maximum.
  const display = definition.display.map((card) => {
    const nodes = card.nodes.map((id) => findNode(root, id)).filter((n): n is NodeResult => n !== undefined && n.status !== 'not_applicable');
    const complete = nodes.every((n) => n.value !== null);
    return {
      id: card.id,
      label: card.label,
      value: complete ? nodes.reduce((s, n) => s + (n.value as number), 0) : null,
      max: nodes.reduce((s, n) => s + (n.max ?? 0), 0),
    };
  });

  return {
    definition: { id: definition.id, version: definition.version, title: definition.title, notSipas: definition.notSipas },
    headline: {
      value: headlineValue,
      published: headlineValue === null ? null : roundHalfUp(headlineValue, decimals),
      interval,
      publishedInterval: interval ? { lower: roundHalfUp(interval.lower, decimals), upper: roundHalfUp(interval.upper, decimals) } : null,
      n: root.n,
      lowN: root.lowN,
      band: band ? { id: band.id, label: band.label } : null,
    },
    root,
    reported,
    display,
    provenance: {
      definitionId: definition.id,
      definitionVersion: definition.version,
      definitionHash,
      inputHash: hash(canonicalJson({ inputs, context, reported: options.reported ?? {} })),
      settings,
      engineVersion: ENGINE_VERSION,
    },
  };
}
