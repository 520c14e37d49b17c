import { Hono } from 'hono';
import { kioskScreen } from '../../api/kiosks/service.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { LangLink, Layout } from '../platform/layout.js';
import { FaceButtons, ReasonChips } from '../platform/rating.js';

/** What a kiosk shows when it may not take ratings: a plain sentence for citizens, the device id for staff. */
function NotSetUp(props: { lang: 'vi' | 'en'; deviceId: string }) {
  return (
    <>
      <h1 tabindex={-1}>{TEXT.notSetUp[props.lang]}</h1>
      <p class="hint">
        {TEXT.notSetUpStaff[props.lang]} <b>{props.deviceId}</b>
      </p>
    </>
  );
}

export function kioskPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/kiosk/:deviceId', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const deviceId = c.req.param('deviceId');
    const device = await kioskScreen(deps, deviceId);
    if (!device) {
      return c.html(
        <Layout lang={lang} title={TEXT.notSetUp[lang]} bodyClass="kiosk">
          <main id="kiosk">
            <section class="screen">
              <NotSetUp lang={lang} deviceId={deviceId} />
            </section>
          </main>
        </Layout>,
        404,
      );
    }
    // A revoked kiosk still loads, so it keeps reporting in and shows on the fleet page as refused.
    const everyTap = deps.env.KIOSK_REASON_MAX_LEVEL >= 5;
    return c.html(
      <Layout lang={lang} title={TEXT.appName[lang]} bodyClass="kiosk" scripts={['/public/kiosk.js']}>
        <main
          id="kiosk"
          data-device-id={device.id}
          data-revoked={device.revokedAt ? 'true' : 'false'}
          data-reason-max-level={String(deps.env.KIOSK_REASON_MAX_LEVEL)}
          data-thanks-seconds={String(deps.env.KIOSK_THANKS_SECONDS)}
          data-heartbeat-seconds={String(deps.env.KIOSK_HEARTBEAT_SECONDS)}
        >
          <header class="kiosk-head">
            <span>
              {device.unit} · {device.counter}
            </span>
            <LangLink lang={lang} />
          </header>
          <section id="screen-rate" class="screen">
            <h1 tabindex={-1}>{TEXT.question[lang]}</h1>
            <FaceButtons lang={lang} />
          </section>
          <section id="screen-reasons" class="screen" hidden>
            <h1 tabindex={-1}>{everyTap ? TEXT.reasonsQuestionAny[lang] : TEXT.reasonsQuestion[lang]}</h1>
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
            <h1 tabindex={-1}>{TEXT.thanks[lang]}</h1>
          </section>
          <section id="screen-nokey" class="screen" hidden>
            <NotSetUp lang={lang} deviceId={device.id} />
          </section>
          <p id="announce" class="visually-hidden" aria-live="assertive"></p>
          <footer class="kiosk-status" aria-live="polite">
            <span id="pending" hidden>
              {TEXT.pending[lang]}: <b id="pending-count">0</b>
            </span>
          </footer>
        </main>
      </Layout>,
    );
  });
  return app;
}
