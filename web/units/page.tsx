import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/platform/context.js';
import { UNIT_KIND_NAMES } from '../../api/platform/vocabulary.js';
import { procedureCatalogue, unitTree } from '../../api/units/service.js';
import { dayMonthYear } from '../platform/format.js';
import { type Lang, langOf, TEXT } from '../platform/i18n.js';
import { Layout, StaffHead } from '../platform/layout.js';
import { requirePageUser } from '../platform/session.js';

type Node = Awaited<ReturnType<typeof unitTree>>[number];

function UnitItem(props: { lang: Lang; node: Node }) {
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
      {node.children.length ? (
        <ul>
          {node.children.map((child) => (
            <UnitItem lang={lang} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The units of the caller's scope as a tree with their history (merged, ended), counters, and the procedure catalogue. */
export function unitsPage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/staff/units', requirePageUser(deps), async (c) => {
    const lang = langOf(c.req.query('lang'));
    const roots = await unitTree(deps, c.get('scope'));
    const procedures = await procedureCatalogue(deps);
    return c.html(
      <Layout lang={lang} title={TEXT.unitsTitle[lang]} bodyClass="page report units-page">
        <main>
          <StaffHead lang={lang} user={c.get('user')} />
          <h1>{TEXT.unitsTitle[lang]}</h1>
          <p class="hint">{TEXT.unitsNote[lang]}</p>
          <ul class="unit-tree" id="unit-tree">
            {roots.map((node) => (
              <UnitItem lang={lang} node={node} />
            ))}
          </ul>
          <h2>{TEXT.procedures[lang]}</h2>
          <table class="data cards-on-phone" id="procedures">
            <thead>
              <tr>
                <th>{TEXT.procedureCode[lang]}</th>
                <th>{TEXT.procedure[lang]}</th>
                <th>{TEXT.field[lang]}</th>
              </tr>
            </thead>
            <tbody>
              {procedures.map((p) => (
                <tr>
                  <td data-label={TEXT.procedureCode[lang]}>{p.code}</td>
                  <th scope="row">{p.name}</th>
                  <td data-label={TEXT.field[lang]}>{p.field ?? '–'}</td>
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
