import { REASON_CODES, REASONS } from '../../api/platform/vocabulary.js';
import { LEVEL_LABELS, LEVELS } from '../../engine/index.js';
import { Face } from './faces.js';
import type { Lang } from './i18n.js';

export function FaceButtons(props: { lang: Lang; name?: string }) {
  return (
    <fieldset class="faces">
      {LEVELS.map((level) => (
        <button type="button" class="face-btn" data-level={String(level)} name={props.name} value={String(level)}>
          <Face level={level} />
          <span class="face-label">{LEVEL_LABELS[level][props.lang]}</span>
        </button>
      ))}
    </fieldset>
  );
}

export function ReasonChips(props: { lang: Lang }) {
  return (
    <div class="chips">
      {REASON_CODES.map((code) => (
        <button type="button" class="chip" aria-pressed="false" data-reason={code}>
          {REASONS[code][props.lang]}
        </button>
      ))}
    </div>
  );
}
