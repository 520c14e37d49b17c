import { z } from '@hono/zod-openapi';
import { STORED_METHODS } from '../indices/service.js';
import { UNIT_KINDS } from '../platform/vocabulary.js';

export const RankingQuery = z.object({
  definition: z.enum(STORED_METHODS),
  parent: z.coerce.number().int().positive().openapi({ description: 'Rank the units directly below this one' }),
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z
    .enum(UNIT_KINDS)
    .optional()
    .openapi({ description: 'Rank every unit of this kind below the parent (all wards of a province) instead of its direct children' }),
});
export type RankingQuery = z.infer<typeof RankingQuery>;
