import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { type Definition, getDefinition } from '../engine/index.js';
import { LEVELS, LEVEL_LABELS } from '../engine/scale.js';
import { sha256 } from '../api/auth/secrets.js';
import type { AppDeps, AppEnv } from '../api/context.js';
import { counters, kioskDevices, procedures, ratingTokens, ratings, transactions, units } from '../api/db/schema.js';
import { RateLimiter, clientIp, tooManyRequests } from '../api/rate-limit.js';
import { formByLink } from '../api/surveys.js';
import { REASONS, REASON_CODES } from '../api/vocabulary.js';
import { Face } from './faces.js';
import { type Lang, TEXT, langOf } from './i18n.js';
import { LangLink, Layout, PageHead } from './layout.js';
import { QuestionnaireForm } from './questionnaire.js';

function FaceButtons(props: { lang: Lang; name?: string }) {
  return (
    <div class="faces" role="group">
      {LEVELS.map((level) => (
        <button type="button" class="face-btn" data-level={String(level)} name={props.name} value={String(level)}>
          <Face level={level} />
          <span class="face-label">{LEVEL_LABELS[level][props.lang]}</span>
        </button>
      ))}
    </div>
  );
}

function ReasonChips(props: { lang: Lang }) {
  return (
    <div class="chips">
      {REASON_CODES.map((code) => (
        <button type="button" class="chip" aria-pressed="false" data-reason={code}>
          {REASONS[code][props.lang]}
        </button>
      ))}
    </div>
  );
}

export function webRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Public pages that look a token up are limited per address like the rating endpoint.
  const perIp = new RateLimiter(deps.env.RATE_LIMIT_RATINGS_PER_IP, deps.env.RATE_LIMIT_WINDOW_SECONDS * 1000, deps.now);

  app.get('/', (c) => {
    const lang = langOf(c.req.query('lang'));
    return c.html(
      <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page">
        <main class="home">
          <PageHead lang={lang} />
          <h1>{TEXT.appName[lang]}</h1>
          <p>{TEXT.homeIntro[lang]}</p>
          <p>
            <a href="/api/openapi.json">{TEXT.apiDoc[lang]}</a>
          </p>
        </main>
      </Layout>,
    );
  });

  app.get('/kiosk/:deviceId', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const device = await deps.store.db
      .select({ id: kioskDevices.id, counter: counters.name, unit: units.name, revokedAt: kioskDevices.revokedAt })
      .from(kioskDevices)
      .innerJoin(counters, eq(counters.id, kioskDevices.counterId))
      .innerJoin(units, eq(units.id, counters.unitId))
      .where(eq(kioskDevices.id, c.req.param('deviceId')))
      .get();
    if (!device || device.revokedAt) {
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page">
          <main class="notice">
            <p>{TEXT.deviceUnknown[lang]}</p>
          </main>
        </Layout>,
        404,
      );
    }
    return c.html(
      <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="kiosk" scripts={['/public/kiosk.js']}>
        <main
          id="kiosk"
          data-device-id={device.id}
          data-reason-max-level={String(deps.env.KIOSK_REASON_MAX_LEVEL)}
          data-thanks-seconds={String(deps.env.KIOSK_THANKS_SECONDS)}
        >
          <header class="kiosk-head">
            <span>
              {device.unit} · {device.counter}
            </span>
            <LangLink lang={lang} />
          </header>
          <section id="screen-rate" class="screen">
            <h1>{TEXT.question[lang]}</h1>
            <FaceButtons lang={lang} />
          </section>
          <section id="screen-reasons" class="screen" hidden>
            <h1>{TEXT.reasonsQuestion[lang]}</h1>
            <ReasonChips lang={lang} />
            <div class="actions">
              <button type="button" id="reasons-send" class="primary">
                {TEXT.send[lang]}
              </button>
              <button type="button" id="reasons-skip">
                {TEXT.skip[lang]}
              </button>
            </div>
          </section>
          <section id="screen-thanks" class="screen" hidden>
            <h1>{TEXT.thanks[lang]}</h1>
          </section>
          <section id="screen-nokey" class="screen" hidden>
            <p>{TEXT.noKey[lang]}</p>
          </section>
          <footer class="kiosk-status" aria-live="polite">
            <span id="pending" hidden>
              {TEXT.pending[lang]}: <b id="pending-count">0</b>
            </span>
          </footer>
        </main>
      </Layout>,
    );
  });

  app.get('/r/:token', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const wait = perIp.hit(clientIp(c, deps));
    if (wait !== null) {
      c.header('Retry-After', String(wait));
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online">
          <main class="notice">
            <p>{tooManyRequests(wait).bilingual[lang]}</p>
          </main>
        </Layout>,
        429,
      );
    }
    const token = c.req.param('token');
    const found = await deps.store.db
      .select({
        expiresAt: ratingTokens.expiresAt,
        usedAt: ratingTokens.usedAt,
        receiptCode: transactions.receiptCode,
        transactionId: transactions.id,
        unit: units.name,
        procedure: procedures.name,
      })
      .from(ratingTokens)
      .innerJoin(transactions, eq(transactions.id, ratingTokens.transactionId))
      .innerJoin(units, eq(units.id, transactions.unitId))
      .innerJoin(procedures, eq(procedures.id, transactions.procedureId))
      .where(eq(ratingTokens.tokenHash, sha256(token)))
      .get();
    const rated =
      found && await deps.store.db.select({ id: ratings.id }).from(ratings).where(eq(ratings.transactionId, found.transactionId)).get();
    const problem = !found
      ? TEXT.tokenUnknown
      : found.usedAt || rated
        ? TEXT.tokenUsed
        : found.expiresAt.getTime() <= deps.now()
          ? TEXT.tokenExpired
          : undefined;
    if (!found || problem) {
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online">
          <main class="notice">
            <PageHead lang={lang} />
            <p>{(problem ?? TEXT.tokenUnknown)[lang]}</p>
          </main>
        </Layout>,
        found ? 200 : 404,
      );
    }
    return c.html(
      <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page online" scripts={['/public/online.js']}>
        <main id="online" data-token={token} data-reason-max-level={String(deps.env.KIOSK_REASON_MAX_LEVEL)}>
          <PageHead lang={lang} />
          <p class="dossier">
            <b>{found.unit}</b>
            <br />
            {TEXT.procedure[lang]}: {found.procedure}
            <br />
            {TEXT.dossier[lang]}: {found.receiptCode}
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

  /** A household answers its survey form on its own phone through a secret link. */
  app.get('/s/:token', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const wait = perIp.hit(clientIp(c, deps));
    const found = wait === null ? await formByLink(deps, c.req.param('token')) : undefined;
    const problem =
      wait !== null ? tooManyRequests(wait).bilingual : !found ? TEXT.surveyLinkUnknown : found.respondent.status === 'completed' ? TEXT.surveyAnswered : undefined;
    if (!found || problem) {
      return c.html(
        <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="page">
          <main class="notice">
            <PageHead lang={lang} />
            <p>{(problem ?? TEXT.surveyLinkUnknown)[lang]}</p>
          </main>
        </Layout>,
        wait !== null ? 429 : found ? 200 : 404,
      );
    }
    return c.html(
      <Layout lang={lang} title={found.wave.name} bodyClass="page tablet" scripts={['/public/tablet.js']}>
        <main id="tablet" data-token={c.req.param('token')} data-lang={lang}>
          <PageHead lang={lang} />
          <p class="hint">{TEXT.surveyIntro[lang]}</p>
          <QuestionnaireForm definition={getDefinition(found.wave.definitionId) as Definition} title={found.wave.name} lang={lang} hidden={false} />
          <section id="tablet-thanks" hidden>
            <h1>{TEXT.surveyThanks[lang]}</h1>
          </section>
        </main>
      </Layout>,
    );
  });

  return app;
}
