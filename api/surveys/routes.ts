import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps, AppEnv } from '../platform/context.js';
import { errorResponse } from '../platform/errors.js';
import { json, PUBLIC, SESSION } from '../platform/openapi.js';
import { clientIp, publicBase } from '../platform/proxy.js';
import { RateLimiter, tooManyRequests } from '../platform/rate-limit.js';
import { newRouter } from '../platform/router.js';
import {
  EntryResult,
  FormParams,
  FormToEnter,
  HouseholdLink,
  LinksBody,
  NewWave,
  Respondent,
  SelfCompleted,
  SelfCompletion,
  SURVEY_STAFF,
  SurveyResponse,
  WAVE_MANAGERS,
  Wave,
  WaveCreated,
  WaveParams,
  WaveStatus,
  WaveUnitQuery,
} from './schemas.js';
import {
  closeWave,
  createWave,
  enterResponse,
  formsPdf,
  formToEnter,
  issueLinks,
  respondentsOf,
  selfComplete,
  waveStatus,
} from './service.js';

const STAFF = requireRole(...SURVEY_STAFF);
/** Who acts, for the audit log, and the units they may act on. */
const actor = (c: Context<AppEnv>) => ({ userId: c.get('user').id, scope: c.get('scope') });

export const postWave = createRoute({
  operationId: 'postWave',
  security: SESSION,
  method: 'post',
  path: '/api/survey-waves',
  tags: ['surveys'],
  summary:
    'Create a survey wave (SIPAS, or a PAR method’s sociological survey): sample size per unit (finite-population correction) and a seeded draw with a reserve list',
  middleware: [requireRole(...WAVE_MANAGERS)] as const,
  request: { body: { required: true, content: { 'application/json': { schema: NewWave } } } },
  responses: {
    201: json(WaveCreated, 'Created with its plan'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    422: errorResponse('Invalid fields'),
  },
});

export const getWave = createRoute({
  operationId: 'getWave',
  security: SESSION,
  method: 'get',
  path: '/api/survey-waves/{id}',
  tags: ['surveys'],
  summary: 'A wave with, per unit in your scope, population, sample, reserve, completed forms and response rate',
  request: { params: WaveParams },
  responses: { 200: json(WaveStatus, 'The wave'), 401: errorResponse('Not signed in'), 404: errorResponse('No such wave') },
});

export const getRespondents = createRoute({
  operationId: 'getRespondents',
  security: SESSION,
  method: 'get',
  path: '/api/survey-waves/{id}/respondents',
  tags: ['surveys'],
  summary: 'The drawn forms of a unit: codes to print, the sampled dossier, reserve or not, status',
  middleware: [STAFF] as const,
  request: { params: WaveParams, query: WaveUnitQuery },
  responses: { 200: json(z.array(Respondent), 'Forms'), 401: errorResponse('Not signed in'), 403: errorResponse('Out of scope') },
});

export const postLinks = createRoute({
  operationId: 'postLinks',
  security: SESSION,
  method: 'post',
  path: '/api/survey-waves/{id}/links',
  tags: ['surveys'],
  summary: 'Secret links for a unit’s forms not yet answered, for households to answer on their own phones (shown once)',
  middleware: [STAFF] as const,
  request: { params: WaveParams, body: { required: true, content: { 'application/json': { schema: LinksBody } } } },
  responses: { 201: json(z.array(HouseholdLink), 'The links'), 401: errorResponse('Not signed in'), 403: errorResponse('Out of scope') },
});

export const postSelfCompletion = createRoute({
  operationId: 'postSelfCompletion',
  security: PUBLIC,
  method: 'post',
  path: '/api/survey-self',
  tags: ['surveys'],
  summary: 'A household answers its form through its secret link (public, rate-limited per address)',
  request: { body: { required: true, content: { 'application/json': { schema: SelfCompletion } } } },
  responses: {
    200: json(SelfCompleted, 'Completed'),
    404: errorResponse('Unknown link'),
    409: errorResponse('Already answered, or the wave is closed'),
    422: errorResponse('Invalid answers'),
    429: errorResponse('Too many requests'),
  },
});

export const getFormsPdf = createRoute({
  operationId: 'getFormsPdf',
  security: SESSION,
  method: 'get',
  path: '/api/survey-waves/{id}/forms.pdf',
  tags: ['surveys'],
  summary: 'The printable paper questionnaires of a unit: one form per drawn respondent, its code on every page',
  middleware: [STAFF] as const,
  request: { params: WaveParams, query: WaveUnitQuery },
  responses: {
    200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    401: errorResponse('Not signed in'),
    403: errorResponse('Out of scope'),
    404: errorResponse('No such wave'),
  },
});

export const postWaveClose = createRoute({
  operationId: 'postWaveClose',
  security: SESSION,
  method: 'post',
  path: '/api/survey-waves/{id}/close',
  tags: ['surveys'],
  summary: 'End a wave’s fieldwork: no more forms are entered (Home Affairs over every unit of the wave; audited)',
  middleware: [requireRole(...WAVE_MANAGERS)] as const,
  request: { params: WaveParams },
  responses: {
    200: json(Wave, 'The wave, closed'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed, or units outside your scope'),
    404: errorResponse('No such wave'),
    409: errorResponse('Closed already'),
  },
});

export const getForm = createRoute({
  operationId: 'getForm',
  security: SESSION,
  method: 'get',
  path: '/api/survey-waves/{id}/forms/{code}',
  tags: ['surveys'],
  summary: 'Whether a form can be entered now, asked before keying it or handing the tablet over: refused as entering it would be',
  middleware: [STAFF] as const,
  request: { params: FormParams },
  responses: {
    200: json(FormToEnter, 'The form can be entered'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed, or a unit outside your scope'),
    404: errorResponse('No such wave'),
    409: errorResponse('Form already complete, or the wave closed'),
    422: errorResponse('No form with this code in the wave'),
  },
});

export const postResponse = createRoute({
  operationId: 'postResponse',
  security: SESSION,
  method: 'post',
  path: '/api/survey-waves/{id}/responses',
  tags: ['surveys'],
  summary: 'Enter one form (answers 1–5, 0 = no answer); with double entry two people must agree',
  middleware: [STAFF] as const,
  request: { params: WaveParams, body: { required: true, content: { 'application/json': { schema: SurveyResponse } } } },
  responses: {
    200: json(EntryResult, 'completed, awaiting_second_entry, or entries_differ with the differing items'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not allowed'),
    404: errorResponse('No such wave'),
    409: errorResponse('Form already complete, wave closed, or the same person entering twice'),
    422: errorResponse('Invalid answers'),
  },
});

export function surveyRoutes(deps: AppDeps) {
  const app = newRouter();
  const perIp = new RateLimiter(deps, 'survey-ip', deps.env.RATE_LIMIT_RATINGS_PER_IP, deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000);
  app.use('/api/survey-waves', requireUser(deps));
  app.use('/api/survey-waves/*', requireUser(deps));

  app.openapi(postWave, async (c) => c.json(await createWave(deps, actor(c), c.req.valid('json')), 201));

  app.openapi(getWave, async (c) => {
    const { wave, units } = await waveStatus(deps, c.get('scope'), c.req.valid('param').id);
    return c.json({ ...wave, units }, 200);
  });

  app.openapi(getRespondents, async (c) =>
    c.json(await respondentsOf(deps, c.get('scope'), c.req.valid('param').id, c.req.valid('query').unit), 200),
  );

  app.openapi(postLinks, async (c) => {
    const base = publicBase(c, deps);
    return c.json(await issueLinks(deps, actor(c), c.req.valid('param').id, c.req.valid('json').unit, base), 201);
  });

  app.openapi(postSelfCompletion, async (c) => {
    const wait = await perIp.hit(clientIp(c, deps));
    if (wait !== null) {
      throw tooManyRequests(wait);
    }
    const { token, answers } = c.req.valid('json');
    return c.json(await selfComplete(deps, token, answers), 200);
  });

  app.openapi(getFormsPdf, async (c) => {
    const { id } = c.req.valid('param');
    const { unit } = c.req.valid('query');
    const pdf = await formsPdf(deps, c.get('scope'), id, unit);
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="phieu-khao-sat-${id}-${unit}.pdf"`,
    });
  });

  app.openapi(postWaveClose, async (c) => c.json(await closeWave(deps, actor(c), c.req.valid('param').id), 200));
  app.openapi(getForm, async (c) => {
    const { id, code } = c.req.valid('param');
    const { respondent, entries } = await formToEnter(deps, c.get('scope'), id, code);
    return c.json({ code: respondent.code, unitId: respondent.unitId, entries }, 200);
  });

  app.openapi(postResponse, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const canReconcile = user.role === 'admin' || user.role === 'home_affairs';
    const result = await enterResponse(
      deps,
      { userId: user.id, scope: c.get('scope'), canReconcile },
      c.req.valid('param').id,
      body.code,
      body.answers,
      body.reconcile,
      { ...(body.stratum ? { stratum: body.stratum } : {}), ...(body.cluster ? { cluster: body.cluster } : {}) },
    );
    return c.json(result, 200);
  });
  return app;
}
