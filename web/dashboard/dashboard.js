// Draws each chart of the page from the table that follows it (the table stays the readable form).
/* global Chart */
const vi = document.documentElement.lang === 'vi';
const format = (x) => x.toLocaleString(vi ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
const PALETTE = ['#1f5fa8', '#d9822b', '#2e8540', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b7950b', '#34495e', '#e84393'];
const numberOf = (cell) => {
  const v = cell?.dataset.value;
  return v === undefined || v === '' ? null : Number(v);
};

for (const canvas of document.querySelectorAll('canvas[data-kind]')) {
  const table = document.getElementById(canvas.dataset.table);
  if (!table) continue;
  const rows = [...table.querySelectorAll('tbody tr')];
  const labels = rows.map((r) => r.querySelector('[data-label]')?.dataset.label ?? '');
  const kind = canvas.dataset.kind;
  // 'groups': one series per column marked data-series (units side by side); else one series.
  const series = kind === 'groups' ? [...table.querySelectorAll('thead th[data-series]')] : [null];
  const datasets = series.map((th, k) => ({
    label: th ? th.dataset.series : canvas.getAttribute('aria-label'),
    data: rows.map((r) => numberOf(kind === 'groups' ? r.querySelectorAll('td[data-value]')[k] : r.querySelector('[data-value]'))),
    backgroundColor: PALETTE[k % PALETTE.length],
    borderColor: PALETTE[k % PALETTE.length],
    spanGaps: true,
  }));
  const horizontal = kind === 'hbar';
  const percent = canvas.dataset.percent === 'true';
  // A line carries its 95% interval as a shaded band: the axis may then leave out zero.
  if (kind === 'line') {
    const bound = (key) => rows.map((r) => numberOf({ dataset: { value: r.querySelector('[data-value]')?.dataset[key] } }));
    datasets.push(
      {
        label: vi ? 'Cận trên 95%' : 'Upper 95%',
        data: bound('upper'),
        borderWidth: 0,
        pointRadius: 0,
        fill: '+1',
        backgroundColor: 'rgba(31,95,168,0.15)',
        spanGaps: true,
      },
      { label: vi ? 'Cận dưới 95%' : 'Lower 95%', data: bound('lower'), borderWidth: 0, pointRadius: 0, fill: false, spanGaps: true },
    );
  }
  // eslint-disable-next-line no-new
  new Chart(canvas, {
    type: kind === 'line' ? 'line' : 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: kind === 'groups' },
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label}: ${format(item.parsed[horizontal ? 'x' : 'y'])}${percent ? '%' : ''}` },
        },
      },
      scales: {
        [horizontal ? 'x' : 'y']: {
          // Bars start at zero (a bar's length is its value); only the line, drawn with its band, may zoom.
          beginAtZero: kind !== 'line',
          suggestedMax: percent ? 100 : undefined,
          ticks: { callback: (v) => format(v) },
        },
      },
    },
  });
}

for (const meter of document.querySelectorAll('.meter[data-share]')) meter.style.width = `${meter.dataset.share}%`;
