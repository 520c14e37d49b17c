import { z } from '@hono/zod-openapi';
import { DesignSummary, Headline, Interval, Label, Provenance } from '../../engine/index.js';
import { Alert } from '../alerts/schemas.js';
import { Period, SurveyCoverage } from '../indices/schemas.js';
import { RATING_CHANNELS, REASON_CODES } from '../platform/vocabulary.js';
import { Reach, UnitRef } from '../units/schemas.js';

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

/** A share as the dashboard shows it: value, interval, n and whether n is below the method's minimum. */
const Figure = z.object({
  value: Headline.shape.value,
  interval: Headline.shape.interval,
  n: z.number(),
  lowN: Headline.shape.lowN,
});

/** A node of a method as the dashboard lists it (an element, a criterion, a QĐ 766 component). */
const NodeFigure = z.object({
  id: z.string(),
  label: Label,
  value: z.number().nullable(),
  interval: Interval.nullable(),
  n: z.number().nullable(),
  lowN: z.boolean(),
  max: z.number().nullable(),
});

export const Dashboard = z
  .object({
    unit: UnitRef,
    reach: Reach,
    period: Period,
    tap: Figure.extend({ definition: z.string(), provenance: Provenance }),
    coverage: z.object({
      ratings: z.number(),
      dossiers: z.number().openapi({ description: 'Dossiers received in the period' }),
      share: z.number().nullable().openapi({ description: 'Ratings ÷ dossiers' }),
    }),
    trend: z.array(Figure.extend({ period: z.string().openapi({ description: 'YYYY-MM, YYYY-Qn or YYYY' }) })),
    channels: z.array(Figure.extend({ channel: z.enum(RATING_CHANNELS) })),
    counters: z.array(Figure.extend({ id: z.number(), name: z.string() })),
    heat: z.array(
      z.object({
        weekday: z.number().openapi({ description: '0 = Monday' }),
        hour: z.number(),
        n: z.number(),
        value: z.number().nullable(),
      }),
    ),
    reasons: z.array(z.object({ code: z.enum(REASON_CODES), label: Label, count: z.number() })),
    comments: z.array(
      z.object({
        at: Label.meta({ description: 'The day; the time too only when the citizen left a number for a call back' }),
        level: z.number(),
        text: z.string(),
        channel: z.enum(RATING_CHANNELS),
      }),
    ),
    service: z.object({
      definition: z.string(),
      headline: Headline,
      measured: z
        .object({ measured: z.number(), applicable: z.number() })
        .openapi({ description: 'Sub-indicators with a figure from the stored dossiers, of those that apply; no band unless all are' }),
      components: z.array(NodeFigure.extend({ percent: z.number().nullable() })),
    }),
    sipas: z.object({
      definition: z.string(),
      headline: Headline,
      survey: SurveyCoverage.nullable(),
      design: DesignSummary.nullable(),
      elements: z.array(NodeFigure),
      criteria: z.array(NodeFigure).openapi({ description: 'Weakest first' }),
    }),
    alerts: z.array(Alert),
  })
  .openapi('Dashboard');
