import { z } from '@hono/zod-openapi';
import { codeText, nfcText } from '../platform/fields.js';
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

/** Who creates, edits and merges units, their counters and kiosks (within their scope; top-level units: admins). */
export const UNIT_KEEPERS = ['admin', 'home_affairs'] as const;

const unitFields = {
  code: codeText(32),
  name: nfcText(200),
  kind: z.enum(UNIT_KINDS),
  parentId: z.int().positive().nullable(),
  validFrom: z.iso.date().openapi({ description: 'First day the unit exists (Vietnam time)' }),
  validTo: z.iso.date().nullable().openapi({ description: 'First day it no longer exists; null: it still does' }),
};
export const UnitInput = z.strictObject({ ...unitFields, validTo: unitFields.validTo.default(null) }).openapi('UnitInput');
export type UnitInput = z.infer<typeof UnitInput>;
export const UnitPatch = z
  .strictObject(unitFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { params: { vi: 'Không có gì để sửa', en: 'Nothing to change' } })
  .openapi('UnitPatch');
export type UnitPatch = z.infer<typeof UnitPatch>;

export const MergeInput = z
  .strictObject({
    intoId: z.int().positive().openapi({ description: 'The unit it becomes part of' }),
    on: z.iso.date().openapi({ description: 'The day of the merger: the unit ends the day before' }),
  })
  .openapi('MergeInput');
export type MergeInput = z.infer<typeof MergeInput>;

export const Counter = z.object({ id: z.int(), unitId: z.int(), code: z.string(), name: z.string() }).openapi('Counter');
const counterFields = { code: codeText(16), name: nfcText(200) };
export const CounterInput = z.strictObject(counterFields).openapi('CounterInput');
export type CounterInput = z.infer<typeof CounterInput>;
export const CounterPatch = z
  .strictObject(counterFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { params: { vi: 'Không có gì để sửa', en: 'Nothing to change' } })
  .openapi('CounterPatch');
export type CounterPatch = z.infer<typeof CounterPatch>;
