import type { Definition, Label } from '../../engine/index.js';

/**
 * The questions of a method's questionnaire in paper order, numbered from 1: statements on the
 * 5-level scale (SIPAS), survey-scored items answered by letter (PAR), then reported questions.
 * The entry page, the tablet, the paper form and imports all use this one order.
 */
export function questionnaireOrder(definition: Definition) {
  type Question = {
    number: number;
    id: string;
    kind: 'level' | 'option' | 'options';
    label: Label;
    statement: boolean;
    options?: { code: string; label: Label; unconfirmed?: boolean | undefined }[];
  };
  const rows: Omit<Question, 'number'>[] = [];
  const walk = (n: Definition['root']) => {
    if ('children' in n) n.children.forEach(walk);
    else if (n.rule === 'share') rows.push({ id: n.id, kind: 'level', label: n.label, statement: true });
    else if (n.rule === 'points_table') {
      const options = Object.keys(n.table).map((code) => ({ code, label: { vi: code, en: code } }));
      rows.push({ id: n.id, kind: 'option', label: n.label, statement: true, options });
    }
  };
  walk(definition.root);
  for (const r of definition.reported)
    rows.push({ id: r.id, kind: r.multiple ? 'options' : 'option', label: r.label, statement: false, options: r.options });
  return rows.map((r, i): Question => ({ number: i + 1, ...r }));
}

/** Whether a method has a questionnaire a wave can ask: SIPAS statements, or PAR survey-scored items. */
export const surveyable = (definition: Definition) => questionnaireOrder(definition).some((q) => q.statement);
