import { postForm } from './post-form.js';

// Acknowledging an alert: the comment goes to the API; the page then shows the history.
for (const form of document.querySelectorAll('form.acknowledge')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    postForm(form, `/api/alerts/${form.dataset.alert}/acknowledge`, { comment: form.elements.comment.value });
  });
}
