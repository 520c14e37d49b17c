// Checks a one-stop export with the API (a preview stores nothing), shows how each column and name
// was read and which lines are wrong, lets those who keep the units confirm a name, then imports.
const main = document.querySelector('main');
const words = JSON.parse(main.dataset.words);
const keeper = main.dataset.keeper === 'true';
const lang = document.documentElement.lang === 'vi' ? 'vi' : 'en';
const figure = (n) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
const fieldName = (field) => words.fields[field] ?? field;

const checkForm = document.getElementById('import-check');
const runForm = document.getElementById('import-run');
const status = document.getElementById('import-status');
const preview = document.getElementById('import-preview');
let file = null;

const cell = (tag, text, label) => {
  const el = document.createElement(tag);
  el.textContent = text;
  if (label) el.dataset.label = label;
  return el;
};
const fill = (section, rows) => {
  const body = document.querySelector(`${section} tbody`);
  body.replaceChildren(...rows);
};
const headings = (section) => [...document.querySelectorAll(`${section} thead th`)].map((th) => th.textContent);

// The answer streams: progress lines (lines checked, then stored) and last the outcome or the error.
async function request(dryRun) {
  const body = new FormData();
  body.append('file', file);
  body.append('dryRun', String(dryRun));
  const res = await fetch('/api/imports/transactions', { method: 'POST', body, headers: { accept: 'application/x-ndjson' } });
  if (!res.headers.get('content-type')?.includes('ndjson')) return { ok: res.ok, answer: await res.json().catch(() => ({})) };
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  let last = {};
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += value;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines.filter(Boolean)) {
      last = JSON.parse(line);
      if (last.progress) status.textContent = words[last.progress.phase].replace('{n}', figure(last.progress.lines));
    }
  }
  return last.outcome ? { ok: true, answer: last.outcome } : { ok: false, answer: last };
}

// The page lists the first errors; the downloads hold every one.
const SHOWN = 100;

function showErrors(all, total) {
  const lines = all.slice(0, SHOWN);
  const section = document.getElementById('import-errors');
  section.hidden = lines.length === 0;
  const [line, field, problem] = headings('#import-errors');
  fill(
    '#import-errors',
    lines.map((l) => {
      const tr = document.createElement('tr');
      tr.append(cell('td', figure(l.line), line), cell('td', fieldName(l.field), field), cell('td', l.message[lang], problem));
      tr.firstChild.className = 'num';
      return tr;
    }),
  );
  document.getElementById('import-errors-shown').textContent =
    total > lines.length ? words.firstErrors.replace('{shown}', figure(lines.length)).replace('{total}', figure(total)) : '';
}

function showNames(names) {
  document.getElementById('import-names').hidden = names.length === 0;
  const [, rows, resolved] = headings('#import-names');
  fill(
    '#import-names',
    names.map((n) => {
      const tr = document.createElement('tr');
      if (n.unresolvedRows) tr.className = 'attention';
      const name = cell('th', n.written);
      name.scope = 'row';
      name.append(cell('span', ` (${n.kind === 'unit' ? words.unit : words.procedure})`));
      name.lastChild.className = 'hint';
      const to = cell('td', '', resolved);
      for (const m of n.matches) to.append(cell('p', `${m.name} (${m.code}) – ${m.via === 'alias' ? words.viaAlias : words.viaName}`));
      if (n.unresolvedRows) {
        const problem = cell('p', n.problem[lang]);
        problem.className = 'error';
        to.append(problem);
        if (n.candidates.length) to.append(cell('p', words.closestNames));
        for (const c of n.candidates) {
          if (!keeper) {
            to.append(cell('p', `${c.name} (${c.code})`));
            continue;
          }
          const button = cell('button', `${words.confirmName} ${c.name} (${c.code})`);
          button.type = 'button';
          button.className = 'confirm-name secondary';
          button.addEventListener('click', () => confirmName(n, c, button));
          to.append(button);
        }
      }
      tr.append(name, cell('td', figure(n.rows), rows), to);
      tr.children[1].className = 'num';
      return tr;
    }),
  );
}

function showColumns(columns) {
  const [, readAs] = headings('#import-columns');
  fill(
    '#import-columns',
    columns.map((c) => {
      const tr = document.createElement('tr');
      if (!c.field) tr.className = 'ignored';
      const th = cell('th', c.heading || '–');
      th.scope = 'row';
      tr.append(th, cell('td', c.field ? fieldName(c.field) : words.ignoredColumn, readAs));
      return tr;
    }),
  );
}

function show(outcome) {
  preview.hidden = false;
  document.getElementById('import-summary').textContent = [
    `${words.previewRows}: ${figure(outcome.rows)}`,
    `${figure(outcome.inserted)} ${words.willInsert}`,
    `${figure(outcome.updated)} ${words.willUpdate}`,
    `${figure(outcome.unchanged)} ${words.willKeep}`,
    `${figure(outcome.refusedLines)} ${words.linesWrong}`,
  ].join(' · ');
  runForm.hidden = outcome.duplicate || outcome.refusedLines > 0 || !outcome.dryRun;
  showErrors(outcome.errors, outcome.errorCount);
  showNames(outcome.names);
  showColumns(outcome.columns);
}

function refused(form, answer) {
  const error = form.querySelector('.error');
  error.textContent = answer.error?.message?.[lang] ?? '?';
  error.hidden = false;
  preview.hidden = !answer.error?.lines;
  if (answer.error?.lines) {
    runForm.hidden = true;
    showErrors(answer.error.lines, answer.error.linesTotal ?? answer.error.lines.length);
  }
}

async function check() {
  status.textContent = words.checking.replace('{n}', '0');
  checkForm.querySelector('.error').hidden = true;
  const { ok, answer } = await request(true);
  status.textContent = ok && answer.duplicate ? words.alreadyImported : '';
  if (ok) show(answer);
  else refused(checkForm, answer);
}

async function confirmName(entry, candidate, button) {
  button.disabled = true;
  const res = await fetch('/api/name-aliases', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: entry.kind, name: entry.written, targetId: candidate.id }),
  });
  if (res.ok) return check();
  button.disabled = false;
  const answer = await res.json().catch(() => ({}));
  status.textContent = answer.error?.message?.[lang] ?? String(res.status);
}

checkForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  file = checkForm.elements.file.files[0];
  if (file) await check();
});

runForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = words.importing;
  runForm.querySelector('button').disabled = true;
  const { ok, answer } = await request(false);
  runForm.querySelector('button').disabled = false;
  status.textContent = ok ? (answer.duplicate ? words.alreadyImported : words.importedDone) : '';
  if (ok) show(answer);
  else refused(runForm, answer);
});

for (const button of document.querySelectorAll('.download-errors')) {
  button.addEventListener('click', async () => {
    const body = new FormData();
    body.append('file', file);
    body.append('format', button.dataset.format);
    const res = await fetch('/api/imports/transactions/errors', { method: 'POST', body });
    if (!res.ok) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await res.blob());
    link.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `errors.${button.dataset.format}`;
    link.click();
    URL.revokeObjectURL(link.href);
  });
}
