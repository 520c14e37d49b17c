import { Hono } from 'hono';
import { CALLBACK_FILTERS, CALLBACK_HANDLERS, CallbackQuery } from '../../api/callbacks/schemas.js';
import { listCallbacks } from '../../api/callbacks/service.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { vnDateTime } from '../../api/platform/time.js';
import { CALLBACK_STATUS_LABELS, REASONS } from '../../api/platform/vocabulary.js';
import { LEVEL_LABELS, type Level } from '../../engine/index.js';
import { loadPage, PageError, ShowButton } from '../platform/filters.js';
import { dayMonthYear } from '../platform/format.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';

/** Citizens who asked to be called back: the number, what they said, and the call's note, until the number is purged. */
export function callbacksPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/callbacks', requirePageUser(deps), requirePageRole(...CALLBACK_HANDLERS), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const { form, result } = await loadPage(CallbackQuery, {}, c.req.query(), (q) => listCallbacks(deps, c.get('scope'), q.status));
    const rows = result.ok ? result.value : [];
    return c.html(
      <Layout lang={lang} title={TEXT.callbacks[lang]} bodyClass="page report" scripts={['/public/callbacks.js']}>
        <main>
          <StaffHead lang={lang} user={c.get('user')} />
          <h1>{TEXT.callbacks[lang]}</h1>
          <p class="hint">{TEXT.callbacksNote[lang].replace('{days}', String(deps.env.FOLLOW_UP_RETENTION_DAYS))}</p>
          <form method="get" class="filters">
            <label>
              {TEXT.status[lang]}
              <select name="status">
                {CALLBACK_FILTERS.map((s) => (
                  <option value={s} selected={(form.status ?? 'pending') === s}>
                    {s === 'all' ? TEXT.allStates[lang] : s === 'pending' ? TEXT.callbacksPending[lang] : CALLBACK_STATUS_LABELS[s][lang]}
                  </option>
                ))}
              </select>
            </label>
            <ShowButton lang={lang} />
          </form>
          {result.ok ? null : <PageError lang={lang} error={result.error} />}
          {rows.length === 0 ? (
            <p>{TEXT.noCallbacks[lang]}</p>
          ) : (
            <table class="data cards-on-phone" id="callbacks">
              <thead>
                <tr>
                  <th>{TEXT.unit[lang]}</th>
                  <th>{TEXT.phoneNumber[lang]}</th>
                  <th>{TEXT.ratingLevel[lang]}</th>
                  <th>{TEXT.status[lang]}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr data-callback={String(r.ratingId)}>
                    <th scope="row">
                      {r.unit.name}
                      {r.counter ? ` – ${r.counter}` : ''}
                      <span class="when">
                        {TEXT.ratedOn[lang]} {dayMonthYear(r.ratedOn)}
                      </span>
                    </th>
                    <td data-label={TEXT.phoneNumber[lang]}>
                      <a class="phone" href={`tel:${r.phone}`}>
                        {r.phone}
                      </a>
                      <span class="hint">
                        {' '}
                        ({TEXT.purgeOn[lang]} {dayMonthYear(r.purgeOn)})
                      </span>
                    </td>
                    <td data-label={TEXT.ratingLevel[lang]}>
                      {r.level} – {LEVEL_LABELS[r.level as Level][lang]}
                      {r.reasons.length ? <p>{r.reasons.map((code) => REASONS[code][lang]).join(', ')}</p> : null}
                      {r.comment ? (
                        <p>
                          <q>{r.comment}</q>
                        </p>
                      ) : null}
                    </td>
                    <td data-label={TEXT.status[lang]}>
                      <span class={`badge callback-${r.status}`}>{CALLBACK_STATUS_LABELS[r.status][lang]}</span>
                      {r.note ? (
                        <p class="note">
                          {r.handledBy}, {r.handledAt ? vnDateTime(Date.parse(r.handledAt))[lang] : ''}: <q>{r.note}</q>
                        </p>
                      ) : null}
                      {r.status !== 'resolved' ? (
                        <form class="callback" data-callback={String(r.ratingId)}>
                          <label>
                            {TEXT.note[lang]}
                            <textarea name="note" required minlength={5} maxlength={2000} rows={2}></textarea>
                          </label>
                          <button type="submit" name="status" value="contacted">
                            {TEXT.markContacted[lang]}
                          </button>
                          <button type="submit" name="status" value="resolved" class="primary">
                            {TEXT.markResolved[lang]}
                          </button>
                          <p class="error" role="alert" hidden></p>
                        </form>
                      ) : null}
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
