import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { waveStatuses } from '../../api/surveys/service.js';
import { count, percent } from '../platform/format.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

/** The staff home: links to the reports, and the survey waves of the caller's units with their progress. */
export function staffHomePage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const rows = (await waveStatuses(deps, c.get('scope'))).flatMap((s) => s.units.map((u) => ({ wave: s.wave, ...u })));
    return c.html(
      <Layout lang={lang} title={TEXT.staffHome[lang]} bodyClass="page">
        <main>
          <StaffHead lang={lang} user={c.get('user')} />
          <h1>{TEXT.surveyWaves[lang]}</h1>
          {rows.length === 0 ? (
            <p>{TEXT.noWaves[lang]}</p>
          ) : (
            <table class="data">
              <thead>
                <tr>
                  <th>{TEXT.surveyWaves[lang]}</th>
                  <th>{TEXT.unit[lang]}</th>
                  <th class="num">{TEXT.planned[lang]}</th>
                  <th class="num">{TEXT.completed[lang]}</th>
                  <th class="num">{TEXT.responseRate[lang]}</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>{r.wave.name}</td>
                    <td>{r.unitName}</td>
                    <td class="num">{count(r.planned, lang)}</td>
                    <td class="num">{count(r.completed, lang)}</td>
                    <td class="num">{percent(r.responseRate, lang)}</td>
                    <td>
                      <a href={`/staff/surveys/${r.wave.id}/entry?unit=${r.unitId}${lang === 'en' ? '&lang=en' : ''}`}>
                        {TEXT.enterForms[lang]}
                      </a>
                      {' · '}
                      <a href={`/staff/surveys/${r.wave.id}/tablet${lang === 'en' ? '?lang=en' : ''}`}>{TEXT.selfCompletion[lang]}</a>
                      {' · '}
                      <a href={`/api/survey-waves/${r.wave.id}/forms.pdf?unit=${r.unitId}`}>PDF</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </main>
      </Layout>,
    );
  });
  return app;
}
