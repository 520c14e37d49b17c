import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { vnDateTime } from '../../api/platform/time.js';
import { HOLD_DECIDERS, HOLD_READERS, HoldQuery } from '../../api/rating-holds/schemas.js';
import { listHolds } from '../../api/rating-holds/service.js';
import { LEVEL_LABELS } from '../../engine/index.js';
import { loadPage, PageError } from '../platform/filters.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';

/** Home Affairs' review of ratings held by the integrity rules: count or exclude each, with a reason. */
export function holdsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/holds', requirePageUser(deps), requirePageRole(...HOLD_READERS), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const { form, result } = await loadPage(HoldQuery, { status: 'pending' }, c.req.query(), (q) => listHolds(deps, c.get('scope'), q));
    const holds = result.ok ? result.value : [];
    const pending = (form.status ?? 'pending') === 'pending';
    const canDecide = HOLD_DECIDERS.some((role) => role === user.role);
    return c.html(
      <Layout lang={lang} title={TEXT.holds[lang]} bodyClass="page report" scripts={['/public/holds.js']}>
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.holds[lang]}</h1>
          <p class="hint">{TEXT.holdsNote[lang]}</p>
          <p>
            <a href={`/staff/holds?status=${pending ? 'decided' : 'pending'}${lang === 'en' ? '&lang=en' : ''}`}>
              {pending ? TEXT.showDecided[lang] : TEXT.showPending[lang]}
            </a>
          </p>
          {result.ok ? null : <PageError lang={lang} error={result.error} />}
          {holds.length === 0 ? (
            <p>{TEXT.noHolds[lang]}</p>
          ) : (
            <table class="data holds cards-on-phone">
              <thead>
                <tr>
                  <th>{TEXT.unit[lang]}</th>
                  <th>{TEXT.ratedOn[lang]}</th>
                  <th>{TEXT.ratingLevel[lang]}</th>
                  <th>{TEXT.issuedBy[lang]}</th>
                  <th>{TEXT.holdReasons[lang]}</th>
                  <th>{TEXT.decision[lang]}</th>
                </tr>
              </thead>
              <tbody>
                {holds.map((h) => (
                  <tr data-rating={String(h.ratingId)}>
                    <th scope="row">{h.unit.name}</th>
                    <td data-label={TEXT.ratedOn[lang]}>{h.ratedOn.split('-').reverse().join('/')}</td>
                    <td data-label={TEXT.ratingLevel[lang]}>
                      {h.level} – {LEVEL_LABELS[h.level as keyof typeof LEVEL_LABELS][lang]}
                    </td>
                    <td data-label={TEXT.issuedBy[lang]}>{h.issuedBy ?? '—'}</td>
                    <td data-label={TEXT.holdReasons[lang]}>
                      <ul class="reasons">
                        {h.reasons.map((r) => (
                          <li>{r.label[lang]}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {h.decision ? (
                        <p>
                          <span class={`badge ${h.decision === 'count' ? 'done' : 'open'}`}>
                            {h.decision === 'count' ? TEXT.counted[lang] : TEXT.excluded[lang]}
                          </span>{' '}
                          {h.decidedBy}, {h.decidedAt ? vnDateTime(Date.parse(h.decidedAt))[lang] : ''}: <q>{h.note}</q>
                        </p>
                      ) : canDecide ? (
                        <form class="decide" data-rating={String(h.ratingId)}>
                          <fieldset>
                            <legend>{TEXT.decision[lang]}</legend>
                            <label>
                              <input type="radio" name="decision" value="count" required /> {TEXT.decideCount[lang]}
                            </label>
                            <label>
                              <input type="radio" name="decision" value="exclude" /> {TEXT.decideExclude[lang]}
                            </label>
                          </fieldset>
                          <label>
                            {TEXT.decisionNote[lang]}
                            <textarea name="note" required minlength={3} maxlength={2000} rows={2}></textarea>
                          </label>
                          <button type="submit" class="primary">
                            {TEXT.decide[lang]}
                          </button>
                          <p class="error" role="alert" hidden></p>
                        </form>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </main>
      </Layout>,
      // A refused query answers with the refusal's status, the page explaining it.
      result.ok ? 200 : result.error.status,
    );
  });
  return app;
}
