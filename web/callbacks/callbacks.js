import { postForm } from './post-form.js';

// A call back made or a matter resolved: the status (the button pressed) and the note go to the API.
for (const form of document.querySelectorAll('form.callback')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    postForm(form, `/api/callbacks/${form.dataset.callback}`, {
      status: event.submitter?.value ?? 'contacted',
      note: form.elements.note.value,
    });
  });
}
