// @ts-check
import { formRefusal } from './form-check.js';

/** Self-completion: on the office tablet (staff enter the code) or through a household's own link (a token). */
const root = /** @type {HTMLElement} */ (document.getElementById('tablet'));
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($('tablet-form'));
const codeInput = /** @type {HTMLInputElement | null} */ (document.getElementById('tablet-code'));
const lang = root.dataset.lang === 'en' ? 'en' : 'vi';
// A household's own link carries a token; the office tablet takes a form code from staff instead.
const token = root.dataset.token;
let code = '';

function show(/** @type {'start' | 'form' | 'thanks'} */ step) {
  if (!token) $('tablet-start').hidden = step !== 'start';
  form.hidden = step !== 'form';
  $('tablet-thanks').hidden = step !== 'thanks';
  window.scrollTo(0, 0);
}

if (!token) {
  const begin = async () => {
    code = codeInput?.value.trim() ?? '';
    if (!code) return;
    // Staff learn of a wrong or finished code before the tablet is handed over.
    const refusal = await formRefusal(root.dataset.wave || '', code, lang);
    $('tablet-start-error').textContent = refusal ?? '';
    $('tablet-start-error').hidden = !refusal;
    if (!refusal) show('form');
  };
  $('tablet-begin').addEventListener('click', () => void begin());
  codeInput?.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') void begin();
  });
  $('tablet-next').addEventListener('click', () => {
    $('tablet-error').hidden = true;
    show('start');
    codeInput?.focus();
  });
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  /** @type {Record<string, unknown>} */
  const answers = {};
  for (const question of /** @type {HTMLFieldSetElement[]} */ ([...form.querySelectorAll('fieldset.question')])) {
    const checked = [...question.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
    if (checked.length === 0) continue;
    const kind = question.dataset.kind;
    answers[/** @type {string} */ (question.dataset.item)] =
      kind === 'level' ? Number(checked[0]) : kind === 'options' ? checked : checked[0];
  }
  const res = await fetch(token ? '/api/survey-self' : `/api/survey-waves/${root.dataset.wave}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(token ? { token, answers } : { code, answers }),
  });
  if (res.ok) {
    form.reset();
    if (codeInput) codeInput.value = '';
    show('thanks');
    return;
  }
  const body = await res.json().catch(() => null);
  $('tablet-error').textContent = body?.error?.fields?.[0]?.message?.[lang] ?? body?.error?.message?.[lang] ?? res.statusText;
  $('tablet-error').hidden = false;
});
