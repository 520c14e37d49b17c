// @ts-check
import { uuid } from './outbox.js';

const root = /** @type {HTMLElement} */ (document.getElementById('online'));
const token = root.dataset.token || '';
const reasonMaxLevel = Number(root.dataset.reasonMaxLevel);
const channel = new URLSearchParams(location.search).get('via') === 'qr' ? 'qr' : 'online';
// Inside a portal's page (/embed/rate), the portal hears how it ended: { type: 'sipas:rating', status }.
const parentOrigin = root.dataset.parentOrigin;
const tellParent = (/** @type {'rated' | 'already_rated' | 'expired'} */ status) => {
  if (parentOrigin && window.parent !== window) window.parent.postMessage({ type: 'sipas:rating', status, level }, parentOrigin);
};
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const message = (/** @type {string} */ id) => /** @type {HTMLTemplateElement} */ ($(id)).content.textContent || '';

// One key per token for the life of the tab, so pressing send again after a dropped connection never rates twice.
// A browser may refuse storage to a page framed by another site (the portal's): the key then lives as long as the page.
const keyName = `rating.key.${token}`;
const idempotencyKey = (() => {
  try {
    const key = sessionStorage.getItem(keyName) || uuid();
    sessionStorage.setItem(keyName, key);
    return key;
  } catch {
    return uuid();
  }
})();

let level = 0;
for (const btn of document.querySelectorAll('.face-btn')) {
  btn.addEventListener('click', () => {
    level = Number(/** @type {HTMLElement} */ (btn).dataset.level);
    for (const b of document.querySelectorAll('.face-btn')) b.setAttribute('aria-pressed', String(b === btn));
    $('online-reasons').hidden = level > reasonMaxLevel;
  });
}
// Any change the citizen makes answers the last error message.
for (const event of ['click', 'input', 'change'])
  $('online-form').addEventListener(event, (e) => {
    if (e.target !== $('online-send')) $('online-error').hidden = true;
  });
for (const chip of document.querySelectorAll('.chip')) {
  chip.addEventListener('click', () => chip.setAttribute('aria-pressed', chip.getAttribute('aria-pressed') === 'true' ? 'false' : 'true'));
}

function fail(/** @type {string} */ text) {
  $('online-error').textContent = text;
  $('online-error').hidden = false;
}

$('online-send').addEventListener('click', async () => {
  if (!level) return fail(message('msg-choose'));
  const reasons =
    level <= reasonMaxLevel
      ? [...document.querySelectorAll('.chip[aria-pressed="true"]')].map((c) => /** @type {HTMLElement} */ (c).dataset.reason)
      : [];
  const comment = /** @type {HTMLTextAreaElement} */ ($('comment')).value.trim();
  const phone = /** @type {HTMLInputElement} */ ($('phone')).value.trim();
  const consent = /** @type {HTMLInputElement} */ ($('consent')).checked;
  if (phone && !consent) return fail(message('msg-consent'));
  const body = {
    token,
    channel,
    level,
    clientTime: new Date().toISOString(),
    ...(reasons.length ? { reasons } : {}),
    ...(comment ? { comment } : {}),
    ...(phone ? { followUp: { phone, consent: true } } : {}),
  };
  const button = /** @type {HTMLButtonElement} */ ($('online-send'));
  button.disabled = true;
  try {
    const res = await fetch('/api/ratings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.ok) {
      $('online-form').hidden = true;
      $('online-thanks').hidden = false;
      tellParent('rated');
      return;
    }
    const err = await res.json().catch(() => null);
    const code = err?.error?.code;
    if (code === 'already_rated') tellParent('already_rated');
    if (code === 'token_expired') tellParent('expired');
    fail(
      code === 'already_rated'
        ? message('msg-used')
        : code === 'token_expired'
          ? message('msg-expired')
          : err?.error?.message?.[document.documentElement.lang] || message('msg-failed'),
    );
  } catch {
    fail(message('msg-failed'));
  } finally {
    button.disabled = false;
  }
});
