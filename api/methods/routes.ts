import { createRoute, z } from '@hono/zod-openapi';
import {
  Context,
  compute,
  DEFINITIONS,
  EngineInputError,
  getDefinition,
  Inputs,
  listSettings,
  ReportedInputs,
} from '../../engine/index.js';
import { sha256 } from '../platform/auth/secrets.js';
import type { AppDeps } from '../platform/context.js';
import { ApiError, HttpError } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';

const Methodology = z
  .object({
    id: z.string(),
    version: z.string(),
    title: z.object({ vi: z.string(), en: z.string() }),
    legalBasis: z.object({ document: z.string(), date: z.string().nullable(), issuer: z.string(), note: z.string().optional() }),
    notSipas: z.boolean(),
    settings: z.array(z.object({ path: z.string(), value: z.unknown(), unconfirmed: z.boolean() })),
    definition: z.record(z.string(), z.unknown()).openapi({ description: 'The whole definition: tree, options, reported items, display' }),
  })
  .openapi('Methodology');

const ComputeBody = z
  .strictObject({
    inputs: Inputs,
    settings: z.record(z.string(), z.unknown()).optional(),
    context: Context.optional(),
    reported: ReportedInputs.optional(),
  })
  .openapi('ComputeRequest');

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

export function methodRoutes(_deps: AppDeps) {
  const app = newRouter();
  const describe = (d: (typeof DEFINITIONS)[number]) => ({
    id: d.id,
    version: d.version,
    title: d.title,
    legalBasis: d.legalBasis,
    notSipas: d.notSipas,
    settings: listSettings(d),
    definition: d as unknown as Record<string, unknown>,
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/methodologies',
      tags: ['methods'],
      summary: 'The methods (definitions) with their legal basis and settings; unconfirmed rules are flagged',
      responses: { 200: { description: 'Methods', content: { 'application/json': { schema: z.array(Methodology) } } } },
    }),
    (c) => c.json(DEFINITIONS.map(describe), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/compute/{definitionId}',
      tags: ['methods'],
      summary: 'Stateless calculator: compute a method over posted aggregates (counts, rates, points)',
      request: {
        params: z.object({ definitionId: z.string().min(1).max(64) }),
        body: { required: true, content: { 'application/json': { schema: ComputeBody } } },
      },
      responses: {
        200: {
          description: 'The computation with provenance',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
        404: { description: 'Unknown method', content: { 'application/json': { schema: ApiError } } },
        422: { description: 'Invalid inputs', content: { 'application/json': { schema: ApiError } } },
      },
    }),
    (c) => {
      const { definitionId } = c.req.valid('param');
      const definition = getDefinition(definitionId);
      if (!definition) throw unknownMethod(definitionId);
      const body = c.req.valid('json');
      try {
        const result = compute(definition, body.inputs, {
          ...(body.settings ? { settings: body.settings } : {}),
          ...(body.context ? { context: body.context } : {}),
          ...(body.reported ? { reported: body.reported } : {}),
          hash: sha256, // node:crypto: 25× the engine's portable SHA-256
        });
        return c.json(result as unknown as Record<string, unknown>, 200);
      } catch (error) {
        engineError(error, 'inputs.');
      }
    },
  );
  return app;
}
