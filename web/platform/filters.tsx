import type { z } from '@hono/zod-openapi';
import { STORED_METHODS } from '../../api/indices/schemas.js';
import type { UnconfirmedRule } from '../../api/methods/schemas.js';
import { HttpError, validationError } from '../../api/platform/errors.js';
import { vnDate } from '../../api/platform/time.js';
import { getDefinition } from '../../engine/index.js';
import { type Lang, TEXT } from './i18n.js';

/** Last calendar year in Hà Nội: the period a report page opens on. */
export function lastYear(now: number) {
  const year = Number(vnDate(now).slice(0, 4)) - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The year so far (1 January to today, Hà Nội): what a leader reads first, beside the same days a year before. */
export function yearSoFar(now: number) {
  const today = vnDate(now);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

export type PageResult<Q, T> = { ok: true; q: Q; value: T } | { ok: false; error: HttpError };

/**
 * A report page reads its address through the API's own query schema (blank fields left out, the
 * page's defaults under them) and runs the API's own loader; a refusal becomes a message on the page.
 * `form` is what the address asked for, to fill the filters back in.
 */
export async function loadPage<S extends z.ZodType, T>(
  schema: S,
  defaults: Record<string, string | number | undefined>,
  address: Record<string, string>,
  load: (q: z.infer<S>) => Promise<T>,
): Promise<{ form: Record<string, string>; result: PageResult<z.infer<S>, T> }> {
  const given = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== ''));
  const form = { ...Object.fromEntries(Object.entries(defaults).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))), ...given };
  const parsed = schema.safeParse(form);
  if (!parsed.success) return { form, result: { ok: false, error: validationError(parsed.error, form) } };
  try {
    return { form, result: { ok: true, q: parsed.data, value: await load(parsed.data) } };
  } catch (e) {
    if (e instanceof HttpError) return { form, result: { ok: false, error: e } };
    throw e;
  }
}

/** Why a report page has no figures: the API's refusal, in the page's language. */
/** The filters' names as the form shows them, for a refusal naming a field. */
const FIELD_NAMES: Record<string, keyof typeof TEXT> = {
  from: 'from',
  to: 'to',
  unit: 'unit',
  units: 'unit',
  parent: 'parentUnit',
  definition: 'method',
};

export function PageError(props: { lang: Lang; error: HttpError }) {
  const name = (field: string) => {
    const key = FIELD_NAMES[field];
    return key ? TEXT[key][props.lang] : field;
  };
  return (
    <div class="notice error" role="alert" id="page-error">
      <p>{props.error.bilingual[props.lang]}</p>
      {props.error.fields?.length ? (
        <ul>
          {props.error.fields.map((f) => (
            <li data-field={f.field}>
              {name(f.field)}: {f.message[props.lang]}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The end of a filter form: it shows the page again with the filters chosen, in the page's language. */
export function ShowButton(props: { lang: Lang }) {
  return (
    <>
      {props.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      <button type="submit" class="primary">
        {TEXT.show[props.lang]}
      </button>
    </>
  );
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

/** The "unconfirmed rule" mark: the placeholders a figure on the page rests on, named. */
export function UnconfirmedNotice(props: { lang: Lang; rules: UnconfirmedRule[] }) {
  if (props.rules.length === 0) return null;
  return (
    <p class="notice unconfirmed" data-unconfirmed={String(props.rules.length)}>
      <strong>{TEXT.unconfirmedRules[props.lang]}:</strong> {props.rules.map((r) => r.label[props.lang]).join('; ')}.
    </p>
  );
}
