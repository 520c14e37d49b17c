// @ts-check
import { createOutbox } from './outbox.js';

const root = /** @type {HTMLElement} */ (document.getElementById('kiosk'));
const deviceId = root.dataset.deviceId || '';
const reasonMaxLevel = Number(root.dataset.reasonMaxLevel);
const thanksMs = Number(root.dataset.thanksSeconds) * 1000;
const heartbeatMs = Number(root.dataset.heartbeatSeconds) * 1000;
const REASONS_IDLE_MS = 30_000;

// The device key arrives once in the address fragment (never sent to the server in logs) and is kept on the device.
const keyName = `kiosk.key.${deviceId}`;
const fragmentKey = new URLSearchParams(location.hash.slice(1)).get('key');
if (fragmentKey) {
  localStorage.setItem(keyName, fragmentKey);
  history.replaceState(null, '', location.pathname + location.search);
}
const deviceKey = localStorage.getItem(keyName);
// A set-up address opened on a kiosk already showing this page changes only the fragment: start afresh with it.
window.addEventListener('hashchange', () => {
  if (new URLSearchParams(location.hash.slice(1)).get('key')) location.reload();
});

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const screens = ['screen-rate', 'screen-reasons', 'screen-thanks', 'screen-nokey'];
// Once the server refuses this kiosk's key it takes no more taps until it is set up again.
let notSetUp = root.dataset.revoked === 'true' || !deviceKey;
function show(/** @type {string} */ id) {
  const next = notSetUp ? 'screen-nokey' : id;
  if (!$(next).hidden) return;
  for (const s of screens) $(s).hidden = s !== next;
  // Focus moves to the new screen and a screen reader hears its heading.
  const heading = /** @type {HTMLElement} */ ($(next).querySelector('h1'));
  heading.focus();
  $('announce').textContent = heading.textContent;
}

const outbox = createOutbox(
  `kiosk.outbox.v1.${deviceId}`,
  () => ({ 'x-device-key': deviceKey || '' }),
  (pending) => {
    $('pending').hidden = pending === 0;
    $('pending-count').textContent = String(pending);
  },
);

/** @type {string | null} */ let heldKey = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */ let timer;

function thanks() {
  show('screen-thanks');
  clearTimeout(timer);
  timer = setTimeout(() => show('screen-rate'), thanksMs);
}

function finishReasons(/** @type {boolean} */ withReasons) {
  if (!heldKey) return;
  const chips = [...document.querySelectorAll('.chip[aria-pressed="true"]')];
  const reasons = withReasons ? chips.map((c) => /** @type {HTMLElement} */ (c).dataset.reason) : [];
  outbox.release(heldKey, reasons.length ? { reasons } : {});
  heldKey = null;
  for (const c of chips) c.setAttribute('aria-pressed', 'false');
  thanks();
  void outbox.flush();
}

for (const btn of document.querySelectorAll('.face-btn')) {
  btn.addEventListener('click', () => {
    if ($('screen-rate').hidden) return;
    const level = Number(/** @type {HTMLElement} */ (btn).dataset.level);
    const body = { deviceId, level, clientTime: new Date().toISOString() };
    if (level <= reasonMaxLevel) {
      heldKey = outbox.add(body, true);
      show('screen-reasons');
      clearTimeout(timer);
      timer = setTimeout(() => finishReasons(true), REASONS_IDLE_MS);
    } else {
      outbox.add(body);
      thanks();
      void outbox.flush();
    }
  });
}
for (const chip of document.querySelectorAll('.chip')) {
  chip.addEventListener('click', () => {
    chip.setAttribute('aria-pressed', chip.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
    clearTimeout(timer);
    timer = setTimeout(() => finishReasons(true), REASONS_IDLE_MS);
  });
}
$('reasons-send').addEventListener('click', () => finishReasons(true));
$('reasons-skip').addEventListener('click', () => finishReasons(false));

window.addEventListener('online', () => void outbox.flush());
setInterval(() => {
  if (outbox.pending() > 0) void outbox.flush();
}, 5000);

/** Tells the server this kiosk is up; a refused key turns the kiosk to its "not set up" screen. */
async function heartbeat() {
  const res = await fetch(`/api/kiosks/${encodeURIComponent(deviceId)}/heartbeat`, {
    method: 'POST',
    headers: deviceKey ? { 'x-device-key': deviceKey } : {},
    signal: AbortSignal.timeout(8000),
  }).catch(() => null);
  if (res?.status === 401) {
    notSetUp = true;
    show('screen-nokey');
  }
}
void heartbeat();
setInterval(() => void heartbeat(), heartbeatMs);

if (notSetUp) {
  show('screen-nokey');
} else {
  // A reload while reason chips were open must not lose that rating: send it without reasons.
  outbox.releaseAll();
  void outbox.flush();
}
