import { Hono } from 'hono';
import type { DossierRecord } from '../../api/dossiers/schemas.js';
import { IMPORTERS } from '../../api/imports/schemas.js';
import { NAME_KEEPERS } from '../../api/names/schemas.js';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import type { Bilingual } from '../../api/platform/errors.js';
import { type Lang, langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageRole } from '../platform/roles.js';
import { requirePageUser } from '../platform/session.js';

/** What each field a column can fill is called on the page (glossary). */
const FIELD_LABELS: Record<keyof DossierRecord, Bilingual> = {
  receiptCode: { vi: 'Mã hồ sơ', en: 'Receipt code' },
  unitCode: { vi: 'Mã đơn vị', en: 'Unit code' },
  unitName: { vi: 'Tên đơn vị tiếp nhận', en: 'Receiving unit' },
  procedureCode: { vi: 'Mã thủ tục', en: 'Procedure code' },
  procedureName: { vi: 'Tên thủ tục hành chính', en: 'Administrative procedure' },
  channel: { vi: 'Kênh nộp', en: 'Channel' },
  receivedAt: { vi: 'Ngày tiếp nhận', en: 'Received' },
  dueAt: { vi: 'Ngày hẹn trả', en: 'Due' },
  resolvedAt: { vi: 'Ngày có kết quả', en: 'Resolved' },
  digitised: { vi: 'Số hóa hồ sơ', en: 'Digitised' },
  supplementRequests: { vi: 'Số lần yêu cầu bổ sung', en: 'Supplement requests' },
  supplementRequestedAt: { vi: 'Ngày yêu cầu bổ sung', en: 'Supplement requested' },
  supplementReceivedAt: { vi: 'Ngày nhận bổ sung', en: 'Supplement received' },
  paidOnline: { vi: 'Thanh toán trực tuyến', en: 'Paid online' },
  electronicResult: { vi: 'Kết quả điện tử', en: 'Electronic result' },
};

/** The words the page's script writes into the preview, in the page's language. */
function words(lang: Lang) {
  const pick = (keys: (keyof typeof TEXT)[]) => Object.fromEntries(keys.map((k) => [k, TEXT[k][lang]]));
  return {
    ...pick([
      'checking',
      'importing',
      'storing',
      'previewRows',
      'willInsert',
      'willUpdate',
      'willKeep',
      'linesWrong',
      'alreadyImported',
      'importedDone',
      'ignoredColumn',
      'viaName',
      'viaAlias',
      'closestNames',
      'confirmName',
      'firstErrors',
      'unit',
      'procedure',
    ]),
    fields: Object.fromEntries(Object.entries(FIELD_LABELS).map(([k, v]) => [k, v[lang]])),
  };
}

/**
 * Home Affairs and unit staff import a one-stop export as it is: the file is checked first (each
 * column read or ignored, each unit and procedure name resolved or not with its closest
 * candidates, the refused lines with a download of them all), and imported only without errors.
 * Those who keep the units confirm what an unknown name stands for, once.
 */
export function importsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/imports', requirePageUser(deps), requirePageRole(...IMPORTERS), (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const keeper = (NAME_KEEPERS as readonly string[]).includes(user.role);
    return c.html(
      <Layout lang={lang} title={TEXT.importsTitle[lang]} bodyClass="page report imports-page" scripts={['/public/imports.js']}>
        <main data-words={JSON.stringify(words(lang))} data-keeper={String(keeper)}>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.importsTitle[lang]}</h1>
          <p class="hint">{TEXT.importsNote[lang]}</p>
          <form id="import-check" class="filters">
            <label>
              {TEXT.importFile[lang]}
              <input
                name="file"
                type="file"
                required
                accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              />
            </label>
            <button type="submit" class="primary">
              {TEXT.checkFile[lang]}
            </button>
            <p class="error" role="alert" hidden></p>
          </form>
          <p id="import-status" role="status" aria-live="polite"></p>
          <section id="import-preview" hidden>
            <p id="import-summary" class="summary-line"></p>
            <form id="import-run">
              <button type="submit" class="primary">
                {TEXT.importNow[lang]}
              </button>
              <p class="error" role="alert" hidden></p>
            </form>
            <section id="import-names" hidden>
              <h2>{TEXT.namesRead[lang]}</h2>
              <table class="data cards-on-phone">
                <thead>
                  <tr>
                    <th>{TEXT.nameInFile[lang]}</th>
                    <th class="num">{TEXT.previewRows[lang]}</th>
                    <th>{TEXT.resolvedTo[lang]}</th>
                  </tr>
                </thead>
                <tbody></tbody>
              </table>
            </section>
            <section id="import-errors" hidden>
              <h2>{TEXT.linesWithErrors[lang]}</h2>
              <p class="hint" id="import-errors-shown"></p>
              <p class="downloads">
                <button type="button" data-format="csv" class="download-errors secondary">
                  {TEXT.allErrorsCsv[lang]}
                </button>
                <button type="button" data-format="xlsx" class="download-errors secondary">
                  {TEXT.allErrorsXlsx[lang]}
                </button>
              </p>
              <table class="data cards-on-phone">
                <thead>
                  <tr>
                    <th class="num">{TEXT.line[lang]}</th>
                    <th>{TEXT.column[lang]}</th>
                    <th>{TEXT.problem[lang]}</th>
                  </tr>
                </thead>
                <tbody></tbody>
              </table>
            </section>
            <section id="import-columns">
              <h2>{TEXT.columnsRead[lang]}</h2>
              <table class="data cards-on-phone">
                <thead>
                  <tr>
                    <th>{TEXT.heading[lang]}</th>
                    <th>{TEXT.readAs[lang]}</th>
                  </tr>
                </thead>
                <tbody></tbody>
              </table>
            </section>
          </section>
        </main>
      </Layout>,
    );
  });
  return app;
}
