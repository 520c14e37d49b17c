import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { clientIp } from '../../api/platform/proxy.js';
import { type RateLimiter, tooManyRequests } from '../../api/platform/rate-limit.js';
import { linkOrigin } from '../../api/ratings/integrity.js';
import { ratingLinkPage } from '../../api/ratings/links.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, PageHead } from '../platform/layout.js';
import { FaceButtons, ReasonChips } from '../platform/rating.js';

const LINK_NOTICE = { unknown: TEXT.tokenUnknown, used: TEXT.tokenUsed, expired: TEXT.tokenExpired };

/** The citizen's page behind a rating link (limited per address, with the survey link page, by `perIp`). */
export function ratePage(deps: AppDeps, perIp: RateLimiter) {
  const app = new Hono<AppEnv>();
  app.get('/r/:token', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const wait = perIp.hit(clientIp(c, deps));
    if (wait !== null) {
      const refusal = tooManyRequests(wait);
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online">
          <main class="notice">
            <p>{refusal.bilingual[lang]}</p>
          </main>
        </Layout>,
        429,
        refusal.headers,
      );
    }
    // A staff browser learns nothing of a link (not even whether its dossier was rated).
    const origin = await linkOrigin(c, deps);
    if (origin.staffSession || origin.staffDevice)
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online">
          <main class="notice">
            <PageHead lang={lang} />
            <p>{TEXT.linkForCitizens[lang]}</p>
          </main>
        </Layout>,
        403,
      );
    const token = c.req.param('token');
    const { state, dossier } = await ratingLinkPage(deps, token);
    if (state !== 'open' || !dossier) {
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online">
          <main class="notice">
            <PageHead lang={lang} />
            <p>{LINK_NOTICE[state === 'open' ? 'unknown' : state][lang]}</p>
          </main>
        </Layout>,
        state === 'unknown' ? 404 : 200,
      );
    }
    return c.html(
      <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online" scripts={['/public/online.js']}>
        <main id="online" data-token={token} data-reason-max-level={String(deps.env.ONLINE_REASON_MAX_LEVEL)}>
          <PageHead lang={lang} />
          <p class="dossier">
            <b>{dossier.unit}</b>
            <br />
            {TEXT.procedure[lang]}: {dossier.procedure}
            <br />
            {TEXT.dossier[lang]}: {dossier.receiptCode}
          </p>
          <section id="online-form">
            <h1>{TEXT.question[lang]}</h1>
            <FaceButtons lang={lang} />
            <div id="online-reasons" hidden>
              <h2>{TEXT.reasonsQuestion[lang]}</h2>
              <ReasonChips lang={lang} />
            </div>
            <label class="comment">
              {TEXT.comment[lang]}
              <textarea id="comment" maxlength={1000} rows={3}></textarea>
            </label>
            <label class="comment">
              {TEXT.phone[lang]}
              <input id="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength={15} />
            </label>
            <label class="consent">
              <input id="consent" type="checkbox" />
              <span>{TEXT.consent[lang]}</span>
            </label>
            <p id="online-error" class="error" role="alert" hidden></p>
            <button type="button" id="online-send" class="primary">
              {TEXT.send[lang]}
            </button>
          </section>
          <section id="online-thanks" hidden>
            <h1>{TEXT.thanks[lang]}</h1>
          </section>
          <template id="msg-choose">{TEXT.chooseLevel[lang]}</template>
          <template id="msg-failed">{TEXT.sendFailed[lang]}</template>
          <template id="msg-used">{TEXT.tokenUsed[lang]}</template>
          <template id="msg-expired">{TEXT.tokenExpired[lang]}</template>
          <template id="msg-consent">{TEXT.needConsent[lang]}</template>
        </main>
      </Layout>,
    );
  });
  return app;
}
