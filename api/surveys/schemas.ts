import { z } from '@hono/zod-openapi';

export const WaveParams = z.object({ id: z.coerce.number().int().positive().openapi({ description: 'The survey wave' }) });
export const WaveUnitQuery = z.object({ unit: z.coerce.number().int().positive().openapi({ description: 'One unit of the wave' }) });
