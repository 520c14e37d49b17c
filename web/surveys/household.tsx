import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { clientIp } from '../../api/platform/proxy.js';
import { type RateLimiter, tooManyRequests } from '../../api/platform/rate-limit.js';
import { formByLink } from '../../api/surveys/service.js';
import { type Definition, getDefinition } from '../../engine/index.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, PageHead } from '../platform/layout.js';
import { QuestionnaireForm } from './questionnaire.js';

export function householdSurveyPage(deps: AppDeps, perIp: RateLimiter) {
  const app = new Hono<AppEnv>();
  /** A household answers its survey form on its own phone through a secret link. */
  app.get('/s/:token', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const wait = await perIp.hit(clientIp(c, deps));
    const found = wait === null ? await formByLink(deps, c.req.param('token')) : undefined;
    const problem =
      wait !== null
        ? tooManyRequests(wait).bilingual
        : !found
          ? TEXT.surveyLinkUnknown
          : found.respondent.status === 'completed'
            ? TEXT.surveyAnswered
            : undefined;
    if (!found || problem) {
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page">
          <main class="notice">
            <PageHead lang={lang} />
            <p>{(problem ?? TEXT.surveyLinkUnknown)[lang]}</p>
          </main>
        </Layout>,
        wait !== null ? 429 : found ? 200 : 404,
      );
    }
    return c.html(
      <Layout lang={lang} title={found.wave.name} bodyClass="page tablet" scripts={['/public/tablet.js']}>
        <main id="tablet" data-token={c.req.param('token')} data-lang={lang}>
          <PageHead lang={lang} />
          <p class="hint">{TEXT.surveyIntro[lang]}</p>
          <QuestionnaireForm
            definition={getDefinition(found.wave.definitionId) as Definition}
            title={found.wave.name}
            lang={lang}
            hidden={false}
          />
          <section id="tablet-thanks" hidden>
            <h1>{TEXT.surveyThanks[lang]}</h1>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
