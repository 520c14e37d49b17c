// @ts-check
const form = /** @type {HTMLFormElement} */ (document.getElementById('login'));
const error = /** @type {HTMLElement} */ (document.getElementById('login-error'));
const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
  });
  if (res.ok) {
    // The server checked it is a path on this site (no open redirect).
    location.assign(form.dataset.next || '/staff');
    return;
  }
  const body = await res.json().catch(() => null);
  error.textContent = body?.error?.message?.[lang] ?? res.statusText;
  error.hidden = false;
});
