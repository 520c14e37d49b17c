import { sendForm } from './post-form.js';

// The PAR workspace: each form sends its part of the assessment to the API, then the page reloads
// to show the scores the engine recomputed. Items a refusal names are shown by their labels.
const main = document.querySelector('main');
const assessment = main.dataset.assessment;
const base = `/api/par-assessments/${assessment}`;
const nameOf = (nodeId) => document.getElementById(`leaf-${nodeId}`)?.dataset.label ?? nodeId;
const numberOf = (input) => (input.value === '' ? undefined : Number(input.value));
const nodeOf = (form) => form.closest('.par-leaf').dataset.node;

function on(selector, build) {
  for (const form of document.querySelectorAll(selector)) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button');
      button.disabled = true;
      const [method, url, body, then] = build(form);
      const answer = await sendForm(form, method, url, body, nameOf);
      button.disabled = false;
      if (answer) then ? then(answer) : window.location.reload();
    });
  }
}

on('#new-assessment', (form) => [
  'POST',
  '/api/par-assessments',
  { unitId: Number(form.elements.unitId.value), year: Number(form.elements.year.value), definitionId: form.elements.definitionId.value },
  (created) => window.location.assign(`/staff/par/${created.id}${window.location.search}`),
]);

on('form.par-self', (form) => {
  const f = form.elements;
  const evidence = Object.fromEntries(
    ['document', 'date', 'link'].map((name) => [name, f[name].value.trim()]).filter(([, value]) => value !== ''),
  );
  return [
    'PUT',
    `${base}/items/${nodeOf(form)}`,
    {
      notApplicable: f.notApplicable.checked,
      ...(f.notApplicable.checked ? {} : { points: numberOf(f.points) }),
      ...(Object.keys(evidence).length ? { evidence } : {}),
      ...(f.note.value.trim() ? { note: f.note.value.trim() } : {}),
    },
  ];
});

on('form.par-evidence', (form) => {
  const body = new FormData();
  body.append('file', form.elements.file.files[0]);
  return ['POST', `${base}/items/${nodeOf(form)}/evidence`, body];
});

on('form.par-accept', (form) => ['PUT', `${base}/appraisal/${nodeOf(form)}`, { decision: 'accept' }]);

on('form.par-change', (form) => [
  'PUT',
  `${base}/appraisal/${nodeOf(form)}`,
  { decision: 'change', points: numberOf(form.elements.points), reason: form.elements.reason.value },
]);

on('form.par-survey', (form) => {
  const counts = {};
  for (const input of form.querySelectorAll('input[type=number]')) if (input.value !== '') counts[input.name] = Number(input.value);
  return ['PUT', `${base}/survey/${nodeOf(form)}`, { counts }];
});

on('form.par-transition', (form) => {
  const override = form.elements.override?.value.trim();
  return ['POST', `${base}/transitions`, { to: form.dataset.to, ...(override ? { override } : {}) }];
});

on('#par-correction', (form) => {
  const unit = main.dataset;
  return [
    'POST',
    '/api/par-assessments',
    {
      unitId: Number(unit.unit),
      year: Number(unit.year),
      definitionId: unit.definition,
      correctionReason: form.elements.correctionReason.value,
    },
    (created) => window.location.assign(`/staff/par/${created.id}${window.location.search}`),
  ];
});
