import { sendForm, submitEach } from './post-form.js';

// Units, counters and procedures go to the API as JSON; the page reloads to show them as they now are.
const lang = document.documentElement.lang === 'vi' ? 'vi' : 'en';
const value = (form, name) => form.elements[name].value;
const unitBody = (form) => ({
  code: value(form, 'code').trim(),
  name: value(form, 'name'),
  kind: value(form, 'kind'),
  validFrom: value(form, 'validFrom'),
  validTo: value(form, 'validTo') || null,
});
const procedureBody = (form) => ({
  code: value(form, 'code').trim(),
  name: value(form, 'name'),
  field: value(form, 'field'),
  levels: [...form.querySelectorAll('input[name=levels]:checked')].map((box) => box.value),
  onlineLevel: value(form, 'onlineLevel') || null,
});

submitEach('#new-unit', (form) => ['POST', '/api/units', { ...unitBody(form), parentId: Number(value(form, 'parentId')) }]);
submitEach('form.unit-change', (form) => ['PATCH', `/api/units/${form.dataset.unit}`, unitBody(form)]);
submitEach('form.unit-merge', (form) => [
  'POST',
  `/api/units/${form.dataset.unit}/merge`,
  { intoId: Number(value(form, 'intoId')), on: value(form, 'on') },
]);
submitEach('form.counter-new', (form) => [
  'POST',
  `/api/units/${form.dataset.unit}/counters`,
  { code: value(form, 'code').trim(), name: value(form, 'name') },
]);
submitEach('form.counter-change', (form) => [
  'PATCH',
  `/api/counters/${form.dataset.counter}`,
  { code: value(form, 'code').trim(), name: value(form, 'name') },
]);
submitEach('#new-procedure', (form) => ['POST', '/api/procedures', procedureBody(form)]);
submitEach('form.procedure-change', (form) => ['PATCH', `/api/procedures/${form.dataset.procedure}`, procedureBody(form)]);

// The catalogue file: a check says what would change (and which lines are wrong); an import reloads.
const catalogue = document.getElementById('catalogue-import');
catalogue?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const dryRun = event.submitter?.value === 'true';
  const body = new FormData();
  body.append('file', catalogue.elements.file.files[0]);
  body.append('dryRun', String(dryRun));
  const outcome = await sendForm(catalogue, 'POST', '/api/imports/procedures', body);
  const result = document.getElementById('catalogue-result');
  if (!outcome) {
    result.textContent = '';
    return;
  }
  if (!dryRun) return window.location.reload();
  const figure = (n) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const counts = { ...outcome, wrong: outcome.errorCount };
  const summary = catalogue.dataset.checked.replace(/\{(\w+)\}/g, (_, key) => figure(counts[key]));
  result.textContent = [summary, ...outcome.errors.map((e) => `${e.line}: ${e.message[lang]}`)].join(' ');
});
