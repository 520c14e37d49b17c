import { z } from '@hono/zod-openapi';
import { Context, Inputs, JsonValue, Provenance, ReportedInputs, SurveyDesign } from '../../engine/index.js';

const claimed = {
  provenance: Provenance.meta({
    description: 'The provenance printed with the figure: the method, settings and hashes to recompute it from',
  }),
  published: z.number().optional().openapi({ description: 'The figure as published (rounded), compared with the recomputed one' }),
};

export const VerifyPosted = z
  .strictObject({
    ...claimed,
    inputs: Inputs.default({}).meta({ description: 'The aggregates the figure was computed from' }),
    design: SurveyDesign.optional().meta({ description: 'Or the survey forms it was computed from' }),
    context: Context.optional(),
    reported: ReportedInputs.optional(),
  })
  .openapi('VerifyPosted');
export type VerifyPosted = z.infer<typeof VerifyPosted>;

export const VerifyStored = z
  .strictObject({
    ...claimed,
    unit: z
      .int()
      .positive()
      .openapi({ description: 'The unit the figure is of (its figure as rankings, dashboards and reports compute it)' }),
    from: z.iso.date(),
    to: z.iso.date(),
  })
  .openapi('VerifyStored');
export type VerifyStored = z.infer<typeof VerifyStored>;

export const CHECKED = [
  'definitionId',
  'definitionVersion',
  'engineVersion',
  'settings',
  'definitionHash',
  'inputHash',
  'published',
] as const;

export const Verification = z
  .object({
    match: z.boolean(),
    difference: z
      .object({ field: z.enum(CHECKED), claimed: JsonValue, recomputed: JsonValue })
      .nullable()
      .openapi({
        description: 'The first field that differs, in the order: method, version, engine, settings, method hash, input hash, figure',
      }),
    recomputed: z.object({
      value: z.number().nullable(),
      published: z.number().nullable(),
      provenance: Provenance,
    }),
  })
  .openapi('Verification');
export type Verification = z.infer<typeof Verification>;
