import { type ColumnInputs, evaluateColumns, unitInputs } from './batch.js';
import { canonicalJson } from './canonical.js';
import { Definition, type Node } from './definition.js';
import { EngineInputError } from './errors.js';
import { evaluate } from './evaluate.js';
import { type Frame, materialize, slot, WIDTH } from './frame.js';
import { type HeadlineColumns, headlineAt, headlineColumns, writeHeadline } from './headline.js';
import type { Context, Inputs, ReportedInputs } from './inputs.js';
import type { Computation, Headline, JsonValue, NodeResult, Provenance, Setting } from './results.js';
import { sha256Hex } from './sha256.js';
import { wilson } from './stats.js';

export const ENGINE_VERSION = '1.0.0';

export interface ComputeOptions {
  /** Overrides of the method's settings, by path (see listSettings); recorded in the provenance. */
  settings?: Record<string, JsonValue>;
  context?: Context;
  reported?: ReportedInputs;
  /** SHA-256 hex of a string; the engine's own plain-TypeScript one by default. */
  hash?: (text: string) => string;
}

const OPTION_KEYS = [
  'headline',
  'decimals',
  'minN',
  'missing',
  'errorPropagation',
  'clampToMax',
  'bands',
  'bandsWhen',
  'tieBreak',
  'multiplicity',
  'sampling',
  'aggregation',
] as const;

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
      settings.push({
        path: `${node.id}.${field}`,
        value: (node as unknown as Record<string, JsonValue>)[field] ?? null,
        unconfirmed: true,
        node: node.label,
      });
    }
  });
  return settings;
}

function applySettings(definition: Definition, settings: Record<string, JsonValue>): Definition {
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

/** The effective definition and its hash, memoised per definition, hash function and overrides. */
const prepared = new WeakMap<Definition, WeakMap<(t: string) => string, Map<string, { definition: Definition; hash: string }>>>();
function prepare(definition: Definition, settings: Record<string, JsonValue>, hash: (t: string) => string) {
  let byHash = prepared.get(definition);
  if (!byHash) {
    byHash = new WeakMap();
    prepared.set(definition, byHash);
  }
  let byOverrides = byHash.get(hash);
  if (!byOverrides) {
    byOverrides = new Map();
    byHash.set(hash, byOverrides);
  }
  let empty = true;
  for (const _ in settings) {
    empty = false;
    break;
  }
  const key = empty ? '' : canonicalJson(settings);
  let entry = byOverrides.get(key);
  if (!entry) {
    const effective = empty ? definition : applySettings(definition, settings);
    entry = { definition: effective, hash: hash(canonicalJson(effective)) };
    byOverrides.set(key, entry);
  }
  return entry;
}

/** How many of a computed tree's applicable leaves have a measured figure (not missing, not scored 0 for want of one). */
export function measuredLeaves(root: NodeResult): { measured: number; applicable: number } {
  if (!root.children) {
    const applicable = root.status !== 'not_applicable' && root.rule !== 'adjustment' ? 1 : 0;
    return { measured: applicable && root.status === 'ok' && !root.imputed ? 1 : 0, applicable };
  }
  if (root.status === 'not_applicable') return { measured: 0, applicable: 0 };
  return root.children
    .map(measuredLeaves)
    .reduce((a, b) => ({ measured: a.measured + b.measured, applicable: a.applicable + b.applicable }));
}

/** The definition a computation uses once its settings are applied. */
export function effectiveDefinition(
  base: Definition,
  settings: Record<string, JsonValue>,
  hash: (t: string) => string = sha256Hex,
): Definition {
  return prepare(base, settings, hash).definition;
}

/**
 * Computes a method over sufficient statistics. Pure: the same definition, settings and inputs
 * always give the same result and the same provenance hashes.
 */
export function compute(base: Definition, inputs: Inputs, options: ComputeOptions = {}): Computation {
  const hash = options.hash ?? sha256Hex;
  const settings = options.settings ?? {};
  const context = options.context ?? {};
  const prepared = prepare(base, settings, hash);
  const frame = evaluate(prepared.definition, inputs, context);
  return new Computed(prepared.definition, prepared.hash, frame, () => inputs, context, settings, options.reported, hash);
}

/**
 * A method computed for every unit of a batch: the headlines at once, in typed columns; a unit's
 * headline object, or its full computation, when read.
 */
export interface ColumnComputation {
  units: number;
  columns: HeadlineColumns;
  headline(u: number): Headline;
  /** Every unit's headline object (built on first read). */
  readonly headlines: Headline[];
  /** Unit u's node tree, display cards and provenance (its input hash built from its own columns). */
  unit(u: number): Computation;
}

/** Computes a method for every unit of a batch given in columns (engine/batch.ts). */
export function computeColumns(base: Definition, columns: ColumnInputs, options: Omit<ComputeOptions, 'reported'> = {}): ColumnComputation {
  const hash = options.hash ?? sha256Hex;
  const settings = options.settings ?? {};
  const context = options.context ?? {};
  const { definition, hash: definitionHash } = prepare(base, settings, hash);
  const methodOptions = definition.options;
  const h = headlineColumns(columns.units);
  const batch = evaluateColumns(definition, columns, context, (f, size, base) => {
    for (let l = 0; l < size; l++) writeHeadline(h, base + l, f, l * WIDTH, methodOptions);
  });
  const inBatch = (u: number) => {
    if (!Number.isInteger(u) || u < 0 || u >= columns.units) throw new EngineInputError('unit', `${u} is not a unit of this batch`);
  };
  let headlines: Headline[] | undefined;
  return {
    units: columns.units,
    columns: h,
    headline(u) {
      inBatch(u);
      return headlineAt(h, u, methodOptions);
    },
    get headlines() {
      headlines ??= Array.from({ length: columns.units }, (_, u) => headlineAt(h, u, methodOptions));
      return headlines;
    },
    unit(u) {
      inBatch(u);
      const level = columns.levels ? columns.levels[u] : context.level;
      const unitContext = level === undefined ? {} : { level };
      return new Computed(definition, definitionHash, batch.unit(u), () => unitInputs(columns, u), unitContext, settings, undefined, hash);
    },
  };
}

/** One unit's headline, through the batch's code so the two agree to the bit. */
const single = headlineColumns(1);
function headlineOf(frame: Frame, options: Definition['options']): Headline {
  writeHeadline(single, 0, frame.data, frame.unit * WIDTH, options);
  return headlineAt(single, 0, options);
}

/**
 * One computation. The headline is computed at once; the node tree, reported shares, display
 * cards and the input hash (canonical JSON + SHA-256, the costliest step) are built on first read
 * and kept. Serialising the result (toJSON) reads them all, so nothing is ever left out.
 */
class Computed implements Computation {
  readonly definition: Computation['definition'];
  readonly headline: Computation['headline'];
  #root?: NodeResult;
  #reported?: Computation['reported'];
  #display?: Computation['display'];
  #provenance?: Provenance;

  constructor(
    private readonly method: Definition,
    private readonly definitionHash: string,
    private readonly frame: Frame,
    private readonly inputs: () => Inputs,
    private readonly context: Context,
    private readonly settings: Record<string, JsonValue>,
    private readonly reportedInputs: ReportedInputs | undefined,
    private readonly hash: (text: string) => string,
  ) {
    this.definition = { id: method.id, version: method.version, title: method.title, notSipas: method.notSipas };
    this.headline = headlineOf(frame, method.options);
    // Unknown reported items are refused now, not when first read.
    if (reportedInputs) this.#reported = reportedShares(method, reportedInputs);
  }

  get root(): NodeResult {
    this.#root ??= materialize(this.frame, 0, this.method.options);
    return this.#root;
  }

  get reported(): Computation['reported'] {
    this.#reported ??= reportedShares(this.method, this.reportedInputs);
    return this.#reported;
  }

  get display(): Computation['display'] {
    // A card adds up its nodes; not-applicable ones leave both the points and the maximum.
    this.#display ??= this.method.display.map((card) => {
      const nodes = card.nodes
        .map((id) => this.frame.compiled.index.get(id))
        .filter((i): i is number => i !== undefined)
        .map((i) => slot(this.frame, i))
        .filter((n) => n.status !== 'not_applicable');
      return {
        id: card.id,
        label: card.label,
        value: nodes.every((n) => n.value !== null) ? nodes.reduce((s, n) => s + (n.value as number), 0) : null,
        max: nodes.reduce((s, n) => s + (n.max ?? 0), 0),
      };
    });
    return this.#display;
  }

  get provenance(): Provenance {
    this.#provenance ??= {
      definitionId: this.method.id,
      definitionVersion: this.method.version,
      definitionHash: this.definitionHash,
      inputHash: this.hash(canonicalJson({ inputs: this.inputs(), context: this.context, reported: this.reportedInputs ?? {} })),
      settings: this.settings,
      engineVersion: ENGINE_VERSION,
    };
    return this.#provenance;
  }

  toJSON(): Computation {
    const { definition, headline, root, reported, display, provenance } = this;
    return { definition, headline, root, reported, display, provenance };
  }
}

function reportedShares(definition: Definition, inputs: ReportedInputs | undefined): Computation['reported'] {
  for (const id of Object.keys(inputs ?? {})) {
    if (!definition.reported.some((r) => r.id === id)) throw new EngineInputError(`reported.${id}`, 'no reported item has this id');
  }
  return definition.reported.map((item) => {
    const answers = inputs?.[item.id];
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
}
