// A staff form's answer goes to the API as JSON: the page reloads once it is taken, else the form's
// .error says why (the first field's message, else the error's, in the page's language).
export async function postForm(form, url, body) {
  const error = form.querySelector('.error');
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok) return window.location.reload();
  const answer = await res.json().catch(() => ({}));
  const lang = document.documentElement.lang === 'vi' ? 'vi' : 'en';
  error.textContent = answer.error?.fields?.[0]?.message?.[lang] ?? answer.error?.message?.[lang] ?? String(res.status);
  error.hidden = false;
}
