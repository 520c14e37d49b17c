import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { body, json, SESSION } from '../platform/openapi.js';
import { newRouter } from '../platform/router.js';
import {
  AppraisalInput,
  Assessment,
  AssessmentParams,
  AssessmentRow,
  AssessmentsQuery,
  AssessmentView,
  Evidence,
  EvidenceParams,
  EvidenceUpload,
  ItemParams,
  NewAssessment,
  ResultBlock,
  ResultsQuery,
  SelfAssessment,
  SurveyCounts,
  TransitionInput,
} from './schemas.js';
import {
  type Actor,
  appraise,
  assessmentView,
  attachEvidence,
  createAssessment,
  enterSurvey,
  listAssessments,
  readEvidence,
  results,
  selfAssess,
  transition,
} from './service.js';

const ERRORS = {
  401: errorResponse('Not signed in'),
  403: errorResponse('Not allowed'),
  404: errorResponse('Not found in your scope'),
  409: errorResponse('Wrong state'),
  422: errorResponse('Invalid fields'),
};
const SAVED = { 204: { description: 'Saved' }, ...ERRORS };

export const postAssessment = createRoute({
  operationId: 'postAssessment',
  security: SESSION,
  method: 'post',
  path: '/api/par-assessments',
  tags: ['par'],
  summary: 'Open a unit’s PAR self-assessment for a year, or (Home Affairs, after publication) a corrected version with a reason',
  request: body(NewAssessment),
  responses: { 201: json(Assessment, 'The new draft'), ...ERRORS },
});

export const listParAssessments = createRoute({
  operationId: 'listParAssessments',
  security: SESSION,
  method: 'get',
  path: '/api/par-assessments',
  tags: ['par'],
  summary: 'The PAR assessments of your units, every version, with the index as self-assessed and as appraised',
  request: { query: AssessmentsQuery },
  responses: { 200: json(z.array(AssessmentRow), 'Assessments, newest year first'), 401: ERRORS[401], 422: ERRORS[422] },
});

export const getAssessment = createRoute({
  operationId: 'getAssessment',
  security: SESSION,
  method: 'get',
  path: '/api/par-assessments/{id}',
  tags: ['par'],
  summary: 'An assessment with its items, who did what when, and the index as self-assessed and as appraised',
  request: { params: AssessmentParams },
  responses: { 200: json(AssessmentView, 'The assessment'), ...ERRORS },
});

export const putItem = createRoute({
  operationId: 'putItem',
  security: SESSION,
  method: 'put',
  path: '/api/par-assessments/{id}/items/{nodeId}',
  tags: ['par'],
  summary: 'Self-assess one sub-criterion (draft only): points within its maximum, or not applicable, with evidence',
  request: { params: ItemParams, ...body(SelfAssessment) },
  responses: SAVED,
});

export const postEvidence = createRoute({
  operationId: 'postEvidence',
  security: SESSION,
  method: 'post',
  path: '/api/par-assessments/{id}/items/{nodeId}/evidence',
  tags: ['par'],
  summary: 'Attach an evidence file (PDF, JPG/PNG, Word, Excel; 20 MB) to a self-assessed sub-criterion of a draft',
  middleware: [bodyLimit({ maxSize: 20 * 1024 * 1024 })] as const,
  request: { params: ItemParams, body: { required: true, content: { 'multipart/form-data': { schema: EvidenceUpload } } } },
  responses: { 201: json(Evidence, 'The evidence reference'), 413: errorResponse('File too large'), ...ERRORS },
});

export const getEvidence = createRoute({
  operationId: 'getEvidence',
  security: SESSION,
  method: 'get',
  path: '/api/par-assessments/{id}/evidence/{fileId}',
  tags: ['par'],
  summary: 'Download an evidence file cited by the assessment',
  request: { params: EvidenceParams },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...ERRORS,
  },
});

export const putSurvey = createRoute({
  operationId: 'putSurvey',
  security: SESSION,
  method: 'put',
  path: '/api/par-assessments/{id}/survey/{nodeId}',
  tags: ['par'],
  summary: 'Enter the sociological survey’s lettered answers for a survey-scored item (Home Affairs)',
  request: { params: ItemParams, ...body(SurveyCounts) },
  responses: SAVED,
});

export const putAppraisal = createRoute({
  operationId: 'putAppraisal',
  security: SESSION,
  method: 'put',
  path: '/api/par-assessments/{id}/appraisal/{nodeId}',
  tags: ['par'],
  summary: 'Appraise one item (Home Affairs): accept the unit’s score, or change it with a reason; bonus/penalty too',
  request: { params: ItemParams, ...body(AppraisalInput) },
  responses: SAVED,
});

export const postTransition = createRoute({
  operationId: 'postTransition',
  security: SESSION,
  method: 'post',
  path: '/api/par-assessments/{id}/transitions',
  tags: ['par'],
  summary: 'draft → submitted (the unit), submitted → appraised → published (Home Affairs)',
  request: { params: AssessmentParams, ...body(TransitionInput) },
  responses: { 200: json(Assessment, 'The assessment in its new state'), ...ERRORS },
});

export const getResults = createRoute({
  operationId: 'getResults',
  security: SESSION,
  method: 'get',
  path: '/api/par-results',
  tags: ['par'],
  summary: 'Published PAR results of a year in your scope: index, group, official rank and statistical tier within each block',
  request: { query: ResultsQuery },
  responses: {
    200: json(z.array(ResultBlock), 'Blocks of ranked units'),
    401: errorResponse('Not signed in'),
    422: errorResponse('Invalid query'),
  },
});

export function parRoutes(deps: AppDeps) {
  const app = newRouter();
  app.use('/api/par-assessments', requireUser(deps));
  app.use('/api/par-assessments/*', requireUser(deps));
  app.use('/api/par-results', requireUser(deps));
  const actor = (c: Context<AppEnv>): Actor => ({ user: c.get('user'), scope: c.get('scope') });

  app.openapi(postAssessment, async (c) => c.json(await createAssessment(deps, actor(c), c.req.valid('json')), 201));
  app.openapi(listParAssessments, async (c) => c.json(await listAssessments(deps, c.get('scope'), c.req.valid('query')), 200));
  app.openapi(getAssessment, async (c) => c.json(await assessmentView(deps, actor(c), c.req.valid('param').id), 200));
  app.openapi(putItem, async (c) => {
    const { id, nodeId } = c.req.valid('param');
    await selfAssess(deps, actor(c), id, nodeId, c.req.valid('json'));
    return c.body(null, 204);
  });
  app.openapi(postEvidence, async (c) => {
    const { id, nodeId } = c.req.valid('param');
    const { file } = c.req.valid('form');
    const evidence = await attachEvidence(deps, actor(c), id, nodeId, {
      name: file.name,
      type: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return c.json(evidence, 201);
  });
  app.openapi(getEvidence, async (c) => {
    const { id, fileId } = c.req.valid('param');
    const { bytes, type } = await readEvidence(deps, actor(c), id, fileId);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': type,
      'content-disposition': `attachment; filename="${fileId}"`,
    });
  });
  app.openapi(putSurvey, async (c) => {
    const { id, nodeId } = c.req.valid('param');
    await enterSurvey(deps, actor(c), id, nodeId, c.req.valid('json').counts);
    return c.body(null, 204);
  });
  app.openapi(putAppraisal, async (c) => {
    const { id, nodeId } = c.req.valid('param');
    await appraise(deps, actor(c), id, nodeId, c.req.valid('json'));
    return c.body(null, 204);
  });
  app.openapi(postTransition, async (c) => {
    const { to, override } = c.req.valid('json');
    return c.json(await transition(deps, actor(c), c.req.valid('param').id, to, override), 200);
  });
  app.openapi(getResults, async (c) => {
    const q = c.req.valid('query');
    return c.json(await results(deps, c.get('scope'), q.year, q.definitionId), 200);
  });
  return app;
}
