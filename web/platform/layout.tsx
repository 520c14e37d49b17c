import type { Child } from 'hono/jsx';
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

export function LangLink(props: { lang: Lang }) {
  return (
    <a class="lang-link" href={props.lang === 'vi' ? '?lang=en' : '?lang=vi'}>
      {TEXT.otherLang[props.lang]}
    </a>
  );
}

/** The top line of ordinary pages: the language switch (and, for staff, who is signed in). */
export function PageHead(props: { lang: Lang; user?: string }) {
  return (
    <div class="page-head">
      {props.user ? <span class="signed-in">{props.user}</span> : null}
      <LangLink lang={props.lang} />
    </div>
  );
}
