// @ts-check
/** Self-completion: staff enter the code; the respondent answers; the answers go to the wave's entry API. */
const root = /** @type {HTMLElement} */ (document.getElementById('tablet'));
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($('tablet-form'));
const codeInput = /** @type {HTMLInputElement} */ ($('tablet-code'));
const lang = root.dataset.lang === 'en' ? 'en' : 'vi';
let code = '';

function show(/** @type {'start' | 'form' | 'thanks'} */ step) {
  $('tablet-start').hidden = step !== 'start';
  form.hidden = step !== 'form';
  $('tablet-thanks').hidden = step !== 'thanks';
  window.scrollTo(0, 0);
}

$('tablet-begin').addEventListener('click', () => {
  code = codeInput.value.trim();
  if (code) show('form');
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  /** @type {Record<string, unknown>} */
  const answers = {};
  for (const question of /** @type {HTMLFieldSetElement[]} */ ([...form.querySelectorAll('fieldset.question')])) {
    const checked = [...question.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
    if (checked.length === 0) continue;
    const kind = question.dataset.kind;
    answers[/** @type {string} */ (question.dataset.item)] = kind === 'level' ? Number(checked[0]) : kind === 'options' ? checked : checked[0];
  }
  const res = await fetch(`/api/survey-waves/${root.dataset.wave}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, answers }),
  });
  if (res.ok) {
    form.reset();
    codeInput.value = '';
    show('thanks');
    return;
  }
  const body = await res.json().catch(() => null);
  $('tablet-error').textContent = body?.error?.fields?.[0]?.message?.[lang] ?? body?.error?.message?.[lang] ?? res.statusText;
  $('tablet-error').hidden = false;
});

$('tablet-next').addEventListener('click', () => {
  $('tablet-error').hidden = true;
  show('start');
  codeInput.focus();
});
