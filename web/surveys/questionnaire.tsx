import { questionnaireOrder } from '../../api/surveys/questionnaire.js';
import type { Definition } from '../../engine/index.js';
import { LEVEL_LABELS } from '../../engine/index.js';
import { type Lang, TEXT } from '../platform/i18n.js';

/** A questionnaire row: a statement on the 5-level scale, or a reported question by option number. */
interface Row {
  id: string;
  label: string;
  section: string;
  kind: 'level' | 'option' | 'options';
  /** A scored statement (shown under its section), not a reported question. */
  statement: boolean;
  options?: string[];
  codes?: string[];
  /** Per option: its wording is unconfirmed, so citizens are not offered it. */
  unconfirmed?: boolean[];
  /** The heading to print before this row: set on the first statement of each section. */
  heading: string | null;
}

/** The questionnaire of a method in paper order, each statement under its element's heading. */
export function questionnaire(definition: Definition, lang: Lang): Row[] {
  const sections = new Map<string, string>();
  const walk = (node: Definition['root'], section: string) => {
    if ('children' in node)
      for (const child of node.children) walk(child, 'children' in child ? child.label[lang] : section || node.label[lang]);
    else sections.set(node.id, section);
  };
  walk(definition.root, '');
  let current = '';
  return questionnaireOrder(definition).map((q) => {
    const section = q.statement ? (sections.get(q.id) ?? '') : q.label[lang];
    const heading = q.statement && section !== current ? section : null;
    if (heading !== null) current = heading;
    return {
      id: q.id,
      label: q.label[lang],
      section,
      kind: q.kind,
      statement: q.statement,
      heading,
      ...(q.options
        ? {
            options: q.options.map((o) => o.label[lang]),
            codes: q.options.map((o) => o.code),
            unconfirmed: q.options.map((o) => !!o.unconfirmed),
          }
        : {}),
    };
  });
}

/**
 * The questionnaire as large native choices (tablet self-completion, household links); public/tablet.js
 * sends it. Options of unconfirmed wording are left out: citizens answer only what they can read.
 */
export function QuestionnaireForm(props: { definition: Definition; title: string; lang: Lang; hidden?: boolean }) {
  const { lang } = props;
  return (
    <form id="tablet-form" hidden={props.hidden ?? true}>
      <h1>{props.title}</h1>
      {questionnaire(props.definition, lang).map((row) => {
        return (
          <>
            {row.heading ? <h2>{row.heading}</h2> : null}
            <fieldset class="question" data-item={row.id} data-kind={row.kind}>
              <legend>{row.label}</legend>
              {row.kind === 'level'
                ? [1, 2, 3, 4, 5].map((level) => (
                    <label class="pill">
                      <input type="radio" name={row.id} value={String(level)} />
                      <span>{LEVEL_LABELS[level as 1 | 2 | 3 | 4 | 5][lang]}</span>
                    </label>
                  ))
                : row.options?.map((option, k) =>
                    row.unconfirmed?.[k] ? null : (
                      <label class="pill">
                        <input type={row.kind === 'options' ? 'checkbox' : 'radio'} name={row.id} value={row.codes?.[k]} />
                        <span>{option}</span>
                      </label>
                    ),
                  )}
            </fieldset>
          </>
        );
      })}
      <p id="tablet-error" class="error" role="alert" hidden></p>
      <button type="submit" class="primary">
        {TEXT.sendSurvey[lang]}
      </button>
    </form>
  );
}
