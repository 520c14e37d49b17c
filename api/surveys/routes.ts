import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { DEFINITIONS, type Definition, getDefinition } from '../../engine/index.js';
import { requireRole } from '../platform/auth/roles.js';
import { requireUser } from '../platform/auth/session.js';
import type { AppDeps } from '../platform/context.js';
import { surveyRespondents, surveyWaves, units } from '../platform/db/schema.js';
import { errorResponse } from '../platform/errors.js';
import { clientIp, RateLimiter, tooManyRequests } from '../platform/rate-limit.js';
import { newRouter } from '../platform/router.js';
import { assertCanAccess } from '../units/access.js';
import { renderSurveyForms } from './form-pdf.js';
import { createWave, enterResponse, issueLinks, selfComplete, surveyable, WAVE_NOT_FOUND, waveStatus } from './service.js';

/** Methods with a questionnaire: SIPAS statements, or a PAR method's survey-scored items. */
const SURVEYABLE = DEFINITIONS.filter(surveyable).map((d) => d.id) as [string, ...string[]];

const NewWave = z
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
    seed: z.int().min(0).max(2_147_483_646).optional().openapi({ description: 'Give it to redraw exactly the same sample' }),
    doubleEntry: z.boolean().default(false),
    populations: z
      .record(z.string(), z.int().min(0))
      .optional()
      .openapi({ description: 'unitId → households, where the frame is not the dossiers' }),
  })
  .openapi('NewSurveyWave');

const Answers = z.record(z.string(), z.union([z.int(), z.string(), z.array(z.string()), z.null()]));
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export function surveyRoutes(deps: AppDeps) {
  const app = newRouter();
  const perIp = new RateLimiter(deps.env.RATE_LIMIT_RATINGS_PER_IP, deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000, deps.now);
  app.use('/api/survey-waves', requireUser(deps));
  app.use('/api/survey-waves/*', requireUser(deps));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/survey-waves',
      tags: ['surveys'],
      summary:
        'Create a survey wave (SIPAS, or a PAR method’s sociological survey): sample size per unit (finite-population correction) and a seeded draw with a reserve list',
      middleware: [requireRole('admin', 'home_affairs')] as const,
      request: { body: { required: true, content: { 'application/json': { schema: NewWave } } } },
      responses: {
        201: json(z.record(z.string(), z.unknown()), 'Created with its plan'),
        401: errorResponse('Not signed in'),
        403: errorResponse('Not allowed'),
        422: errorResponse('Invalid fields'),
      },
    }),
    async (c) =>
      c.json(
        (await createWave(deps, { userId: c.get('user').id, scope: c.get('scope') }, c.req.valid('json'))) as unknown as Record<
          string,
          unknown
        >,
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/survey-waves/{id}',
      tags: ['surveys'],
      summary: 'A wave with, per unit in your scope, population, sample, reserve, completed forms and response rate',
      request: { params: z.object({ id: z.coerce.number().int().positive() }) },
      responses: {
        200: json(z.record(z.string(), z.unknown()), 'The wave'),
        401: errorResponse('Not signed in'),
        404: errorResponse('No such wave'),
      },
    }),
    async (c) => {
      const { wave, units } = await waveStatus(deps, c.get('scope'), c.req.valid('param').id);
      return c.json({ ...wave, createdAt: wave.createdAt.toISOString(), units }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/survey-waves/{id}/respondents',
      tags: ['surveys'],
      summary: 'The drawn forms of a unit: codes to print, the sampled dossier, reserve or not, status',
      middleware: [requireRole('admin', 'home_affairs', 'unit_staff')] as const,
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        query: z.object({ unit: z.coerce.number().int().positive() }),
      },
      responses: {
        200: json(z.array(z.record(z.string(), z.unknown())), 'Forms'),
        401: errorResponse('Not signed in'),
        403: errorResponse('Out of scope'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { unit } = c.req.valid('query');
      assertCanAccess(c.get('scope'), unit);
      const rows = await deps.store.db
        .select({
          code: surveyRespondents.code,
          transactionId: surveyRespondents.transactionId,
          reserve: surveyRespondents.reserve,
          status: surveyRespondents.status,
        })
        .from(surveyRespondents)
        .where(and(eq(surveyRespondents.waveId, id), eq(surveyRespondents.unitId, unit)))
        .orderBy(surveyRespondents.id)
        .all();
      return c.json(rows, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/survey-waves/{id}/links',
      tags: ['surveys'],
      summary: 'Secret links for a unit’s forms not yet answered, for households to answer on their own phones (shown once)',
      middleware: [requireRole('admin', 'home_affairs', 'unit_staff')] as const,
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: { required: true, content: { 'application/json': { schema: z.strictObject({ unit: z.int().positive() }) } } },
      },
      responses: {
        201: json(z.array(z.object({ code: z.string(), url: z.url() })), 'The links'),
        401: errorResponse('Not signed in'),
        403: errorResponse('Out of scope'),
      },
    }),
    async (c) => {
      const base = deps.env.PUBLIC_BASE_URL ?? new URL(c.req.url).origin;
      const links = await issueLinks(
        deps,
        { userId: c.get('user').id, scope: c.get('scope') },
        c.req.valid('param').id,
        c.req.valid('json').unit,
        base,
      );
      return c.json(links, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/survey-self',
      tags: ['surveys'],
      summary: 'A household answers its form through its secret link (public, rate-limited per address)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({ token: z.string().min(16).max(128), answers: Answers }).openapi('SelfCompletion'),
            },
          },
        },
      },
      responses: {
        200: json(z.object({ code: z.string(), status: z.literal('completed') }), 'Completed'),
        404: errorResponse('Unknown link'),
        409: errorResponse('Already answered, or the wave is closed'),
        422: errorResponse('Invalid answers'),
        429: errorResponse('Too many requests'),
      },
    }),
    async (c) => {
      const wait = perIp.hit(clientIp(c, deps));
      if (wait !== null) {
        c.header('Retry-After', String(wait));
        throw tooManyRequests(wait);
      }
      const { token, answers } = c.req.valid('json');
      return c.json(await selfComplete(deps, token, answers), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/survey-waves/{id}/forms.pdf',
      tags: ['surveys'],
      summary: 'The printable paper questionnaires of a unit: one form per drawn respondent, its code on every page',
      middleware: [requireRole('admin', 'home_affairs', 'unit_staff')] as const,
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        query: z.object({ unit: z.coerce.number().int().positive() }),
      },
      responses: {
        200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
        401: errorResponse('Not signed in'),
        403: errorResponse('Out of scope'),
        404: errorResponse('No such wave'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { unit } = c.req.valid('query');
      assertCanAccess(c.get('scope'), unit);
      const wave = await deps.store.db.select().from(surveyWaves).where(eq(surveyWaves.id, id)).get();
      if (!wave) throw WAVE_NOT_FOUND;
      const unitName = (await deps.store.db.select({ name: units.name }).from(units).where(eq(units.id, unit)).get())?.name ?? '';
      const codes = (
        await deps.store.db
          .select({ code: surveyRespondents.code })
          .from(surveyRespondents)
          .where(and(eq(surveyRespondents.waveId, id), eq(surveyRespondents.unitId, unit)))
          .orderBy(surveyRespondents.id)
          .all()
      ).map((r) => r.code);
      const pdf = await renderSurveyForms(getDefinition(wave.definitionId) as Definition, wave, unitName, codes);
      return c.body(new Uint8Array(pdf), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="phieu-khao-sat-${id}-${unit}.pdf"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/survey-waves/{id}/responses',
      tags: ['surveys'],
      summary: 'Enter one form (answers 1–5, 0 = no answer); with double entry two people must agree',
      middleware: [requireRole('admin', 'home_affairs', 'unit_staff')] as const,
      request: {
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .strictObject({ code: z.string().min(1).max(64), answers: Answers, reconcile: z.boolean().default(false) })
                .openapi('SurveyResponse'),
            },
          },
        },
      },
      responses: {
        200: json(z.record(z.string(), z.unknown()), 'completed, awaiting_second_entry, or entries_differ with the differing items'),
        401: errorResponse('Not signed in'),
        403: errorResponse('Not allowed'),
        404: errorResponse('No such wave'),
        409: errorResponse('Form already complete, wave closed, or the same person entering twice'),
        422: errorResponse('Invalid answers'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const user = c.get('user');
      const canReconcile = user.role === 'admin' || user.role === 'home_affairs';
      return c.json(
        (await enterResponse(
          deps,
          { userId: user.id, scope: c.get('scope'), canReconcile },
          id,
          body.code,
          body.answers,
          body.reconcile,
        )) as Record<string, unknown>,
        200,
      );
    },
  );
  return app;
}
