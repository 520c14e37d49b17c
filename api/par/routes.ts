import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DEFINITIONS } from '../../engine/index.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { newRouter } from '../platform/router.js';
import {
  type Actor,
  appraise,
  attachEvidence,
  createAssessment,
  enterSurvey,
  loadAssessment,
  readEvidence,
  results,
  scoreAssessment,
  selfAssess,
  transition,
} from './service.js';

const PAR_IDS = DEFINITIONS.filter((d) => d.id.startsWith('par-')).map((d) => d.id) as [string, ...string[]];
const Id = z.object({ id: z.coerce.number().int().positive() });
const IdNode = Id.extend({ nodeId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });
const anyJson = (description: string) => ({ description, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } });
const ERRORS = {
  401: errorResponse('Not signed in'),
  403: errorResponse('Not allowed'),
  404: errorResponse('Not found in your scope'),
  409: errorResponse('Wrong state'),
  422: errorResponse('Invalid fields'),
};
const nfc = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s.normalize('NFC'));
const Evidence = z
  .strictObject({ document: nfc(200).optional(), date: z.iso.date().optional(), link: z.url().optional(), file: nfc(300).optional() })
  .openapi({ description: 'Document number, date, link or uploaded file name' });

export function parRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/par-assessments', requireUser(deps));
  app.use('/api/par-assessments/*', requireUser(deps));
  app.use('/api/par-results', requireUser(deps));
  const actor = (c: Context<AppEnv>): Actor => ({ user: c.get('user'), scope: c.get('scope') });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/par-assessments',
      tags: ['par'],
      summary: 'Open a unit’s PAR self-assessment for a year, or (Home Affairs, after publication) a corrected version with a reason',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                unitId: z.int().positive(),
                year: z.int().min(2017).max(2100),
                definitionId: z.enum(PAR_IDS),
                correctionReason: nfc(2000).optional(),
              }),
            },
          },
        },
      },
      responses: { 201: anyJson('The new draft'), ...ERRORS },
    }),
    async (c) => {
      const created = await createAssessment(deps, actor(c), c.req.valid('json'));
      return c.json(created as unknown as Record<string, unknown>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/par-assessments/{id}',
      tags: ['par'],
      summary: 'An assessment with its items, who did what when, and the index as self-assessed and as appraised',
      request: { params: Id },
      responses: { 200: anyJson('The assessment'), ...ERRORS },
    }),
    async (c) => {
      const { assessment, definition, items } = await loadAssessment(deps, actor(c), c.req.valid('param').id);
      const self = await scoreAssessment(deps, assessment, definition, items, 'self');
      const appraised = assessment.state === 'draft' ? null : await scoreAssessment(deps, assessment, definition, items, 'appraised');
      return c.json({ assessment, items, self, appraised } as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/par-assessments/{id}/items/{nodeId}',
      tags: ['par'],
      summary: 'Self-assess one sub-criterion (draft only): points within its maximum, or not applicable, with evidence',
      request: {
        params: IdNode,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                points: z.number().min(0).optional(),
                notApplicable: z.boolean().default(false),
                evidence: Evidence.optional(),
                note: nfc(2000).optional(),
              }),
            },
          },
        },
      },
      responses: { 204: { description: 'Saved' }, ...ERRORS },
    }),
    async (c) => {
      const { id, nodeId } = c.req.valid('param');
      await selfAssess(deps, actor(c), id, nodeId, c.req.valid('json'));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/par-assessments/{id}/items/{nodeId}/evidence',
      tags: ['par'],
      summary: 'Attach an evidence file (PDF, JPG/PNG, Word, Excel; 20 MB) to a self-assessed sub-criterion of a draft',
      middleware: [bodyLimit({ maxSize: 20 * 1024 * 1024 })] as const,
      request: {
        params: IdNode,
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({
                file: z
                  .custom<File>((v) => v instanceof File, { message: 'a file is required' })
                  .openapi({ type: 'string', format: 'binary' }),
              }),
            },
          },
        },
      },
      responses: { 201: anyJson('The evidence reference'), 413: errorResponse('File too large'), ...ERRORS },
    }),
    async (c) => {
      const { id, nodeId } = c.req.valid('param');
      const { file } = c.req.valid('form');
      const evidence = await attachEvidence(deps, actor(c), id, nodeId, {
        name: file.name,
        type: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      return c.json(evidence as Record<string, unknown>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/par-assessments/{id}/evidence/{fileId}',
      tags: ['par'],
      summary: 'Download an evidence file cited by the assessment',
      request: { params: Id.extend({ fileId: z.string().max(80) }) },
      responses: {
        200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
        ...ERRORS,
      },
    }),
    async (c) => {
      const { id, fileId } = c.req.valid('param');
      const { bytes, type } = await readEvidence(deps, actor(c), id, fileId);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': type,
        'content-disposition': `attachment; filename="${fileId}"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/par-assessments/{id}/survey/{nodeId}',
      tags: ['par'],
      summary: 'Enter the sociological survey’s lettered answers for a survey-scored item (Home Affairs)',
      request: {
        params: IdNode,
        body: {
          required: true,
          content: { 'application/json': { schema: z.strictObject({ counts: z.record(z.string(), z.int().min(0)) }) } },
        },
      },
      responses: { 204: { description: 'Saved' }, ...ERRORS },
    }),
    async (c) => {
      const { id, nodeId } = c.req.valid('param');
      await enterSurvey(deps, actor(c), id, nodeId, c.req.valid('json').counts);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/par-assessments/{id}/appraisal/{nodeId}',
      tags: ['par'],
      summary: 'Appraise one item (Home Affairs): accept the unit’s score, or change it with a reason; bonus/penalty too',
      request: {
        params: IdNode,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                decision: z.enum(['accept', 'change']),
                points: z.number().optional(),
                reason: nfc(2000).optional(),
              }),
            },
          },
        },
      },
      responses: { 204: { description: 'Saved' }, ...ERRORS },
    }),
    async (c) => {
      const { id, nodeId } = c.req.valid('param');
      await appraise(deps, actor(c), id, nodeId, c.req.valid('json'));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/par-assessments/{id}/transitions',
      tags: ['par'],
      summary: 'draft → submitted (the unit), submitted → appraised → published (Home Affairs)',
      request: {
        params: Id,
        body: {
          required: true,
          content: { 'application/json': { schema: z.strictObject({ to: z.enum(['submitted', 'appraised', 'published']) }) } },
        },
      },
      responses: { 200: anyJson('The assessment in its new state'), ...ERRORS },
    }),
    async (c) =>
      c.json(
        (await transition(deps, actor(c), c.req.valid('param').id, c.req.valid('json').to)) as unknown as Record<string, unknown>,
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/par-results',
      tags: ['par'],
      summary: 'Published PAR results of a year in your scope: index, group, official rank and statistical tier within each block',
      request: { query: z.object({ year: z.coerce.number().int().min(2017).max(2100), definitionId: z.enum(PAR_IDS) }) },
      responses: {
        200: {
          description: 'Blocks of ranked units',
          content: { 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } },
        },
        401: errorResponse('Not signed in'),
        422: errorResponse('Invalid query'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json((await results(deps, c.get('scope'), q.year, q.definitionId)) as unknown as Record<string, unknown>[], 200);
    },
  );
  return app;
}
