import type { Context } from 'hono';
import { inScope, scopeOf } from '../api/auth/scope.js';
import type { AppDeps, AppEnv, SessionUser } from '../api/context.js';
import { units } from '../api/db/schema.js';
import { STORED_METHODS, type StoredMethod } from '../api/indices.js';
import { vnDate } from '../api/time.js';
import { getDefinition } from '../engine/index.js';
import { type Lang, TEXT, langOf } from './i18n.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What every report page reads from its address (so a link shows the same view): language, the
 * current units in the caller's scope sorted the Vietnamese way, method and period (last year by default).
 */
export async function pageFilters(c: Context<AppEnv>, deps: AppDeps, user: SessionUser) {
  const scope = await scopeOf(deps, user);
  const collator = new Intl.Collator('vi');
  const choices = (await deps.store.db
    .select({ id: units.id, name: units.name, validTo: units.validTo })
    .from(units)
    .all())
    .filter((u) => inScope(scope, u.id) && u.validTo === null)
    .sort((a, b) => collator.compare(a.name, b.name));
  const lastYear = Number(vnDate(deps.now()).slice(0, 4)) - 1;
  const date = (name: string, fallback: string) => (DATE.test(c.req.query(name) ?? '') ? (c.req.query(name) as string) : fallback);
  const definitionId: StoredMethod = (STORED_METHODS as readonly string[]).includes(c.req.query('definition') ?? '') ? (c.req.query('definition') as StoredMethod) : 'tap-rating';
  return { scope, lang: langOf(c.req.query('lang')), choices, from: date('from', `${lastYear}-01-01`), to: date('to', `${lastYear}-12-31`), definitionId };
}

export function MethodSelect(props: { lang: Lang; value: string }) {
  return (
    <label>
      {TEXT.method[props.lang]}
      <select name="definition">
        {STORED_METHODS.map((id) => (
          <option value={id} selected={id === props.value}>
            {getDefinition(id)?.title[props.lang]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function PeriodInputs(props: { lang: Lang; from: string; to: string }) {
  return (
    <>
      <label>
        {TEXT.from[props.lang]}
        <input type="date" name="from" value={props.from} />
      </label>
      <label>
        {TEXT.to[props.lang]}
        <input type="date" name="to" value={props.to} />
      </label>
    </>
  );
}
