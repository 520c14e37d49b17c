import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { SURVEY_STAFF, WaveParams } from '../../api/surveys/schemas.js';
import { waveStatus } from '../../api/surveys/service.js';
import { type Definition, getDefinition } from '../../engine/index.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';
import { QuestionnaireForm } from './questionnaire.js';

/**
 * A form a respondent completes on the office tablet, after staff have entered its code (checked
 * before the tablet is handed over). Nothing of the staff member's shows: the citizen holds it.
 */
export function surveyTabletPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/surveys/:waveId/tablet', requirePageUser(deps), requirePageRole(...SURVEY_STAFF), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const params = WaveParams.safeParse({ id: c.req.param('waveId') });
    const status = params.success ? await waveStatus(deps, c.get('scope'), params.data.id).catch(() => null) : null;
    if (!status) return c.notFound();
    const { wave } = status;
    return c.html(
      <Layout lang={lang} title={TEXT.selfCompletion[lang]} bodyClass="page tablet" scripts={['/public/tablet.js']}>
        <main id="tablet" data-wave={String(wave.id)} data-lang={lang}>
          <section id="tablet-start">
            <h1>{TEXT.selfCompletion[lang]}</h1>
            <p>{TEXT.selfStart[lang]}</p>
            <label class="code">
              {TEXT.formCode[lang]}
              <input id="tablet-code" autocomplete="off" />
            </label>
            <button type="button" id="tablet-begin" class="primary">
              {TEXT.start[lang]}
            </button>
            <p id="tablet-start-error" class="error" role="alert" hidden></p>
          </section>
          <QuestionnaireForm definition={getDefinition(wave.definitionId) as Definition} title={wave.name} lang={lang} />
          <section id="tablet-thanks" hidden>
            <h1>{TEXT.surveyThanks[lang]}</h1>
            <button type="button" id="tablet-next" class="primary">
              {TEXT.next[lang]}
            </button>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
