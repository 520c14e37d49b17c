// @ts-check
const form = /** @type {HTMLFormElement} */ (document.getElementById('login'));
const error = /** @type {HTMLElement} */ (document.getElementById('login-error'));
const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';

/** Only a path on this site: never an address elsewhere (no open redirect). */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next') || '/staff';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/staff';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
  });
  if (res.ok) {
    location.assign(nextPath());
    return;
  }
  const body = await res.json().catch(() => null);
  error.textContent = body?.error?.message?.[lang] ?? res.statusText;
  error.hidden = false;
});
