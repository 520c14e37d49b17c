import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { NewWebhook } from '../../api/webhooks/schemas.js';
import { listWebhooks } from '../../api/webhooks/service.js';
import { count, moment } from '../platform/format.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';

const EVENTS = NewWebhook.shape.events.element.options;

/**
 * Portals subscribed to events (admins): each subscriber's queue, paused circuit and latest
 * deliveries; subscribe a new one (its signing secret shown once) or deliver what is due now.
 */
export function webhooksPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/webhooks', requirePageUser(deps), requirePageRole('admin'), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const hooks = await listWebhooks(deps);
    return c.html(
      <Layout lang={lang} title={TEXT.webhooks[lang]} bodyClass="page report webhooks-page" scripts={['/public/webhooks.js']}>
        <main>
          <StaffHead lang={lang} user={c.get('user')} />
          <h1>{TEXT.webhooks[lang]}</h1>
          <p class="hint">{TEXT.webhooksNote[lang]}</p>
          {hooks.length === 0 ? (
            <p>{TEXT.noWebhooks[lang]}</p>
          ) : (
            <table class="data cards-on-phone" id="webhooks">
              <thead>
                <tr>
                  <th>{TEXT.webhookUrl[lang]}</th>
                  <th>{TEXT.status[lang]}</th>
                  <th class="num">{TEXT.webhookQueue[lang]}</th>
                  <th>{TEXT.webhookLast[lang]}</th>
                </tr>
              </thead>
              <tbody>
                {hooks.map((h) => {
                  const last = h.recent[0];
                  return (
                    <tr data-webhook={String(h.id)}>
                      <th scope="row">
                        {h.url}
                        <span class="when">{h.events.join(', ')}</span>
                      </th>
                      <td data-label={TEXT.status[lang]}>
                        {h.pausedUntil ? (
                          <span class="badge callback-open">
                            {TEXT.webhookPaused[lang]} {moment(h.pausedUntil, lang)}
                          </span>
                        ) : (
                          <span class="badge callback-resolved">{TEXT.webhookActive[lang]}</span>
                        )}
                        {h.failures ? <span class="when">{`${TEXT.webhookFailures[lang]}: ${h.failures}`}</span> : null}
                      </td>
                      <td data-label={TEXT.webhookQueue[lang]} class="num">
                        {count(h.queue.pending, lang)} / {count(h.queue.delivered, lang)} / {count(h.queue.dead, lang)}
                      </td>
                      <td data-label={TEXT.webhookLast[lang]}>
                        {last
                          ? `${last.event} · ${last.deliveredAt ? moment(last.deliveredAt, lang) : (last.lastError ?? String(last.lastStatus ?? '–'))}`
                          : '–'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <form id="deliver-now">
            <button type="submit">{TEXT.deliverNow[lang]}</button>
            <p class="error" role="alert" hidden></p>
          </form>
          <section>
            <h2>{TEXT.newWebhook[lang]}</h2>
            <form id="new-webhook" class="filters">
              <label>
                {TEXT.webhookUrl[lang]}
                <input type="url" name="url" required placeholder="https://" />
              </label>
              <fieldset class="unit-picks">
                <legend>{TEXT.webhookEvents[lang]}</legend>
                {EVENTS.map((e) => (
                  <label class="pick">
                    <input type="checkbox" name="event" value={e} checked={e !== 'rating.created'} />
                    {e}
                  </label>
                ))}
              </fieldset>
              <button type="submit" class="primary">
                {TEXT.create[lang]}
              </button>
              <p class="error" role="alert" hidden></p>
            </form>
            <div id="webhook-secret" class="notice" hidden>
              <p>{TEXT.webhookSecret[lang]}</p>
              <code></code>
            </div>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
