import { sendForm } from './post-form.js';

// Account changes go to the API as JSON; the page reloads to show the account as it now is.
const unitOf = (form) => (form.elements.unitId.value === '' ? null : Number(form.elements.unitId.value));
const send = (selector, build) => {
  for (const form of document.querySelectorAll(selector)) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const [method, url, body] = build(form);
      if (await sendForm(form, method, url, body)) window.location.reload();
    });
  }
};
const account = (form) => `/api/users/${form.dataset.user}`;

send('#new-user', (form) => [
  'POST',
  '/api/users',
  {
    username: form.elements.username.value.trim(),
    displayName: form.elements.displayName.value,
    role: form.elements.role.value,
    unitId: unitOf(form),
    password: form.elements.password.value,
  },
]);
send('form.user-change', (form) => [
  'PATCH',
  account(form),
  { displayName: form.elements.displayName.value, role: form.elements.role.value, unitId: unitOf(form) },
]);
send('form.user-password', (form) => ['PATCH', account(form), { password: form.elements.password.value }]);
send('form.user-disable', (form) => ['PATCH', account(form), { disabled: form.dataset.disabled === 'true' }]);
send('form.user-unlock', (form) => ['POST', `${account(form)}/unlock`, {}]);
