import { z } from '@hono/zod-openapi';
import { RATING_CHANNELS, UNIT_KINDS } from '../platform/vocabulary.js';

export const IsoDate = z.iso.date().openapi({ description: 'Calendar date in Vietnam time, YYYY-MM-DD (inclusive)' });

export const Unit = z
  .object({
    id: z.int(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    parentId: z.int().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    mergedIntoId: z.int().nullable(),
  })
  .openapi('Unit');

/** A unit as reports name it. */
export const UnitRef = Unit.pick({ id: true, code: true, name: true }).openapi('UnitRef');
export const Reach = z.enum(['subtree', 'unit']).openapi('Reach', {
  description:
    "What a unit's figure counts: subtree, the unit with every unit below it and those merged into it; unit, the unit and those merged into it alone (a unit's own staff never see the units below it)",
});

export const LevelCounts = z.object({ '1': z.int(), '2': z.int(), '3': z.int(), '4': z.int(), '5': z.int() });
export type LevelCounts = z.infer<typeof LevelCounts>;

export const RatingSummary = z
  .object({
    unit: UnitRef,
    from: IsoDate.nullable(),
    to: IsoDate.nullable(),
    total: z.int().openapi({ description: 'Counted ratings' }),
    notCounted: z.int().openapi({ description: 'Repeated kiosk taps inside the repeat window, stored but not counted' }),
    levels: LevelCounts,
    channels: z.record(z.enum(RATING_CHANNELS), z.object({ total: z.int(), levels: LevelCounts })),
  })
  .openapi('RatingSummary');

export const UnitParams = z.object({ id: z.coerce.number().int().positive() });
export const SummaryQuery = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });
