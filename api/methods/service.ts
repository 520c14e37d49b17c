import { compute, computeDesign, DEFINITIONS, type Definition, EngineInputError, getDefinition, listSettings } from '../../engine/index.js';
import { sha256 } from '../platform/auth/secrets.js';
import { HttpError, invalidField } from '../platform/errors.js';
import type { ComputeBody } from './schemas.js';

const unknownMethod = (id: string) =>
  new HttpError(404, 'unknown_method', { vi: `Không có phương pháp "${id}"`, en: `No method "${id}"` }, [
    { field: 'definitionId', code: 'not_found', message: { vi: 'Không có phương pháp này', en: 'No such method' } },
  ]);

/** Engine refusals of an input (wrong shape for a rule, value out of range, unknown node) as 422. */
export function engineError(error: unknown, prefix: string): never {
  if (error instanceof EngineInputError) {
    const field = /^(settings|reported)/.test(error.path) ? error.path : `${prefix}${error.path}`;
    throw new HttpError(422, 'validation_failed', { vi: 'Đầu vào không phù hợp với phương pháp', en: 'The inputs do not fit the method' }, [
      { field, code: 'engine_input', message: { vi: `Mục ${error.path} không hợp lệ: ${error.message}`, en: error.message } },
    ]);
  }
  throw error;
}

/** A method as published: legal basis, settings (unconfirmed ones flagged) and the whole definition. */
const describeMethod = (d: Definition) => ({
  id: d.id,
  version: d.version,
  title: d.title,
  legalBasis: d.legalBasis,
  notSipas: d.notSipas,
  settings: listSettings(d),
  definition: d,
});

export const methodologies = () => DEFINITIONS.map(describeMethod);

/** The stateless calculator: a method over posted aggregates, as plain JSON with its provenance. */
export function computePosted(definitionId: string, body: typeof ComputeBody._output) {
  const definition = getDefinition(definitionId);
  if (!definition) throw unknownMethod(definitionId);
  if (body.design && Object.keys(body.inputs).length > 0) {
    throw invalidField(
      'design',
      'Gửi số liệu tổng hợp (inputs) hoặc các phiếu (design), không gửi cả hai',
      'Give aggregates (inputs) or forms (design), not both',
    );
  }
  const options = {
    ...(body.settings ? { settings: body.settings } : {}),
    ...(body.context ? { context: body.context } : {}),
    ...(body.reported ? { reported: body.reported } : {}),
    hash: sha256, // node:crypto: 25× the engine's portable SHA-256
  };
  try {
    return body.design ? computeDesign(definition, body.design, options) : compute(definition, body.inputs, options);
  } catch (error) {
    engineError(error, 'inputs.');
  }
}
