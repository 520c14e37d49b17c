import { sendForm } from './post-form.js';

// Kiosk keys: a new key comes back once as its set-up address and QR code, shown to print and
// scan on the kiosk; a revocation reloads the fleet.
const setup = document.getElementById('setup');

for (const form of document.querySelectorAll('form.kiosk-key')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const issued = await sendForm(form, 'POST', `/api/kiosks/${encodeURIComponent(form.dataset.kiosk)}/key`, {});
    if (!issued) return;
    setup.querySelector('.slip-title').textContent = form.closest('tr').querySelector('th').textContent;
    // The QR code is SVG the server drew from the address alone.
    setup.querySelector('.slip-qr').innerHTML = issued.qr;
    setup.querySelector('.slip-url').textContent = issued.url;
    setup.hidden = false;
    setup.scrollIntoView();
  });
}

for (const form of document.querySelectorAll('form.kiosk-revoke')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await sendForm(form, 'POST', `/api/kiosks/${encodeURIComponent(form.dataset.kiosk)}/revoke`, {})) window.location.reload();
  });
}

document.getElementById('print-setup')?.addEventListener('click', () => window.print());
