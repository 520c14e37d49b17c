// A staff form's answer goes to the API (JSON, or a FormData upload). On a refusal the form's .error
// says why in the page's language: the error, then each field it names (`nameOf` turns a field into
// the words the page shows for it), or the first lines of a refused file.
export async function sendForm(form, method, url, body, nameOf = (field) => field) {
  const upload = body instanceof FormData;
  const res = await fetch(url, {
    method,
    headers: upload ? {} : { 'content-type': 'application/json' },
    body: upload ? body : JSON.stringify(body),
  });
  const error = form.querySelector('.error');
  if (res.ok) {
    error.hidden = true;
    return res.status === 204 ? {} : res.json();
  }
  const answer = await res.json().catch(() => ({}));
  const lang = document.documentElement.lang === 'vi' ? 'vi' : 'en';
  const fields = (answer.error?.fields ?? []).map((f) => `${nameOf(f.field)}: ${f.message[lang]}`);
  const lines = (answer.error?.lines ?? []).slice(0, 10).map((l) => `${lang === 'vi' ? 'Dòng' : 'Line'} ${l.line}: ${l.message[lang]}`);
  error.textContent = [answer.error?.message?.[lang] ?? String(res.status), ...fields, ...lines].join(' · ');
  error.hidden = false;
  error.scrollIntoView({ block: 'nearest' });
  return null;
}

// A POST whose success the page shows by reloading.
export async function postForm(form, url, body) {
  if (await sendForm(form, 'POST', url, body)) window.location.reload();
}

// Every form the selector finds sends what `build` makes of it ([method, url, body]); the page
// reloads to show the change, or the form says why not.
export function submitEach(selector, build) {
  for (const form of document.querySelectorAll(selector)) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const [method, url, body] = build(form);
      if (await sendForm(form, method, url, body)) window.location.reload();
    });
  }
}
