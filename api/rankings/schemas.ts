import { z } from '@hono/zod-openapi';
import { Change, Comparisons, Definition, Headline, Label, Provenance, Tier } from '../../engine/index.js';
import { MethodRef, Period, STORED_METHODS } from '../indices/schemas.js';
import { UnconfirmedRule } from '../methods/schemas.js';
import { BELOW_KINDS, RANKING_BLOCKS, UNIT_KINDS } from '../platform/vocabulary.js';
import { UnitRef } from '../units/schemas.js';

export const RankingQuery = z.object({
  definition: z.enum(STORED_METHODS),
  parent: z.coerce.number().int().positive().openapi({ description: 'Rank the units directly below this one' }),
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z.enum(BELOW_KINDS).optional().openapi({
    description:
      'Rank every unit of this kind below the parent (all wards of a province; commune_level: every ward, commune and special zone) instead of its direct children',
  }),
  together: z
    .enum(['true', 'false'])
    .default('false')
    .openapi({ description: 'true: rank departments, districts and the commune level in one block (by default each is ranked apart)' }),
});
export type RankingQuery = z.infer<typeof RankingQuery>;

export const RankingRow = z
  .object({
    unit: UnitRef.extend({ kind: z.enum(UNIT_KINDS) }),
    value: Headline.shape.value,
    interval: Headline.shape.interval,
    n: Headline.shape.n,
    band: Headline.shape.band,
    lowN: Headline.shape.lowN,
    se: Headline.shape.se,
    provenance: Provenance,
    previous: z.number().nullable().openapi({ description: 'The figure of the previous period' }),
    change: Change.nullable(),
    rank: z.number().nullable().openapi({ description: 'Official rank: on unrounded values, ties as the method says' }),
    tier: Tier.nullable(),
  })
  .openapi('RankingRow');

export const RankingBlock = z
  .object({
    block: z.enum(RANKING_BLOCKS),
    label: Label,
    comparisons: Comparisons,
    rows: z.array(RankingRow),
  })
  .openapi('RankingBlock', {
    description: 'Units ranked together: departments, districts and the commune level each apart unless asked together',
  });

export const Ranking = z
  .object({
    definition: MethodRef.pick({ id: true, title: true, notSipas: true }),
    parent: UnitRef,
    period: Period,
    previousPeriod: Period,
    unconfirmed: z.array(UnconfirmedRule),
    tieBreak: Definition.shape.options.shape.tieBreak.unwrap().meta({
      description: "Equal unrounded values: the same rank ('shared') or consecutive ranks by name in Vietnamese order ('name')",
    }),
    blocks: z.array(RankingBlock),
  })
  .openapi('Ranking');
