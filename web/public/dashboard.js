// Draws each chart of the page from the table that follows it (the table stays the readable form).
/* global Chart */
const vi = document.documentElement.lang === 'vi';
const format = (x) => x.toLocaleString(vi ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });

for (const canvas of document.querySelectorAll('canvas[data-kind]')) {
  const table = document.getElementById(canvas.dataset.table);
  if (!table) continue;
  const rows = [...table.querySelectorAll('tbody tr')];
  const labels = rows.map((r) => r.querySelector('[data-label]')?.dataset.label ?? '');
  const values = rows.map((r) => {
    const v = r.querySelector('[data-value]')?.dataset.value;
    return v === undefined || v === '' ? null : Number(v);
  });
  const kind = canvas.dataset.kind;
  const percent = kind !== 'hbar' || canvas.id === 'elements';
  // eslint-disable-next-line no-new
  new Chart(canvas, {
    type: kind === 'line' ? 'line' : 'bar',
    data: { labels, datasets: [{ label: canvas.getAttribute('aria-label'), data: values, backgroundColor: '#1f5fa8', borderColor: '#1f5fa8', spanGaps: true }] },
    options: {
      indexAxis: kind === 'hbar' ? 'y' : 'x',
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${format(item.parsed[kind === 'hbar' ? 'x' : 'y'])}${percent ? '%' : ''}` } } },
      scales: {
        [kind === 'hbar' ? 'x' : 'y']: { beginAtZero: !percent, suggestedMax: percent ? 100 : undefined, ticks: { callback: (v) => format(v) } },
      },
    },
  });
}

for (const meter of document.querySelectorAll('.meter[data-share]')) meter.style.width = `${meter.dataset.share}%`;
