import { sendForm, submitEach } from './post-form.js';

// Kiosk keys: a new key comes back once as its set-up address and QR code, shown to print and
// scan on the kiosk; a revocation reloads the fleet.
const setup = document.getElementById('setup');
const showSetup = (title, issued) => {
  setup.querySelector('.slip-title').textContent = title;
  // The QR code is SVG the server drew from the address alone.
  setup.querySelector('.slip-qr').innerHTML = issued.qr;
  setup.querySelector('.slip-url').textContent = issued.url;
  setup.hidden = false;
  setup.scrollIntoView();
};

for (const form of document.querySelectorAll('form.kiosk-key')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const issued = await sendForm(form, 'POST', `/api/kiosks/${encodeURIComponent(form.dataset.kiosk)}/key`, {});
    if (issued) showSetup(form.closest('tr').dataset.title, issued);
  });
}

// A new kiosk comes with its first key: the same slip to print and scan.
const newKiosk = document.getElementById('new-kiosk');
newKiosk?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = { counterId: Number(newKiosk.elements.counterId.value), name: newKiosk.elements.name.value };
  const issued = await sendForm(newKiosk, 'POST', '/api/kiosks', body);
  if (issued) showSetup(`${newKiosk.elements.counterId.selectedOptions[0].textContent} – ${body.name}`, issued);
});

for (const form of document.querySelectorAll('form.kiosk-revoke')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await sendForm(form, 'POST', `/api/kiosks/${encodeURIComponent(form.dataset.kiosk)}/revoke`, {})) window.location.reload();
  });
}

document.getElementById('print-setup')?.addEventListener('click', () => window.print());

submitEach('form.kiosk-change', (form) => [
  'PATCH',
  `/api/kiosks/${encodeURIComponent(form.dataset.kiosk)}`,
  { name: form.elements.name.value, counterId: Number(form.elements.counterId.value) },
]);
