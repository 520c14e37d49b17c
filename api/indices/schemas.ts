import { z } from '@hono/zod-openapi';
import { Label, RollUp } from '../../engine/index.js';
import { RATING_CHANNELS } from '../platform/vocabulary.js';
import { UnitRef } from '../units/schemas.js';

/** Methods whose inputs are stored: taps, dossiers and survey answers. */
export const STORED_METHODS = ['tap-rating', 'service-qd766-2022', 'sipas-qd2640-2017', 'sipas-qd1001-2023', 'sipas-qd1001-2024'] as const;
export type StoredMethod = (typeof STORED_METHODS)[number];

export const IndexQuery = z.object({
  definition: z.enum(STORED_METHODS).openapi({ description: 'Methods computable from stored data so far' }),
  unit: z.coerce.number().int().positive(),
  from: z.iso.date(),
  to: z.iso.date(),
  scope: z.enum(['unit', 'subtree']).default('unit').openapi({ description: 'subtree: the unit and every unit below it' }),
  boundaries: z
    .enum(['as_recorded', 'current'])
    .default('as_recorded')
    .openapi({ description: 'current: pool the records of units merged into this one, to compare across a reorganisation' }),
  rollup: z
    .enum(['pooled', 'mean_of_units'])
    .optional()
    .openapi({ description: 'How the units making up this one combine; the method’s options.aggregation unless given' }),
  channel: z.enum(RATING_CHANNELS).optional().openapi({ description: 'tap-rating only' }),
  missing: z.enum(['incomplete', 'exclude', 'zero']).optional().openapi({
    description:
      'Override the rule for items without data (recorded in the provenance); QĐ 766 from stored dossiers leaves them out unless told',
  }),
});
export type IndexQuery = z.infer<typeof IndexQuery>;

/** A survey's sample beside its figures: forms planned and completed, and the response rate. */
export const SurveyCoverage = z
  .object({ planned: z.number(), completed: z.number(), responseRate: z.number().nullable() })
  .openapi('SurveyCoverage');
export type SurveyCoverage = z.infer<typeof SurveyCoverage>;

/** The method as a report names it. */
export const MethodRef = z.object({ id: z.string(), version: z.string(), title: Label, notSipas: z.boolean() }).openapi('MethodRef');

export const Period = z.object({ from: z.iso.date(), to: z.iso.date() }).openapi('Period');

export const IndexResult = RollUp.extend({
  definition: MethodRef,
  unit: UnitRef,
  period: Period,
  scope: IndexQuery.shape.scope.unwrap(),
  boundaries: IndexQuery.shape.boundaries.unwrap(),
  members: z.array(UnitRef).openapi({ description: 'The units whose records make up the figure' }),
  survey: SurveyCoverage.optional(),
}).openapi('IndexResult');
