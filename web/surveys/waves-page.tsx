import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { WAVE_STATUS_LABELS } from '../../api/platform/vocabulary.js';
import { SURVEY_STAFF, SURVEYABLE, WAVE_MANAGERS } from '../../api/surveys/schemas.js';
import { waveStatuses } from '../../api/surveys/service.js';
import { currentUnits } from '../../api/units/service.js';
import { getDefinition } from '../../engine/index.js';
import { lastYear } from '../platform/filters.js';
import { count, dayMonthYear, percent } from '../platform/format.js';
import { langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

/** The SIPAS method in force (QĐ 1001/2023), offered first. */
const CURRENT_SIPAS = 'sipas-qd1001-2023';

/**
 * Survey waves of the caller's units: progress and response rate per unit, the forms to print and
 * enter; Home Affairs creates a wave (its sample drawn per unit) and closes one when fieldwork ends.
 */
export function wavesPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/surveys', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const scope = c.get('scope');
    const manager = (WAVE_MANAGERS as readonly string[]).includes(user.role);
    const entry = (SURVEY_STAFF as readonly string[]).includes(user.role);
    const waves = await waveStatuses(deps, scope);
    const units = manager ? await currentUnits(deps, scope) : [];
    const period = lastYear(deps.now());
    return c.html(
      <Layout lang={lang} title={TEXT.surveyWaves[lang]} bodyClass="page report waves-page" scripts={['/public/waves.js']}>
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.surveyWaves[lang]}</h1>
          {waves.length === 0 ? <p>{TEXT.noWaves[lang]}</p> : null}
          {waves.map(({ wave, units: plans }) => {
            const planned = plans.reduce((sum, u) => sum + u.planned, 0);
            const completed = plans.reduce((sum, u) => sum + u.completed, 0);
            const main = plans.reduce((sum, u) => sum + (u.responseRate ?? 0) * u.planned, 0);
            return (
              <section class="wave" data-wave={String(wave.id)}>
                <h2>
                  {wave.name} <span class={`badge wave-${wave.status}`}>{WAVE_STATUS_LABELS[wave.status][lang]}</span>
                </h2>
                <p class="hint">
                  {getDefinition(wave.definitionId)?.title[lang]} · {dayMonthYear(wave.periodFrom)} – {dayMonthYear(wave.periodTo)} ·{' '}
                  {TEXT.completed[lang]}: {count(completed, lang)} / {count(planned, lang)} · {TEXT.responseRate[lang]}:{' '}
                  {percent(planned ? main / planned : null, lang)}
                </p>
                <table class="data cards-on-phone">
                  <thead>
                    <tr>
                      <th>{TEXT.unit[lang]}</th>
                      <th class="num">{TEXT.planned[lang]}</th>
                      <th class="num">{TEXT.completed[lang]}</th>
                      <th class="num">{TEXT.responseRate[lang]}</th>
                      {entry ? <th></th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {plans.map((u) => (
                      <tr>
                        <th scope="row">{u.unitName}</th>
                        <td data-label={TEXT.planned[lang]} class="num">
                          {count(u.planned, lang)}
                        </td>
                        <td data-label={TEXT.completed[lang]} class="num">
                          {count(u.completed, lang)}
                        </td>
                        <td data-label={TEXT.responseRate[lang]} class="num">
                          {percent(u.responseRate, lang)}
                        </td>
                        {entry ? (
                          <td>
                            {wave.status === 'fieldwork' ? (
                              <>
                                <a href={withLang(lang, `/staff/surveys/${wave.id}/entry?unit=${u.unitId}`)}>{TEXT.enterForms[lang]}</a>
                                {' · '}
                              </>
                            ) : null}
                            <a href={`/api/survey-waves/${wave.id}/forms.pdf?unit=${u.unitId}`}>PDF</a>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
                {wave.status === 'fieldwork' && entry ? (
                  <p>
                    <a href={withLang(lang, `/staff/surveys/${wave.id}/tablet`)}>{TEXT.selfCompletion[lang]}</a>
                  </p>
                ) : null}
                {manager && wave.status === 'fieldwork' ? (
                  <form class="wave-close" data-wave={String(wave.id)}>
                    <button type="submit">{TEXT.closeWave[lang]}</button>
                    <p class="error" role="alert" hidden></p>
                  </form>
                ) : null}
              </section>
            );
          })}
          {manager ? (
            <section>
              <h2>{TEXT.newWave[lang]}</h2>
              <p class="hint">{TEXT.newWaveNote[lang]}</p>
              <form id="new-wave" class="filters">
                <label>
                  {TEXT.waveName[lang]}
                  <input name="name" required maxlength={200} />
                </label>
                <label>
                  {TEXT.method[lang]}
                  <select name="definitionId">
                    {SURVEYABLE.map((id) => (
                      <option value={id} selected={id === CURRENT_SIPAS}>
                        {getDefinition(id)?.title[lang]}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {TEXT.from[lang]}
                  <input type="date" name="from" required value={period.from} />
                </label>
                <label>
                  {TEXT.to[lang]}
                  <input type="date" name="to" required value={period.to} />
                </label>
                <label>
                  {TEXT.marginOfError[lang]}
                  <input type="number" name="marginOfError" min="1" max="50" step="0.5" value="5" required />
                </label>
                <label>
                  {TEXT.designEffect[lang]}
                  <input type="number" name="designEffect" min="1" max="20" step="0.1" value="1" required />
                </label>
                <label class="check">
                  <input type="checkbox" name="doubleEntry" /> {TEXT.doubleEntry[lang]}
                </label>
                <fieldset class="unit-picks">
                  <legend>{TEXT.waveUnits[lang]}</legend>
                  {units.map((u) => (
                    <label class="pick">
                      <input type="checkbox" name="unit" value={String(u.id)} />
                      {u.name}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" class="primary">
                  {TEXT.create[lang]}
                </button>
                <p class="error" role="alert" hidden></p>
              </form>
            </section>
          ) : null}
        </main>
      </Layout>,
    );
  });
  return app;
}
