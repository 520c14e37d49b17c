// Acknowledging an alert: the comment goes to the API as JSON; the page then shows the history.
for (const form of document.querySelectorAll('form.acknowledge')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = form.querySelector('.error');
    const res = await fetch(`/api/alerts/${form.dataset.alert}/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ comment: form.elements.comment.value }),
    });
    if (res.ok) return window.location.reload();
    const body = await res.json().catch(() => ({}));
    const vi = document.documentElement.lang === 'vi';
    error.textContent =
      body.error?.fields?.[0]?.message?.[vi ? 'vi' : 'en'] ?? body.error?.message?.[vi ? 'vi' : 'en'] ?? String(res.status);
    error.hidden = false;
  });
}
