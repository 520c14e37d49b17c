import { z } from '@hono/zod-openapi';
import { STORED_METHODS } from '../indices/schemas.js';
import { BELOW_KINDS } from '../platform/vocabulary.js';

export const ReportQuery = z.object({
  definition: z.enum(STORED_METHODS),
  unit: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ description: 'The unit reported on (for units.pdf: the parent whose units are reported)' }),
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z.enum(BELOW_KINDS).optional().openapi({
    description: 'units.pdf: every unit of this kind (or the whole commune level) below the unit, instead of its direct children',
  }),
  together: z
    .enum(['true', 'false'])
    .default('false')
    .openapi({ description: 'units.pdf: rank departments and communes in one block (by default each kind apart)' }),
  lang: z.enum(['vi', 'en']).default('vi').openapi({ description: 'The report’s language: Vietnamese, or English on request' }),
});
export type ReportQuery = z.infer<typeof ReportQuery>;
