// Receipt codes go to the API; the slips come back with their QR codes, to print and hand over.
const form = document.getElementById('slips-form');
const section = document.getElementById('slips');
const template = document.getElementById('slip');
const vi = document.documentElement.lang === 'vi';

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = form.querySelector('.error');
  const receiptCodes = form.elements.codes.value
    .split(/[\s,;]+/)
    .map((code) => code.trim())
    .filter(Boolean);
  const res = await fetch('/api/rating-links', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ receiptCodes }),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    const lang = vi ? 'vi' : 'en';
    const fields = (answer.error?.fields ?? []).map((f) => f.message[lang]);
    error.textContent = [answer.error?.message?.[lang] ?? String(res.status), ...fields].join(' · ');
    error.hidden = false;
    return;
  }
  error.hidden = true;
  const slips = section.querySelector('.slips');
  slips.replaceChildren(
    ...answer.links.map((link) => {
      const slip = template.content.firstElementChild.cloneNode(true);
      slip.querySelector('.slip-code').textContent = link.receiptCode;
      // The QR code is SVG the server drew from the link alone.
      slip.querySelector('.slip-qr').innerHTML = link.qr;
      slip.querySelector('.slip-url').textContent = link.url;
      slip.querySelector('.slip-until span').textContent = new Date(link.expiresAt).toLocaleDateString(vi ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
      });
      return slip;
    }),
  );
  section.hidden = false;
  form.reset();
  section.querySelector('#print-slips').focus();
});

document.getElementById('print-slips').addEventListener('click', () => window.print());
