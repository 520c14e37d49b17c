import { type Computation, canonicalJson, getDefinition, type JsonValue, type Provenance } from '../../engine/index.js';
import { STORED_METHODS } from '../indices/schemas.js';
import { computeStored } from '../indices/service.js';
import { computePosted } from '../methods/service.js';
import type { AccessScope, AppDeps } from '../platform/context.js';
import { errors, invalidField } from '../platform/errors.js';
import { accessibleUnit, figureUnits } from '../units/access.js';
import { CHECKED, type Verification, type VerifyPosted, type VerifyStored } from './schemas.js';

/** The claimed provenance against a recomputation: match, or the first field that differs. */
function compare(provenance: Provenance, published: number | undefined, result: Computation): Verification {
  const recomputed = result.provenance;
  const value = (field: (typeof CHECKED)[number], p: Provenance, figure: number | null | undefined): JsonValue =>
    field === 'published' ? (figure ?? null) : (p[field] as JsonValue);
  const field = CHECKED.find((f) => {
    if (f === 'published') return published !== undefined && published !== result.headline.published;
    return canonicalJson(provenance[f]) !== canonicalJson(recomputed[f]);
  });
  return {
    match: field === undefined,
    difference: field
      ? { field, claimed: value(field, provenance, published), recomputed: value(field, recomputed, result.headline.published) }
      : null,
    recomputed: { value: result.headline.value, published: result.headline.published, provenance: recomputed },
  };
}

/** Recomputes a figure from the aggregates (or forms) posted with its provenance, under the settings it names. */
export function verifyPosted(body: VerifyPosted): Verification {
  const { provenance, published, inputs, design, context, reported } = body;
  const result = computePosted(provenance.definitionId, {
    inputs,
    settings: provenance.settings,
    ...(design ? { design } : {}),
    ...(context ? { context } : {}),
    ...(reported ? { reported } : {}),
  });
  return compare(provenance, published, result);
}

/**
 * Recomputes a unit's figure from the stored records, as rankings, dashboards and reports compute
 * it (the unit on today's boundaries, as far as the caller's scope reaches), under the settings
 * its provenance names.
 */
export async function verifyStored(deps: AppDeps, scope: AccessScope, body: VerifyStored): Promise<Verification> {
  if (body.to < body.from) throw errors.periodBackwards;
  const id = body.provenance.definitionId;
  const definition = getDefinition(id);
  if (!definition || !(STORED_METHODS as readonly string[]).includes(id)) {
    throw invalidField(
      'provenance.definitionId',
      `Phương pháp "${id}" không tính từ số liệu đã lưu`,
      `Method "${id}" is not computed from stored records`,
    );
  }
  const unit = await accessibleUnit(deps, scope, body.unit, 'unit');
  const result = await computeStored(deps, definition, await figureUnits(deps, scope, unit.id), body, body.provenance.settings);
  return compare(body.provenance, body.published, result);
}
