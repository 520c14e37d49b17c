import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import {
  ONLINE_LEVEL_LABELS,
  ONLINE_LEVELS,
  PROCEDURE_LEVEL_LABELS,
  PROCEDURE_LEVELS,
  UNIT_KIND_NAMES,
  UNIT_KINDS,
} from '../../api/platform/vocabulary.js';
import { CATALOGUE_KEEPERS } from '../../api/procedures/schemas.js';
import { listProcedures } from '../../api/procedures/service.js';
import { UNIT_KEEPERS } from '../../api/units/schemas.js';
import { currentUnits, unitTree } from '../../api/units/service.js';
import { dayMonthYear } from '../platform/format.js';
import { type Lang, langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

type Node = Awaited<ReturnType<typeof unitTree>>[number];
type Choice = { id: number; name: string };
type Procedure = Awaited<ReturnType<typeof listProcedures>>[number];

const FormError = () => <p class="error" role="alert" hidden></p>;

/** A unit's code, name, kind and days: the fields of the new-unit form and of a unit's correction. */
function UnitFields(props: { lang: Lang; unit?: Node['unit']; parents?: Choice[] }) {
  const { lang, unit } = props;
  return (
    <>
      <label>
        {TEXT.unitCode[lang]}
        <input name="code" required maxlength={32} value={unit?.code} autocomplete="off" />
      </label>
      <label>
        {TEXT.unitName[lang]}
        <input name="name" required maxlength={200} value={unit?.name} autocomplete="off" />
      </label>
      <label>
        {TEXT.unitKind[lang]}
        <select name="kind">
          {UNIT_KINDS.map((k) => (
            <option value={k} selected={(unit?.kind ?? 'commune') === k}>
              {UNIT_KIND_NAMES[k][lang]}
            </option>
          ))}
        </select>
      </label>
      {props.parents ? (
        <label>
          {TEXT.parentUnit[lang]}
          <select name="parentId">
            {props.parents.map((p) => (
              <option value={String(p.id)}>{p.name}</option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {TEXT.validFromDate[lang]}
        <input name="validFrom" type="date" required value={unit?.validFrom} />
      </label>
      <label>
        {TEXT.validToDate[lang]}
        <input name="validTo" type="date" value={unit?.validTo ?? ''} />
      </label>
    </>
  );
}

/** A unit's correction, merger and new counter, and each counter's correction (those who keep units). */
function UnitEditing(props: { lang: Lang; node: Node; current: Choice[] }) {
  const { lang, node } = props;
  const u = node.unit;
  return (
    <details class="unit-edit">
      <summary>{TEXT.editUnit[lang]}</summary>
      <form class="unit-change filters" data-unit={String(u.id)}>
        <UnitFields lang={lang} unit={u} />
        <button type="submit" class="secondary">
          {TEXT.saveChanges[lang]}
        </button>
        <FormError />
      </form>
      {u.mergedIntoId === null ? (
        <form class="unit-merge filters" data-unit={String(u.id)}>
          <label>
            {TEXT.mergeInto[lang]}
            <select name="intoId">
              {props.current
                .filter((c) => c.id !== u.id)
                .map((c) => (
                  <option value={String(c.id)}>{c.name}</option>
                ))}
            </select>
          </label>
          <label>
            {TEXT.mergeOn[lang]}
            <input name="on" type="date" required />
          </label>
          <button type="submit" class="secondary">
            {TEXT.merge[lang]}
          </button>
          <FormError />
        </form>
      ) : null}
      {node.counters.map((counter) => (
        <form class="counter-change filters" data-counter={String(counter.id)}>
          <label>
            {TEXT.counterCode[lang]}
            <input name="code" required maxlength={16} value={counter.code} />
          </label>
          <label>
            {TEXT.counterName[lang]}
            <input name="name" required maxlength={200} value={counter.name} />
          </label>
          <button type="submit" class="secondary">
            {TEXT.saveChanges[lang]}
          </button>
          <FormError />
        </form>
      ))}
      <form class="counter-new filters" data-unit={String(u.id)}>
        <label>
          {TEXT.counterCode[lang]}
          <input name="code" required maxlength={16} />
        </label>
        <label>
          {TEXT.counterName[lang]}
          <input name="name" required maxlength={200} />
        </label>
        <button type="submit" class="secondary">
          {TEXT.addCounter[lang]}
        </button>
        <FormError />
      </form>
    </details>
  );
}

function UnitItem(props: { lang: Lang; node: Node; current: Choice[] | null }) {
  const { lang, node } = props;
  const u = node.unit;
  return (
    <li class={u.validTo ? 'past' : undefined} data-unit={String(u.id)}>
      <b>{u.name}</b>{' '}
      <span class="hint">
        ({UNIT_KIND_NAMES[u.kind][lang]}, {u.code})
      </span>
      <span class="when">
        {TEXT.validFrom[lang]} {dayMonthYear(u.validFrom)}
        {u.validTo ? ` – ${TEXT.validTo[lang]} ${dayMonthYear(u.validTo)}` : ''}
        {node.mergedInto ? ` · ${TEXT.mergedInto[lang]} ${node.mergedInto}` : ''}
      </span>
      {node.counters.length ? (
        <span class="when">
          {TEXT.counter[lang]}: {node.counters.map((c) => `${c.code} ${c.name}`).join('; ')}
        </span>
      ) : null}
      {props.current ? <UnitEditing lang={lang} node={node} current={props.current} /> : null}
      {node.children.length ? (
        <ul>
          {node.children.map((child) => (
            <UnitItem lang={lang} node={child} current={props.current} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A procedure's fields: the new-procedure form and each procedure's correction. */
function ProcedureFields(props: { lang: Lang; procedure?: Procedure }) {
  const { lang, procedure: p } = props;
  return (
    <>
      <label>
        {TEXT.procedureCode[lang]}
        <input name="code" required maxlength={32} value={p?.code} autocomplete="off" />
      </label>
      <label>
        {TEXT.procedure[lang]}
        <input name="name" required maxlength={500} value={p?.name} autocomplete="off" />
      </label>
      <label>
        {TEXT.field[lang]}
        <input name="field" required maxlength={200} value={p?.field} autocomplete="off" />
      </label>
      <fieldset>
        <legend>{TEXT.procedureLevels[lang]}</legend>
        {PROCEDURE_LEVELS.map((level) => (
          <label class="check">
            <input type="checkbox" name="levels" value={level} checked={p?.levels.includes(level)} /> {PROCEDURE_LEVEL_LABELS[level][lang]}
          </label>
        ))}
      </fieldset>
      <label>
        {TEXT.onlineLevel[lang]}
        <select name="onlineLevel">
          <option value="">–</option>
          {ONLINE_LEVELS.map((level) => (
            <option value={level} selected={p?.onlineLevel === level}>
              {ONLINE_LEVEL_LABELS[level][lang]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/**
 * The units of the caller's scope as a tree with their history (merged, ended) and counters, and
 * the procedure catalogue. Admins and Home Affairs add, correct and merge units, add and correct
 * counters, and keep the catalogue (one by one or from a file).
 */
export function unitsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/units', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const user = c.get('user');
    const roots = await unitTree(deps, c.get('scope'));
    const procedures = await listProcedures(deps);
    const current = (UNIT_KEEPERS as readonly string[]).includes(user.role) ? await currentUnits(deps, c.get('scope')) : null;
    const catalogueKeeper = (CATALOGUE_KEEPERS as readonly string[]).includes(user.role);
    return c.html(
      <Layout lang={lang} title={TEXT.unitsTitle[lang]} bodyClass="page report units-page" scripts={['/public/units.js']}>
        <main>
          <StaffHead lang={lang} user={user} />
          <h1>{TEXT.unitsTitle[lang]}</h1>
          <p class="hint">{TEXT.unitsNote[lang]}</p>
          {current?.length ? (
            <details class="new-thing">
              <summary>{TEXT.newUnit[lang]}</summary>
              <form id="new-unit" class="filters">
                <UnitFields lang={lang} parents={current} />
                <button type="submit" class="primary">
                  {TEXT.create[lang]}
                </button>
                <FormError />
              </form>
            </details>
          ) : null}
          <ul class="unit-tree" id="unit-tree">
            {roots.map((node) => (
              <UnitItem lang={lang} node={node} current={current} />
            ))}
          </ul>
          <h2>{TEXT.procedures[lang]}</h2>
          {catalogueKeeper ? (
            <>
              <details class="new-thing">
                <summary>{TEXT.newProcedure[lang]}</summary>
                <form id="new-procedure" class="filters">
                  <ProcedureFields lang={lang} />
                  <button type="submit" class="primary">
                    {TEXT.create[lang]}
                  </button>
                  <FormError />
                </form>
              </details>
              <details class="new-thing">
                <summary>{TEXT.importCatalogue[lang]}</summary>
                <p class="hint">{TEXT.importCatalogueNote[lang]}</p>
                <form id="catalogue-import" class="filters" data-checked={TEXT.catalogueChecked[lang]}>
                  <label>
                    {TEXT.importFile[lang]}
                    <input name="file" type="file" required accept=".csv,.txt,.xlsx" />
                  </label>
                  <button type="submit" name="dryRun" value="true" class="secondary">
                    {TEXT.checkFile[lang]}
                  </button>
                  <button type="submit" name="dryRun" value="false" class="primary">
                    {TEXT.importNow[lang]}
                  </button>
                  <FormError />
                </form>
                <p id="catalogue-result" role="status"></p>
              </details>
            </>
          ) : null}
          <table class="data cards-on-phone" id="procedures">
            <thead>
              <tr>
                <th>{TEXT.procedureCode[lang]}</th>
                <th>{TEXT.procedure[lang]}</th>
                <th>{TEXT.field[lang]}</th>
                <th>{TEXT.procedureLevels[lang]}</th>
                <th>{TEXT.onlineLevel[lang]}</th>
              </tr>
            </thead>
            <tbody>
              {procedures.map((p) => (
                <tr>
                  <td data-label={TEXT.procedureCode[lang]}>{p.code}</td>
                  <th scope="row">
                    {p.name}
                    {catalogueKeeper ? (
                      <details class="procedure-edit">
                        <summary>{TEXT.editProcedure[lang]}</summary>
                        <form class="procedure-change filters" data-procedure={String(p.id)}>
                          <ProcedureFields lang={lang} procedure={p} />
                          <button type="submit" class="secondary">
                            {TEXT.saveChanges[lang]}
                          </button>
                          <FormError />
                        </form>
                      </details>
                    ) : null}
                  </th>
                  <td data-label={TEXT.field[lang]}>{p.field}</td>
                  <td data-label={TEXT.procedureLevels[lang]}>{p.levels.map((l) => PROCEDURE_LEVEL_LABELS[l][lang]).join(', ') || '–'}</td>
                  <td data-label={TEXT.onlineLevel[lang]}>{p.onlineLevel ? ONLINE_LEVEL_LABELS[p.onlineLevel][lang] : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </main>
      </Layout>,
    );
  });
  return app;
}
