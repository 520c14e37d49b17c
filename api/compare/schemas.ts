import { z } from '@hono/zod-openapi';
import { STORED_METHODS } from '../indices/service.js';

const UNITS_LIST = { vi: 'Chọn từ 2 đến 10 đơn vị khác nhau', en: 'Choose 2 to 10 different units' };

export const CompareQuery = z.object({
  definition: z.enum(STORED_METHODS),
  units: z
    .string()
    .transform((s) => s.split(',').map((id) => (/^\d+$/.test(id) ? Number(id) : Number.NaN)))
    .refine((ids) => ids.every((id) => id > 0) && ids.length >= 2 && ids.length <= 10 && new Set(ids).size === ids.length, {
      params: UNITS_LIST,
      message: UNITS_LIST.en,
    })
    .openapi({ description: 'Unit ids, comma-separated (2 to 10)', example: '3,4,5' }),
  from: z.iso.date(),
  to: z.iso.date(),
});
export type CompareQuery = z.infer<typeof CompareQuery>;
