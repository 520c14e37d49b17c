// @ts-check
import { formRefusal } from './form-check.js';

/**
 * Keyboard entry of paper forms: the code, then one digit per statement; a valid digit moves the
 * cursor on by itself, Enter saves, and the form clears for the next paper.
 */
const root = /** @type {HTMLElement} */ (document.getElementById('entry'));
const form = /** @type {HTMLFormElement} */ (document.getElementById('entry-form'));
const code = /** @type {HTMLInputElement} */ (document.getElementById('code'));
const cluster = /** @type {HTMLInputElement} */ (document.getElementById('cluster'));
const result = /** @type {HTMLElement} */ (document.getElementById('entry-result'));
const count = /** @type {HTMLElement} */ (document.getElementById('count'));
const fields = /** @type {HTMLInputElement[]} */ ([...document.querySelectorAll('input.answer')]);
const lang = root.dataset.lang === 'en' ? 'en' : 'vi';
const text = (/** @type {string} */ id) => /** @type {HTMLTemplateElement} */ (document.getElementById(id)).content.textContent || '';

/** The parsed answer of a field, or undefined when it is not valid. */
function parse(/** @type {HTMLInputElement} */ field) {
  const value = field.value.trim();
  const max = Number(field.dataset.max);
  if (value === '') return null;
  if (field.dataset.kind === 'options') {
    const picks = value
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number);
    return picks.every((n) => Number.isInteger(n) && n >= 1 && n <= max) ? picks : undefined;
  }
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : undefined;
}

function mark(/** @type {HTMLInputElement} */ field) {
  const ok = parse(field) !== undefined;
  field.setAttribute('aria-invalid', String(!ok));
  return ok;
}

code.addEventListener('keydown', async (e) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  result.textContent = '';
  fields[0]?.focus(); // keying goes on at once; the check below answers within moments
  // A wrong or finished form is refused now, not after every answer has been keyed.
  const refusal = code.value.trim() ? await formRefusal(root.dataset.wave || '', code.value.trim(), lang) : null;
  if (refusal) {
    result.className = 'error';
    result.textContent = refusal;
    code.focus();
    code.select();
  }
});

fields.forEach((field, i) => {
  field.addEventListener('input', () => {
    // One keystroke per statement: a valid digit moves on at once.
    if (field.dataset.kind === 'options' || !mark(field) || field.value.trim() === '') return;
    const next = fields[i + 1];
    if (next) next.focus();
    else form.querySelector('button')?.focus();
  });
  field.addEventListener('blur', () => mark(field));
  field.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      form.requestSubmit();
    }
  });
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const bad = fields.filter((f) => !mark(f));
  if (bad.length) {
    bad[0]?.focus();
    return;
  }
  /** @type {Record<string, unknown>} */
  const answers = {};
  for (const field of fields) {
    const value = parse(field);
    if (value === null || value === 0) continue;
    const item = /** @type {string} */ (field.dataset.item);
    if (field.dataset.kind === 'level') answers[item] = value;
    else {
      // Paper forms number the options; the method knows them by code.
      const codes = (field.dataset.codes || '').split(',');
      const picks = Array.isArray(value) ? value : [value];
      const chosen = picks.map((n) => codes[n - 1]);
      answers[item] = field.dataset.kind === 'options' ? chosen : chosen[0];
    }
  }
  const res = await fetch(`/api/survey-waves/${root.dataset.wave}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: code.value.trim(), answers, ...(cluster.value.trim() ? { cluster: cluster.value.trim() } : {}) }),
  });
  const body = await res.json().catch(() => null);
  result.className = res.ok && body.status !== 'entries_differ' ? 'ok' : 'error';
  if (!res.ok) {
    result.textContent = body?.error?.fields?.[0]?.message?.[lang] ?? body?.error?.message?.[lang] ?? res.statusText;
    return;
  }
  if (body.status === 'entries_differ') {
    result.textContent = `${text('msg-differ')}: ${body.differences.join(', ')}`;
    return;
  }
  result.textContent = body.status === 'completed' ? `${text('msg-saved')} ${body.code}` : `${text('msg-awaiting')} (${body.code})`;
  if (body.status === 'completed') count.textContent = String(Number(count.textContent) + 1);
  // Paper forms come in village by village: the village stays for the next form.
  const village = cluster.value;
  form.reset();
  cluster.value = village;
  for (const f of fields) f.removeAttribute('aria-invalid');
  code.focus();
});
