import { z } from '@hono/zod-openapi';
import { Context, Definition, Inputs, JsonValue, Label, ReportedInputs, Setting, SurveyDesign } from '../../engine/index.js';
import { Bilingual } from '../platform/errors.js';

export const Methodology = z
  .object({
    id: z.string(),
    version: z.string(),
    title: Label,
    legalBasis: z.object({ document: z.string(), date: z.string().nullable(), issuer: z.string(), note: z.string().optional() }),
    notSipas: z.boolean(),
    settings: z.array(Setting),
    definition: Definition.meta({ description: 'The whole definition: tree, options, reported items, display' }),
  })
  .openapi('Methodology');

export const ComputeParams = z.object({ definitionId: z.string().min(1).max(64) });

export const ComputeBody = z
  .strictObject({
    inputs: Inputs.meta({ description: 'Sufficient statistics per node; leave empty when giving the forms (design)' }),
    design: SurveyDesign.optional().meta({
      description:
        'Survey forms with their strata and clusters: the values are those of their pooled counts, the intervals follow the design',
    }),
    settings: z.record(z.string(), JsonValue).optional(),
    context: Context.optional(),
    reported: ReportedInputs.optional(),
  })
  .openapi('ComputeRequest');

export const UnconfirmedRule = z
  .object({
    rule: z.string().openapi({ description: "The kind of rule: a node rule and field ('points.max') or an option ('options.bands')" }),
    items: z.int().openapi({ description: 'How many items of the method it touches' }),
    label: Bilingual,
  })
  .openapi('UnconfirmedRule', { description: 'A rule of the method no retrieved legal text confirms (a placeholder, shown as such)' });
export type UnconfirmedRule = z.infer<typeof UnconfirmedRule>;
