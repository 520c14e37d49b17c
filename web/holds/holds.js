// A decision on a held rating goes to the API as JSON; the page then shows what is left.
for (const form of document.querySelectorAll('form.decide')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = form.querySelector('.error');
    const res = await fetch(`/api/rating-holds/${form.dataset.rating}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: form.elements.decision.value, note: form.elements.note.value }),
    });
    if (res.ok) return window.location.reload();
    const body = await res.json().catch(() => ({}));
    const vi = document.documentElement.lang === 'vi';
    error.textContent =
      body.error?.fields?.[0]?.message?.[vi ? 'vi' : 'en'] ?? body.error?.message?.[vi ? 'vi' : 'en'] ?? String(res.status);
    error.hidden = false;
  });
}
