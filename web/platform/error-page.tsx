import type { Context, ErrorHandler } from 'hono';
import { describeError, NOT_FOUND } from '../../api/platform/http.js';
import { langOf, TEXT, withLang } from './i18n.js';
import { Layout, PageHead } from './layout.js';

/** A refusal or failure on a page, as a page: the API's bilingual message, and the way back. */
export const pageError: ErrorHandler = (err, c) => {
  const { status, body, headers } = describeError(err);
  const lang = langOf(c.req.query('lang'));
  const message = body.error.message[lang];
  return c.html(
    <Layout lang={lang} title={message} bodyClass="page">
      <main>
        <PageHead lang={lang} />
        <h1>{message}</h1>
        {body.error.fields?.length ? (
          <ul>
            {body.error.fields.map((f) => (
              <li>
                {f.field}: {f.message[lang]}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <a href={withLang(lang, '/staff')}>{TEXT.staffHome[lang]}</a>
          {' · '}
          <a href={withLang(lang, '/')}>{TEXT.appName[lang]}</a>
        </p>
      </main>
    </Layout>,
    status,
    headers,
  );
};

export const pageNotFound = (c: Context) => pageError(NOT_FOUND, c);
