import { Hono } from 'hono';
import { KIOSK_MANAGERS } from '../../api/kiosks/schemas.js';
import { listKiosks } from '../../api/kiosks/service.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { countersIn } from '../../api/units/service.js';
import { count, moment } from '../platform/format.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

/**
 * The kiosk fleet: each kiosk's unit and counter, when it was last tapped and last reported in,
 * refused keys, and today's taps against today's dossiers at its counter; Home Affairs issues a new
 * key (a set-up QR code to print) or revokes one.
 */
export function kiosksPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/kiosks', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const kiosks = await listKiosks(deps, c.get('scope'));
    const manager = (KIOSK_MANAGERS as readonly string[]).includes(user.role);
    const counters = manager ? await countersIn(deps, c.get('scope')) : [];
    return c.html(
      <Layout lang={lang} title={TEXT.kiosks[lang]} bodyClass="page report kiosks-page" scripts={['/public/kiosks.js']}>
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.kiosks[lang]}</h1>
          <p class="hint">{TEXT.kiosksNote[lang]}</p>
          {kiosks.length === 0 ? (
            <p>{TEXT.noKiosks[lang]}</p>
          ) : (
            <table class="data cards-on-phone" id="kiosks">
              <thead>
                <tr>
                  <th>{TEXT.kiosk[lang]}</th>
                  <th>{TEXT.status[lang]}</th>
                  <th>{TEXT.lastTap[lang]}</th>
                  <th>{TEXT.lastSeen[lang]}</th>
                  <th class="num">{TEXT.tapsToday[lang]}</th>
                  {manager ? <th></th> : null}
                </tr>
              </thead>
              <tbody>
                {kiosks.map((k) => (
                  <tr
                    data-kiosk={k.id}
                    data-title={`${k.unit.name} – ${k.counter.name} – ${k.name}`}
                    class={k.silent || k.lastRefusedAt ? 'attention' : undefined}
                  >
                    <th scope="row">
                      {k.name}
                      <span class="when">
                        {k.unit.name} – {k.counter.name} ({k.id})
                      </span>
                    </th>
                    <td data-label={TEXT.status[lang]} class="kiosk-state">
                      {k.status === 'revoked' ? (
                        <span class="badge">{TEXT.kioskRevoked[lang]}</span>
                      ) : k.silent ? (
                        <span class="badge state-draft">{TEXT.kioskSilent[lang]}</span>
                      ) : (
                        <span class="badge state-appraised">{TEXT.kioskActive[lang]}</span>
                      )}
                      {k.lastRefusedAt ? (
                        <p class="error">
                          {TEXT.kioskRefused[lang]} {moment(k.lastRefusedAt, lang)}
                        </p>
                      ) : null}
                    </td>
                    <td data-label={TEXT.lastTap[lang]}>{moment(k.lastTapAt, lang)}</td>
                    <td data-label={TEXT.lastSeen[lang]}>{moment(k.lastSeenAt, lang)}</td>
                    <td data-label={TEXT.tapsToday[lang]} class="num">
                      {count(k.tapsToday, lang)} / {count(k.dossiersToday, lang)}
                    </td>
                    {manager ? (
                      <td>
                        <details class="kiosk-edit">
                          <summary>{TEXT.editKiosk[lang]}</summary>
                          <form class="kiosk-change filters" data-kiosk={k.id}>
                            <label>
                              {TEXT.counter[lang]}
                              <select name="counterId">
                                {counters.map((counter) => (
                                  <option value={String(counter.id)} selected={counter.id === k.counter.id}>
                                    {counter.unitName} – {counter.code} {counter.name}
                                  </option>
                                ))}
                              </select>
                            </label>
                            <label>
                              {TEXT.kioskName[lang]}
                              <input name="name" required maxlength={100} value={k.name} />
                            </label>
                            <button type="submit" class="secondary">
                              {TEXT.saveChanges[lang]}
                            </button>
                            <p class="error" role="alert" hidden></p>
                          </form>
                        </details>
                        <form class="kiosk-key" data-kiosk={k.id}>
                          <button type="submit">{TEXT.issueKey[lang]}</button>
                          <p class="error" role="alert" hidden></p>
                        </form>
                        {k.status === 'active' ? (
                          <form class="kiosk-revoke" data-kiosk={k.id}>
                            <button type="submit">{TEXT.revokeKey[lang]}</button>
                            <p class="error" role="alert" hidden></p>
                          </form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {counters.length ? (
            <details class="new-thing">
              <summary>{TEXT.newKiosk[lang]}</summary>
              <form id="new-kiosk" class="filters">
                <label>
                  {TEXT.counter[lang]}
                  <select name="counterId">
                    {counters.map((counter) => (
                      <option value={String(counter.id)}>
                        {counter.unitName} – {counter.code} {counter.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {TEXT.kioskName[lang]}
                  <input name="name" required maxlength={100} autocomplete="off" />
                </label>
                <button type="submit" class="primary">
                  {TEXT.create[lang]}
                </button>
                <p class="error" role="alert" hidden></p>
              </form>
            </details>
          ) : null}
          <section id="setup" hidden>
            <h2>{TEXT.setupTitle[lang]}</h2>
            <article class="slip">
              <p class="slip-title"></p>
              <div class="slip-qr"></div>
              <p class="hint">{TEXT.setupHow[lang]}</p>
              <p class="slip-url"></p>
            </article>
            <button type="button" id="print-setup" class="primary">
              {TEXT.printSlips[lang]}
            </button>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
