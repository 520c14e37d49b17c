import { Hono } from 'hono';
import type { AppEnv } from '../../api/platform/context.js';
import { langOf, TEXT, withLang } from '../platform/i18n.js';
import { Layout, PageHead } from '../platform/layout.js';

export function homePage() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const lang = langOf(c.req.query('lang'));
    return c.html(
      <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page">
        <main class="home">
          <PageHead lang={lang} />
          <h1>{TEXT.appName[lang]}</h1>
          <p>{TEXT.homeIntro[lang]}</p>
          <p>
            <a class="button primary" href={withLang(lang, '/login')}>
              {TEXT.signIn[lang]}
            </a>
          </p>
          <p>
            <a href="/api/openapi.json">{TEXT.apiDoc[lang]}</a>
          </p>
        </main>
      </Layout>,
    );
  });
  return app;
}
