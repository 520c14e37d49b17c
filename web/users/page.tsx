import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { vnDateTime } from '../../api/platform/time.js';
import { ROLE_LABELS, USER_ROLES } from '../../api/platform/vocabulary.js';
import { currentUnits } from '../../api/units/service.js';
import { listUsers } from '../../api/users/service.js';
import { type Lang, langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';

type Choice = { id: number; name: string };

function RoleAndUnit(props: { lang: Lang; units: Choice[]; userRole?: string; unitId?: number | null }) {
  const { lang } = props;
  return (
    <>
      <label>
        {TEXT.role[lang]}
        <select name="role">
          {USER_ROLES.map((r) => (
            <option value={r} selected={props.userRole === r}>
              {ROLE_LABELS[r][lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {TEXT.unit[lang]}
        <select name="unitId">
          <option value="">{TEXT.noUnit[lang]}</option>
          {props.units.map((u) => (
            <option value={String(u.id)} selected={props.unitId === u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** Accounts (admins): create one, change its role, unit and name, set a password, unlock, disable or enable it. */
export function usersPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/users', requirePageUser(deps), requirePageRole('admin'), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const me = c.get('user');
    const units = await currentUnits(deps, c.get('scope'));
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const collator = new Intl.Collator('vi');
    const accounts = (await listUsers(deps)).sort((a, b) => collator.compare(a.username, b.username));
    return c.html(
      <Layout lang={lang} title={TEXT.users[lang]} bodyClass="page report users-page" scripts={['/public/users.js']}>
        <main>
          <StaffHead lang={lang} user={me} />
          <h1>{TEXT.users[lang]}</h1>
          <p>
            <a href={withLang(lang, '/staff/users/service-accounts')}>{TEXT.serviceAccounts[lang]} →</a>
          </p>
          <section>
            <h2>{TEXT.newUser[lang]}</h2>
            <form id="new-user" class="filters">
              <label>
                {TEXT.username[lang]}
                <input name="username" required pattern="[a-z0-9._\-]{3,64}" autocomplete="off" />
              </label>
              <label>
                {TEXT.displayName[lang]}
                <input name="displayName" required maxlength={100} autocomplete="off" />
              </label>
              <RoleAndUnit lang={lang} units={units} userRole="unit_staff" />
              <label>
                {TEXT.password[lang]}
                <input name="password" type="password" required minlength={12} autocomplete="new-password" />
              </label>
              <button type="submit" class="primary">
                {TEXT.create[lang]}
              </button>
              <p class="error" role="alert" hidden></p>
            </form>
          </section>
          <table class="data cards-on-phone" id="users">
            <thead>
              <tr>
                <th>{TEXT.username[lang]}</th>
                <th>{TEXT.role[lang]}</th>
                <th>{TEXT.unit[lang]}</th>
                <th>{TEXT.status[lang]}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((u) => (
                <tr data-user={String(u.id)}>
                  <th scope="row">
                    {u.username}
                    <span class="when">{u.displayName}</span>
                  </th>
                  <td data-label={TEXT.role[lang]}>{ROLE_LABELS[u.role][lang]}</td>
                  <td data-label={TEXT.unit[lang]}>{u.unitId === null ? '–' : (unitName.get(u.unitId) ?? `#${u.unitId}`)}</td>
                  <td data-label={TEXT.status[lang]} class="account-state">
                    {u.disabledAt ? (
                      <span class="badge callback-open">{TEXT.accountDisabled[lang]}</span>
                    ) : (
                      <span class="badge callback-resolved">{TEXT.accountActive[lang]}</span>
                    )}
                    {u.signInHeldUntil ? (
                      <span class="when">
                        {TEXT.heldUntil[lang]} {vnDateTime(Date.parse(u.signInHeldUntil))[lang]}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <details>
                      <summary>{TEXT.editAccount[lang]}</summary>
                      <form class="user-change" data-user={String(u.id)}>
                        <label>
                          {TEXT.displayName[lang]}
                          <input name="displayName" value={u.displayName} required maxlength={100} />
                        </label>
                        <RoleAndUnit lang={lang} units={units} userRole={u.role} unitId={u.unitId} />
                        <button type="submit">{TEXT.saveChanges[lang]}</button>
                        <p class="error" role="alert" hidden></p>
                      </form>
                      <form class="user-password" data-user={String(u.id)}>
                        <label>
                          {TEXT.newPassword[lang]}
                          <input name="password" type="password" required minlength={12} autocomplete="new-password" />
                        </label>
                        <button type="submit">{TEXT.setPassword[lang]}</button>
                        <p class="error" role="alert" hidden></p>
                      </form>
                    </details>
                    {u.signInHeldUntil ? (
                      <form class="user-unlock" data-user={String(u.id)}>
                        <button type="submit">{TEXT.unlock[lang]}</button>
                        <p class="error" role="alert" hidden></p>
                      </form>
                    ) : null}
                    {u.id === me.id ? null : (
                      <form class="user-disable" data-user={String(u.id)} data-disabled={u.disabledAt ? 'false' : 'true'}>
                        <button type="submit">{u.disabledAt ? TEXT.enableAccount[lang] : TEXT.disableAccount[lang]}</button>
                        <p class="error" role="alert" hidden></p>
                      </form>
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
