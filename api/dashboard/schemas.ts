import { z } from '@hono/zod-openapi';
import { Change, DesignSummary, Headline, Interval, Label, Provenance } from '../../engine/index.js';
import { Alert } from '../alerts/schemas.js';
import { Period, SurveyCoverage } from '../indices/schemas.js';
import { RATING_CHANNELS, REASON_CODES, UNIT_KINDS } from '../platform/vocabulary.js';
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

/** What each dashboard table is called: the worksheet's name and the CSV link's label. */
export const DASHBOARD_TABLE_LABELS: Record<(typeof DASHBOARD_TABLES)[number], { vi: string; en: string }> = {
  summary: { vi: 'Tổng hợp', en: 'Summary' },
  trend: { vi: 'Diễn biến', en: 'Trend' },
  channels: { vi: 'Theo kênh', en: 'By channel' },
  counters: { vi: 'Theo quầy', en: 'By counter' },
  hours: { vi: 'Theo giờ', en: 'By hour' },
  reasons: { vi: 'Lý do', en: 'Reasons' },
  comments: { vi: 'Góp ý', en: 'Comments' },
  service: { vi: 'QĐ 766', en: 'QĐ 766' },
  elements: { vi: 'SIPAS yếu tố', en: 'SIPAS elements' },
  criteria: { vi: 'SIPAS tiêu chí', en: 'SIPAS criteria' },
};

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
    countersShown: z.boolean().openapi({
      description: "false for a figure of more units than a province: its thousands of counters are listed on each province's dashboard",
    }),
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
    below: z
      .array(
        z.object({
          unit: UnitRef.extend({ kind: z.enum(UNIT_KINDS) }),
          value: z.number().nullable(),
          interval: Interval.nullable(),
          n: z.number().nullable(),
          lowN: z.boolean(),
          coverage: z.number().nullable().openapi({ description: 'Ratings ÷ dossiers received' }),
          previous: z.number().nullable(),
          change: Change.nullable(),
        }),
      )
      .openapi({ description: 'The units directly below, in Vietnamese order: tap rating, coverage, change from the previous period' }),
    alerts: z.array(Alert),
  })
  .openapi('Dashboard');
