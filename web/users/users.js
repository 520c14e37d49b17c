import { submitEach } from './post-form.js';

// Account changes go to the API as JSON; the page reloads to show the account as it now is.
const unitOf = (form) => (form.elements.unitId.value === '' ? null : Number(form.elements.unitId.value));
const account = (form) => `/api/users/${form.dataset.user}`;

submitEach('#new-user', (form) => [
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
submitEach('form.user-change', (form) => [
  'PATCH',
  account(form),
  { displayName: form.elements.displayName.value, role: form.elements.role.value, unitId: unitOf(form) },
]);
submitEach('form.user-password', (form) => ['PATCH', account(form), { password: form.elements.password.value }]);
submitEach('form.user-disable', (form) => ['PATCH', account(form), { disabled: form.dataset.disabled === 'true' }]);
submitEach('form.user-unlock', (form) => ['POST', `${account(form)}/unlock`, {}]);
