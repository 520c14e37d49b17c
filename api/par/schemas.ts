import { z } from '@hono/zod-openapi';
import { Comparisons, Computation, DEFINITIONS, Definition, Headline, Provenance, Tier } from '../../engine/index.js';
import { UnconfirmedRule } from '../methods/schemas.js';
import { nfcText } from '../platform/fields.js';
import { PAR_STATES, UNIT_KINDS } from '../platform/vocabulary.js';
import { UnitRef } from '../units/schemas.js';

/** Who fills in a unit's self-assessment (leaders read only). */
export const PAR_ENTRANTS = ['admin', 'home_affairs', 'unit_staff'] as const;
/** Who enters survey answers, appraises and publishes. */
export const PAR_APPRAISERS = ['admin', 'home_affairs'] as const;

export const PAR_IDS = DEFINITIONS.filter((d) => d.id.startsWith('par-')).map((d) => d.id) as [string, ...string[]];

export const AssessmentParams = z.object({ id: z.coerce.number().int().positive() });
export const ItemParams = AssessmentParams.extend({ nodeId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });
export const EvidenceParams = AssessmentParams.extend({ fileId: z.string().max(80) });

const nfc = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s.normalize('NFC'));

export const EvidenceInput = z
  .strictObject({ document: nfc(200).optional(), date: z.iso.date().optional(), link: z.url().optional(), file: nfc(300).optional() })
  .openapi({ description: 'Document number, date, link or uploaded file name' });

/** Evidence as stored with an item: what was typed, and the uploaded file's name and id. */
export const Evidence = z
  .object({
    document: z.string().optional(),
    date: z.string().optional(),
    link: z.string().optional(),
    file: z.string().optional(),
    fileId: z.string().optional().openapi({ description: 'Download at /api/par-assessments/{id}/evidence/{fileId}' }),
  })
  .openapi('ParEvidence');

export const NewAssessment = z.strictObject({
  unitId: z.int().positive(),
  year: z.int().min(2017).max(2100),
  definitionId: z.enum(PAR_IDS),
  correctionReason: nfc(2000).optional(),
});

export const SelfAssessment = z.strictObject({
  points: z.number().min(0).optional(),
  notApplicable: z.boolean().default(false),
  evidence: EvidenceInput.optional(),
  note: nfc(2000).optional(),
});

export const EvidenceUpload = z.object({
  file: z.custom<File>((v) => v instanceof File, { message: 'a file is required' }).openapi({ type: 'string', format: 'binary' }),
});

export const SurveyCounts = z.strictObject({ counts: z.record(z.string(), z.int().min(0)) });

export const AppraisalInput = z.strictObject({
  decision: z.enum(['accept', 'change']),
  points: z.number().optional(),
  reason: nfc(2000).optional(),
});

export const TransitionInput = z.strictObject({
  to: z.enum(['submitted', 'appraised', 'published']),
  override: nfcText(2000, 10)
    .optional()
    .openapi({ description: 'Publishing with survey items unanswered: Home Affairs’ reason, recorded and printed with the results' }),
});

export const AssessmentsQuery = z.object({
  year: z.coerce.number().int().min(2017).max(2100).optional(),
  state: z.enum(PAR_STATES).optional(),
  unit: z.coerce.number().int().positive().optional(),
});

export const ResultsQuery = z.object({ year: z.coerce.number().int().min(2017).max(2100), definitionId: z.enum(PAR_IDS) });

const at = z.iso.datetime().nullable();
export const Assessment = z
  .object({
    id: z.int(),
    unitId: z.int(),
    year: z.int(),
    definitionId: z.string(),
    version: z.int(),
    state: z.enum(PAR_STATES),
    correctionReason: z.string().nullable(),
    createdBy: z.int(),
    createdAt: z.iso.datetime(),
    submittedBy: z.int().nullable(),
    submittedAt: at,
    appraisedBy: z.int().nullable(),
    appraisedAt: at,
    publishedBy: z.int().nullable(),
    publishedAt: at,
    publishOverride: z.string().nullable().openapi({ description: 'Why it was published with survey items unanswered' }),
  })
  .openapi('ParAssessment');

export const AssessmentRow = Assessment.extend({
  unit: UnitRef,
  selfIndex: z.number().nullable().openapi({ description: 'The index as the unit scored itself, rounded as the method publishes' }),
  appraisedIndex: z.number().nullable().openapi({ description: 'The index as appraised (none until the appraisal is finished)' }),
}).openapi('ParAssessmentRow');

export const Item = z
  .object({
    assessmentId: z.int(),
    nodeId: z.string(),
    selfPoints: z.number().nullable(),
    notApplicable: z.boolean(),
    evidence: Evidence.nullable(),
    note: z.string().nullable(),
    surveyCounts: z.record(z.string(), z.int()).nullable().openapi({ description: 'Lettered survey answers (A/B/C/D…) and their counts' }),
    appraisedPoints: z.number().nullable(),
    appraisalReason: z.string().nullable(),
    appraisedBy: z.int().nullable(),
  })
  .openapi('ParItem');

export const AssessmentView = z
  .object({
    assessment: Assessment,
    items: z.array(Item),
    self: Computation.meta({ description: 'The index as the unit scored itself' }),
    appraised: Computation.nullable().meta({ description: 'The index as appraised (none while a draft)' }),
    unconfirmed: z.array(UnconfirmedRule),
  })
  .openapi('ParAssessmentView');

const Card = z.object({
  id: z.string(),
  label: z.object({ vi: z.string(), en: z.string() }),
  value: z.number().nullable(),
  max: z.number(),
});

export const ResultBlock = z
  .object({
    block: z.enum(UNIT_KINDS).openapi({ description: 'Units are ranked within their kind (departments apart from communes)' }),
    comparisons: Comparisons,
    tieBreak: Definition.shape.options.shape.tieBreak.unwrap(),
    unconfirmed: z.array(UnconfirmedRule),
    units: z.array(
      z.object({
        unit: UnitRef.extend({ kind: z.enum(UNIT_KINDS) }),
        assessmentId: z.int(),
        version: z.int(),
        publishOverride: z.string().nullable().openapi({ description: 'Published with survey items unanswered: the reason' }),
        index: Headline.shape.value,
        published: Headline.shape.published,
        group: Headline.shape.band,
        appraisalPoints: Card.nullable(),
        surveyPoints: Card.nullable(),
        rank: z.number().nullable(),
        tier: Tier.nullable(),
        provenance: Provenance,
      }),
    ),
  })
  .openapi('ParResultBlock');
