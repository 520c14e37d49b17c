import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { kioskScreen } from '../../api/ratings/kiosks.js';
import { langOf, TEXT } from '../platform/i18n.js';
import { LangLink, Layout } from '../platform/layout.js';
import { FaceButtons, ReasonChips } from '../platform/rating.js';

export function kioskPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/kiosk/:deviceId', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const device = await kioskScreen(deps, c.req.param('deviceId'));
    if (!device) {
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
  return app;
}
