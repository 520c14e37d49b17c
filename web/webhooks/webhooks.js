import { sendForm } from './post-form.js';

// A new subscriber: its signing secret comes back once and is shown, not stored in the page.
const create = document.getElementById('new-webhook');
create.addEventListener('submit', async (event) => {
  event.preventDefault();
  const events = [...create.querySelectorAll('input[name=event]:checked')].map((box) => box.value);
  const created = await sendForm(create, 'POST', '/api/webhooks', { url: create.elements.url.value, events });
  if (!created) return;
  const secret = document.getElementById('webhook-secret');
  secret.querySelector('code').textContent = created.secret;
  secret.hidden = false;
  create.reset();
});

const deliver = document.getElementById('deliver-now');
deliver.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (await sendForm(deliver, 'POST', '/api/webhooks/deliver', {})) window.location.reload();
});
