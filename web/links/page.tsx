import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { LINK_ISSUERS } from '../../api/ratings/schemas.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';

/**
 * Rating slips: staff type or scan the receipt codes, and print one slip per dossier with its QR
 * code for the citizen to take home. The links are shown only on the slips, once: nothing here
 * lists them again.
 */
export function linksPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/links', requirePageUser(deps), requirePageRole(...LINK_ISSUERS), (c) => {
    const lang = langOf(c.req.query('lang'));
    return c.html(
      <Layout lang={lang} title={TEXT.linkSlips[lang]} bodyClass="page slips-page" scripts={['/public/links.js']}>
        <main>
          <StaffHead lang={lang} user={c.get('user')} />
          <h1>{TEXT.linkSlips[lang]}</h1>
          <p class="hint">{TEXT.linkSlipsNote[lang]}</p>
          <form id="slips-form">
            <label>
              {TEXT.receiptCodes[lang]}
              <textarea name="codes" required rows={4} autocomplete="off"></textarea>
            </label>
            <button type="submit" class="primary">
              {TEXT.issueSlips[lang]}
            </button>
            <p class="error" role="alert" hidden></p>
          </form>
          <section id="slips" hidden>
            <button type="button" id="print-slips" class="primary">
              {TEXT.printSlips[lang]}
            </button>
            <div class="slips"></div>
            <template id="slip">
              <article class="slip">
                <p class="slip-title">{TEXT.slipTitle[lang]}</p>
                <p>
                  {TEXT.dossier[lang]}: <b class="slip-code"></b>
                </p>
                <div class="slip-qr"></div>
                <p class="slip-how">{TEXT.slipHow[lang]}</p>
                <p class="slip-url"></p>
                <p class="slip-until">
                  {TEXT.slipUntil[lang]} <span></span>
                </p>
              </article>
            </template>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
