import { postForm } from './post-form.js';

// A decision on a held rating goes to the API; the page then shows what is left.
for (const form of document.querySelectorAll('form.decide')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    postForm(form, `/api/rating-holds/${form.dataset.rating}/decision`, {
      decision: form.elements.decision.value,
      note: form.elements.note.value,
    });
  });
}
