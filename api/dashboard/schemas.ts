import { z } from '@hono/zod-openapi';

export const TREND_STEPS = ['month', 'quarter', 'year'] as const;
/** Every table of the dashboard, as the page shows them. */
export const DASHBOARD_TABLES = [
  'summary',
  'trend',
  'channels',
  'counters',
  'hours',
  'reasons',
  'comments',
  'service',
  'elements',
  'criteria',
] as const;

export const DashboardQuery = z.object({
  unit: z.coerce.number().int().positive().openapi({ description: 'The unit (with the units below it and those merged into it)' }),
  from: z.iso.date(),
  to: z.iso.date(),
  trend: z.enum(TREND_STEPS).default('month').openapi({ description: 'Trend by month, quarter or year' }),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const DashboardTableQuery = DashboardQuery.extend({ table: z.enum(DASHBOARD_TABLES) });
