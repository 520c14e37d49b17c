import { z } from '@hono/zod-openapi';
import { Comparisons, Interval, Label, Provenance } from '../../engine/index.js';
import { MethodRef, Period, STORED_METHODS } from '../indices/schemas.js';
import { UnitRef } from '../units/schemas.js';

/** How many units one comparison holds: two at least, ten at most (a chart beyond ten is unreadable). */
export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;
const UNITS_LIST = {
  vi: `Chọn từ ${MIN_COMPARED} đến ${MAX_COMPARED} đơn vị khác nhau`,
  en: `Choose ${MIN_COMPARED} to ${MAX_COMPARED} different units`,
};

export const CompareQuery = z.object({
  definition: z.enum(STORED_METHODS),
  units: z
    .string()
    .transform((s) => s.split(',').map((id) => (/^\d+$/.test(id) ? Number(id) : Number.NaN)))
    .refine(
      (ids) => ids.every((id) => id > 0) && ids.length >= MIN_COMPARED && ids.length <= MAX_COMPARED && new Set(ids).size === ids.length,
      {
        params: UNITS_LIST,
        message: UNITS_LIST.en,
      },
    )
    .openapi({ description: 'Unit ids, comma-separated (2 to 10)', example: '3,4,5' }),
  from: z.iso.date(),
  to: z.iso.date(),
});
export type CompareQuery = z.infer<typeof CompareQuery>;

/** A unit's figure for one part: value, interval, n and standard error. */
export const CompareValue = z
  .object({
    value: z.number().nullable(),
    interval: Interval.nullable(),
    n: z.number().nullable(),
    se: z.number().nullable(),
    lowN: z.boolean(),
  })
  .openapi('CompareValue');

export const Comparison = z
  .object({
    definition: MethodRef.pick({ id: true, title: true }),
    period: Period,
    units: z.array(UnitRef.extend({ provenance: Provenance })),
    rows: z.array(
      z.object({
        id: z.string(),
        label: Label,
        values: z.array(CompareValue).openapi({ description: 'One per unit, in the order of units' }),
        comparisons: Comparisons,
        differences: z.array(z.object({ higher: z.number(), lower: z.number() })).openapi({
          description: 'Every pair of units whose difference on this part is more than chance (unit ids), the family controlled',
        }),
        leader: z
          .object({
            unit: z.number().nullable(),
            lead: z.number().nullable().openapi({ description: 'Over the runner-up' }),
            significant: z.boolean().openapi({ description: 'The lead over the runner-up is among the differences' }),
          })
          .nullable(),
      }),
    ),
  })
  .openapi('Comparison');
