import { sendForm } from './post-form.js';

// A new wave (its sample drawn per unit at the margin asked for) or the end of a wave's fieldwork.
const create = document.getElementById('new-wave');
create?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = create.elements;
  const unitIds = [...create.querySelectorAll('input[name=unit]:checked')].map((box) => Number(box.value));
  const body = {
    name: f.name.value,
    definitionId: f.definitionId.value,
    from: f.from.value,
    to: f.to.value,
    marginOfError: Number(f.marginOfError.value) / 100,
    designEffect: Number(f.designEffect.value),
    doubleEntry: f.doubleEntry.checked,
    unitIds,
  };
  if (await sendForm(create, 'POST', '/api/survey-waves', body)) window.location.reload();
});

for (const form of document.querySelectorAll('form.wave-close')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await sendForm(form, 'POST', `/api/survey-waves/${form.dataset.wave}/close`, {})) window.location.reload();
  });
}
