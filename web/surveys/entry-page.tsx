import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { SURVEY_STAFF, WaveParams, WaveUnitQuery } from '../../api/surveys/schemas.js';
import { waveStatus } from '../../api/surveys/service.js';
import { type Definition, getDefinition, LEVEL_LABELS } from '../../engine/index.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';
import { questionnaire } from './questionnaire.js';

/** Keyboard entry of paper forms, one unit of a wave at a time. */
export function surveyEntryPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/surveys/:waveId/entry', requirePageUser(deps), requirePageRole(...SURVEY_STAFF), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const params = WaveParams.safeParse({ id: c.req.param('waveId') });
    const query = WaveUnitQuery.safeParse(c.req.query());
    if (!params.success || !query.success) return c.notFound();
    const status = await waveStatus(deps, c.get('scope'), params.data.id).catch(() => null);
    const plan = status?.units.find((u) => u.unitId === query.data.unit);
    if (!status || !plan) return c.notFound();
    const { wave } = status;
    const rows = questionnaire(getDefinition(wave.definitionId) as Definition, lang);
    return c.html(
      <Layout
        lang={lang}
        title={TEXT.entryTitle[lang]}
        bodyClass="page entry-page"
        scripts={wave.status === 'fieldwork' ? ['/public/entry.js'] : []}
      >
        <main id="entry" data-wave={String(wave.id)} data-lang={lang}>
          <StaffHead lang={lang} user={c.get('user')} />
          <h1>
            {TEXT.entryTitle[lang]}: {wave.name}
          </h1>
          <p class="entry-count">
            {plan.unitName} · <b id="count">{plan.completed}</b> / {plan.planned} {TEXT.formsOfPlan[lang]}
          </p>
          <p class="hint">{TEXT.entryHelp[lang]}</p>
          <p id="entry-result" role="status" aria-live="polite"></p>
          {wave.status !== 'fieldwork' ? (
            <p class="notice error" role="alert">
              {TEXT.waveClosed[lang]}
            </p>
          ) : (
            <form id="entry-form" autocomplete="off">
              <label class="code">
                {TEXT.formCode[lang]}
                <input id="code" required autofocus />
              </label>
              <label class="code">
                {TEXT.formCluster[lang]}
                <input id="cluster" maxlength={64} />
              </label>
              <table class="entry-grid">
                <tbody>
                  {rows.map((row, i) => {
                    const hint =
                      row.kind === 'level'
                        ? `1 ${LEVEL_LABELS[1][lang]} … 5 ${LEVEL_LABELS[5][lang]}`
                        : row.options?.map((o, k) => `${k + 1} ${o}`).join(' · ');
                    return (
                      <>
                        {row.heading ? (
                          <tr class="section">
                            <th colspan={3}>{row.heading}</th>
                          </tr>
                        ) : null}
                        <tr>
                          <td class="n">{i + 1}</td>
                          <td>
                            <label for={`q-${row.id}`}>{row.label}</label>
                            {row.kind !== 'level' ? <div class="hint">{hint}</div> : null}
                          </td>
                          <td>
                            <input
                              id={`q-${row.id}`}
                              class="answer"
                              data-item={row.id}
                              data-kind={row.kind}
                              data-max={String(row.kind === 'level' ? 5 : (row.options?.length ?? 0))}
                              data-codes={row.codes?.join(',')}
                              inputmode="numeric"
                              maxlength={row.kind === 'options' ? 30 : 2}
                              title={hint}
                            />
                          </td>
                        </tr>
                      </>
                    );
                  })}
                </tbody>
              </table>
              <button type="submit" class="primary">
                {TEXT.save[lang]}
              </button>
            </form>
          )}
          <template id="msg-saved">{TEXT.savedForm[lang]}</template>
          <template id="msg-awaiting">{TEXT.awaitingSecond[lang]}</template>
          <template id="msg-differ">{TEXT.entriesDiffer[lang]}</template>
        </main>
      </Layout>,
    );
  });
  return app;
}
