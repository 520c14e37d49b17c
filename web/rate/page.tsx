import { type Context, Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { EMBED_PATH } from '../../api/platform/http.js';
import { clientIp } from '../../api/platform/proxy.js';
import { type RateLimiter, tooManyRequests } from '../../api/platform/rate-limit.js';
import { linkOrigin } from '../../api/ratings/integrity.js';
import { ratingLinkPage } from '../../api/ratings/links.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { Layout, PageHead } from '../platform/layout.js';
import { FaceButtons, ReasonChips } from '../platform/rating.js';

const LINK_NOTICE = { unknown: TEXT.tokenUnknown, used: TEXT.tokenUsed, expired: TEXT.tokenExpired };

/**
 * The citizen's page behind a rating link (limited per address, with the survey link page, by
 * `perIp`), at /r/:token, and the same inside a portal's page at /embed/rate?token=…&origin=…,
 * for the sites EMBED_ORIGINS lists: it tells the portal's page when the citizen has rated.
 */
export function ratePage(deps: AppDeps, perIp: RateLimiter) {
  const app = new Hono<AppEnv>();
  app.get('/r/:token', (c) => ratingView(c, deps, perIp, c.req.param('token'), null));
  app.get(EMBED_PATH, (c) => {
    const origin = c.req.query('origin') ?? '';
    if (!deps.env.EMBED_ORIGINS.includes(origin)) {
      const lang = langOf(c.req.query('lang'));
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online embed">
          <main class="notice">
            <p>{TEXT.embedNotAllowed[lang]}</p>
          </main>
        </Layout>,
        403,
      );
    }
    return ratingView(c, deps, perIp, c.req.query('token') ?? '', origin);
  });
  return app;
}

async function ratingView(c: Context<AppEnv>, deps: AppDeps, perIp: RateLimiter, token: string, parentOrigin: string | null) {
  const lang = langOf(c.req.query('lang'));
  const wait = await perIp.hit(clientIp(c, deps));
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
    <Layout lang={lang} title={TEXT.appName[lang]} bodyClass={`page online${parentOrigin ? ' embed' : ''}`} scripts={['/public/online.js']}>
      <main
        id="online"
        data-token={token}
        data-reason-max-level={String(deps.env.ONLINE_REASON_MAX_LEVEL)}
        {...(parentOrigin ? { 'data-parent-origin': parentOrigin } : {})}
      >
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
}
