import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { vnDateTime } from '../../api/platform/time.js';
import { SERVICE_PERMISSION_LABELS, SERVICE_PERMISSIONS } from '../../api/platform/vocabulary.js';
import { listServiceAccounts } from '../../api/service-accounts/service.js';
import { currentUnits } from '../../api/units/service.js';
import { langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';

/**
 * Accounts of other systems (admins): create one for a unit with its permissions and see its key
 * once, give it a new key with an overlap, revoke it; each key by its prefix with its last use.
 */
export function serviceAccountsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/users/service-accounts', requirePageUser(deps), requirePageRole('admin'), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const units = await currentUnits(deps, c.get('scope'));
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const accounts = await listServiceAccounts(deps);
    const when = (at: string | null) => (at ? vnDateTime(Date.parse(at))[lang] : '–');
    return c.html(
      <Layout lang={lang} title={TEXT.serviceAccounts[lang]} bodyClass="page report users-page" scripts={['/public/service-accounts.js']}>
        <main>
          <StaffHead lang={lang} user={c.get('user')} />
          <h1>{TEXT.serviceAccounts[lang]}</h1>
          <p class="hint">{TEXT.serviceAccountsNote[lang]}</p>
          <p>
            <a href={withLang(lang, '/staff/users')}>← {TEXT.users[lang]}</a>
          </p>
          <section class="notice" id="new-key" hidden>
            <p>
              <strong>{TEXT.keyOnce[lang]}</strong>
            </p>
            <p>
              <code id="new-key-value"></code>
            </p>
            <button type="button" class="primary" id="key-saved">
              {TEXT.keySaved[lang]}
            </button>
          </section>
          <section>
            <h2>{TEXT.newServiceAccount[lang]}</h2>
            <form id="new-service-account" class="filters">
              <label>
                {TEXT.systemName[lang]}
                <input name="name" required maxlength={100} autocomplete="off" />
              </label>
              <label>
                {TEXT.unit[lang]}
                <select name="unitId">
                  {units.map((u) => (
                    <option value={String(u.id)}>{u.name}</option>
                  ))}
                </select>
              </label>
              <fieldset>
                <legend>{TEXT.permissions[lang]}</legend>
                {SERVICE_PERMISSIONS.map((p) => (
                  <label class="check">
                    <input type="checkbox" name="permissions" value={p} />
                    {SERVICE_PERMISSION_LABELS[p][lang]}
                  </label>
                ))}
              </fieldset>
              <button type="submit" class="primary">
                {TEXT.create[lang]}
              </button>
              <p class="error" role="alert" hidden></p>
            </form>
          </section>
          <table class="data cards-on-phone" id="service-accounts">
            <thead>
              <tr>
                <th>{TEXT.systemName[lang]}</th>
                <th>{TEXT.unit[lang]}</th>
                <th>{TEXT.permissions[lang]}</th>
                <th>{TEXT.keys[lang]}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr data-account={String(a.id)}>
                  <th scope="row">
                    {a.name}
                    {a.revokedAt ? <span class="badge callback-open"> {TEXT.revoked[lang]}</span> : null}
                  </th>
                  <td data-label={TEXT.unit[lang]}>{unitName.get(a.unitId) ?? `#${a.unitId}`}</td>
                  <td data-label={TEXT.permissions[lang]}>{a.permissions.map((p) => SERVICE_PERMISSION_LABELS[p][lang]).join(', ')}</td>
                  <td data-label={TEXT.keys[lang]}>
                    <ul class="keys">
                      {a.keys.map((k) => (
                        <li data-prefix={k.prefix}>
                          <code>{k.prefix}…</code> {TEXT.lastUsed[lang]}: {when(k.lastUsedAt)}
                          {k.revokedAt ? ` · ${TEXT.revoked[lang]}` : k.expiresAt ? ` · ${TEXT.worksUntil[lang]} ${when(k.expiresAt)}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {a.revokedAt ? null : (
                      <>
                        <form class="service-rotate" data-account={String(a.id)}>
                          <label>
                            {TEXT.overlapHours[lang]}
                            <input name="overlapHours" type="number" min={0} max={720} value="24" required />
                          </label>
                          <button type="submit">{TEXT.newKey[lang]}</button>
                          <p class="error" role="alert" hidden></p>
                        </form>
                        <form class="service-revoke" data-account={String(a.id)}>
                          <button type="submit">{TEXT.revoke[lang]}</button>
                          <p class="error" role="alert" hidden></p>
                        </form>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </main>
      </Layout>,
    );
  });
  return app;
}
