import { getContext } from 'hono/context-storage';
import type { Child } from 'hono/jsx';
import { CALLBACK_HANDLERS } from '../../api/callbacks/schemas.js';
import { IMPORTERS } from '../../api/imports/schemas.js';
import type { AppEnv, SessionUser } from '../../api/platform/context.js';
import { ROLE_LABELS } from '../../api/platform/vocabulary.js';
import { HOLD_READERS } from '../../api/rating-holds/schemas.js';
import { LINK_ISSUERS } from '../../api/ratings/schemas.js';
import { type Lang, TEXT } from './i18n.js';

export function Layout(props: { lang: Lang; title: string; bodyClass?: string; scripts?: string[]; children?: Child }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="icon" href="/public/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/public/styles.css" />
        {props.scripts?.map((src) => (
          <script type="module" src={src}></script>
        ))}
      </head>
      <body class={props.bodyClass}>{props.children}</body>
    </html>
  );
}

/** The same page in the other language, its filters (and a sign-in's next page) kept. */
export function LangLink(props: { lang: Lang }) {
  const url = new URL(getContext().req.url);
  if (props.lang === 'vi') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  return (
    <a class="lang-link" href={`${url.pathname}${url.search}`} hreflang={props.lang === 'vi' ? 'en' : 'vi'}>
      {TEXT.otherLang[props.lang]}
    </a>
  );
}

/** The top line of public pages: the language switch. */
export function PageHead(props: { lang: Lang }) {
  return (
    <div class="page-head">
      <LangLink lang={props.lang} />
    </div>
  );
}

/**
 * The top of every staff page: where a role may go (nothing it cannot use), who is signed in, the
 * language switch and sign-out.
 */
export function StaffHead(props: { lang: Lang; user: SessionUser }) {
  const { lang, user } = props;
  const en = lang === 'en' ? '?lang=en' : '';
  const may = (roles: readonly string[]) => roles.includes(user.role);
  const only = (allowed: boolean, path: string, label: string): [string, string][] => (allowed ? [[path, label]] : []);
  // A unit's own staff see their unit alone: nothing to rank or compare it with.
  const beyondOneUnit = user.role !== 'unit_staff';
  const places: [string, string][] = [
    ['/staff', TEXT.staffHome[lang]],
    ['/staff/dashboard', TEXT.dashboard[lang]],
    ...only(beyondOneUnit, '/staff/ranking', TEXT.ranking[lang]),
    ...only(beyondOneUnit, '/staff/compare', TEXT.compare[lang]),
    ['/staff/alerts', TEXT.alerts[lang]],
    ['/staff/surveys', TEXT.surveyWaves[lang]],
    ...only(may(IMPORTERS), '/staff/imports', TEXT.importsShort[lang]),
    ['/staff/par', TEXT.parShort[lang]],
    ['/staff/kiosks', TEXT.kiosks[lang]],
    ...only(may(LINK_ISSUERS), '/staff/links', TEXT.linkSlips[lang]),
    ...only(may(HOLD_READERS), '/staff/holds', TEXT.holds[lang]),
    ...only(may(CALLBACK_HANDLERS), '/staff/callbacks', TEXT.callbacks[lang]),
    ['/staff/units', TEXT.unitsTitle[lang]],
    ...only(user.role === 'admin', '/staff/users', TEXT.users[lang]),
    ...only(user.role === 'admin', '/staff/webhooks', TEXT.webhooks[lang]),
  ];
  return (
    <header class="staff-head">
      <nav class="staff-nav" aria-label={TEXT.staffHome[lang]}>
        {places.map(([path, label]) => (
          <a href={`${path}${en}`}>{label}</a>
        ))}
      </nav>
      <div class="page-head">
        <span class="signed-in">
          {user.displayName} · {ROLE_LABELS[user.role][lang]} · {getContext<AppEnv>().var.scopeName ?? TEXT.everyUnit[lang]}
        </span>
        <LangLink lang={lang} />
        <button type="button" id="sign-out" class="link">
          {TEXT.signOut[lang]}
        </button>
        <script type="module" src="/public/sign-out.js"></script>
      </div>
    </header>
  );
}
