import { sendForm, submitEach } from './post-form.js';

// A new key is shown once, in the page, until the admin says it is saved; then the page reloads.
const box = document.getElementById('new-key');
const show = (answer) => {
  if (!answer) return;
  document.getElementById('new-key-value').textContent = answer.key;
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
};
// A refused field is named as the form names it: its fieldset's legend or its label's words.
const nameIn = (form, field) => {
  const input = form.querySelector(`[name="${field.split('.')[0]}"]`);
  const legend = input?.closest('fieldset')?.querySelector('legend');
  const label = input?.closest('label');
  return (legend ?? label?.firstChild)?.textContent?.trim() || field;
};
document.getElementById('key-saved').addEventListener('click', () => window.location.reload());

for (const [selector, build] of [
  [
    '#new-service-account',
    (form) => [
      '/api/service-accounts',
      {
        name: form.elements.name.value,
        unitId: Number(form.elements.unitId.value),
        permissions: [...form.querySelectorAll('input[name=permissions]:checked')].map((i) => i.value),
      },
    ],
  ],
  [
    'form.service-rotate',
    (form) => [`/api/service-accounts/${form.dataset.account}/keys`, { overlapHours: Number(form.elements.overlapHours.value) }],
  ],
]) {
  for (const form of document.querySelectorAll(selector)) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const [url, body] = build(form);
      show(await sendForm(form, 'POST', url, body, (field) => nameIn(form, field)));
    });
  }
}
submitEach('form.service-revoke', (form) => ['POST', `/api/service-accounts/${form.dataset.account}/revoke`, {}]);
