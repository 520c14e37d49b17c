import { Hono } from 'hono';
import type { AppEnv } from '../../api/platform/context.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, PageHead } from '../platform/layout.js';
import { safeNext } from '../platform/session.js';

export function loginPage() {
  const app = new Hono<AppEnv>();
  app.get('/login', (c) => {
    const lang = langOf(c.req.query('lang'));
    return c.html(
      <Layout lang={lang} title={TEXT.signIn[lang]} bodyClass="page" scripts={['/public/login.js']}>
        <main class="narrow">
          <PageHead lang={lang} />
          <h1>{TEXT.signIn[lang]}</h1>
          <form id="login" class="stack" data-next={safeNext(c.req.query('next'))}>
            <label>
              {TEXT.username[lang]}
              <input name="username" autocomplete="username" required />
            </label>
            <label>
              {TEXT.password[lang]}
              <input name="password" type="password" autocomplete="current-password" required />
            </label>
            <p id="login-error" class="error" role="alert" hidden></p>
            <button type="submit" class="primary">
              {TEXT.signIn[lang]}
            </button>
          </form>
        </main>
      </Layout>,
    );
  });
  return app;
}
