import { z } from '@hono/zod-openapi';
import { DEFINITIONS } from '../../engine/index.js';
import { RESPONDENT_STATUSES } from '../platform/db/schema.js';
import { nfcText } from '../platform/fields.js';
import { WAVE_STATUSES } from '../platform/vocabulary.js';
import { surveyable } from './questionnaire.js';

/** Who enters and collects survey forms. */
export const SURVEY_STAFF = ['admin', 'home_affairs', 'unit_staff'] as const;
/** Who creates a wave and ends its fieldwork. */
export const WAVE_MANAGERS = ['admin', 'home_affairs'] as const;

export const WaveParams = z.object({ id: z.coerce.number().int().positive().openapi({ description: 'The survey wave' }) });
export const WaveUnitQuery = z.object({ unit: z.coerce.number().int().positive().openapi({ description: 'One unit of the wave' }) });

/** Methods with a questionnaire: SIPAS statements, or a PAR method's survey-scored items. */
export const SURVEYABLE = DEFINITIONS.filter(surveyable).map((d) => d.id) as [string, ...string[]];

export const NewWave = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .transform((s) => s.normalize('NFC')),
    definitionId: z.enum(SURVEYABLE),
    from: z.iso.date(),
    to: z.iso.date(),
    unitIds: z.array(z.int().positive()).min(1).max(5000),
    marginOfError: z
      .number()
      .gt(0)
      .max(0.5)
      .default(0.05)
      .openapi({ description: 'Target half-width of a unit’s 95% interval, as a fraction' }),
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    expectedShare: z.number().gt(0).lt(1).default(0.5).openapi({ description: 'Expected satisfied share; 0.5 is the safest' }),
    reserveRate: z.number().min(0).max(2).default(0.3).openapi({ description: 'Reserve list as a share of the sample' }),
    designEffect: z.number().min(1).max(20).default(1).openapi({
      description:
        'The design effect expected when villages or communes are drawn first (1: respondents drawn one by one); multiplies the sample',
    }),
    seed: z.int().min(0).max(2_147_483_646).optional().openapi({ description: 'Give it to redraw exactly the same sample' }),
    doubleEntry: z.boolean().default(false),
    populations: z
      .record(z.string(), z.int().min(0))
      .optional()
      .openapi({ description: 'unitId → households, where the frame is not the dossiers' }),
  })
  .openapi('NewSurveyWave');
export type WaveInput = z.infer<typeof NewWave>;

export const Answers = z.record(z.string(), z.union([z.int(), z.string(), z.array(z.string()), z.null()]));
export type Answers = z.infer<typeof Answers>;

export const LinksBody = z.strictObject({ unit: z.int().positive() });
export const SelfCompletion = z.strictObject({ token: z.string().min(16).max(128), answers: Answers }).openapi('SelfCompletion');
export const FormParams = WaveParams.extend({ code: z.string().min(1).max(64).openapi({ description: 'The code printed on the form' }) });
export const FormToEnter = z
  .object({ code: z.string(), unitId: z.int(), entries: z.int().openapi({ description: 'Entries made so far (double entry)' }) })
  .openapi('SurveyFormToEnter');

/** Where a form was drawn, when the survey's design says more than "one of the wave's unit's dossiers". */
export const FormDesign = z.strictObject({
  stratum: nfcText(64).optional().openapi({ description: 'The stratum it was drawn in, when not the wave’s unit (e.g. a province)' }),
  cluster: nfcText(64)
    .optional()
    .openapi({ description: 'The cluster drawn first (village, commune); intervals then follow the clustering' }),
});
export type FormDesign = z.infer<typeof FormDesign>;

export const SurveyResponse = z
  .strictObject({ code: z.string().min(1).max(64), answers: Answers, reconcile: z.boolean().default(false), ...FormDesign.shape })
  .openapi('SurveyResponse');

export const Wave = z
  .object({
    id: z.int(),
    name: z.string(),
    definitionId: z.string(),
    periodFrom: z.iso.date(),
    periodTo: z.iso.date(),
    marginOfError: z.number(),
    confidence: z.number(),
    expectedShare: z.number(),
    reserveRate: z.number(),
    designEffect: z.number(),
    seed: z.int(),
    doubleEntry: z.boolean(),
    status: z.enum(WAVE_STATUSES),
    createdBy: z.int().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('SurveyWave');

const UnitPlan = z.object({ unitId: z.int(), population: z.int(), planned: z.int(), reserve: z.int() });

export const WaveCreated = z.object({ wave: Wave, plan: z.array(UnitPlan) }).openapi('SurveyWaveCreated');

export const WaveStatus = Wave.extend({
  units: z.array(
    UnitPlan.extend({
      waveId: z.int(),
      unitName: z.string(),
      completed: z.int(),
      responseRate: z.number().nullable().openapi({ description: 'Main sample completed ÷ planned' }),
      coverage: z.number().nullable().openapi({ description: 'Every completed form, reserve included, ÷ planned' }),
    }),
  ),
}).openapi('SurveyWaveStatus');

export const Respondent = z
  .object({ code: z.string(), transactionId: z.int().nullable(), reserve: z.boolean(), status: z.enum(RESPONDENT_STATUSES) })
  .openapi('SurveyRespondent');

export const HouseholdLink = z.object({ code: z.string(), url: z.url() }).openapi('SurveyHouseholdLink');

export const EntryResult = z
  .object({
    code: z.string(),
    status: z.enum(['completed', 'awaiting_second_entry', 'entries_differ']),
    entry: z.int().openapi({ description: 'Which entry of the form this was (1 or 2)' }),
    differences: z.array(z.string()).optional().openapi({ description: 'Items the two entries differ on' }),
  })
  .openapi('SurveyEntryResult');

export const SelfCompleted = z.object({ code: z.string(), status: z.literal('completed') }).openapi('SurveySelfCompleted');
