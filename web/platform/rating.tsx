import { LEVELS, LEVEL_LABELS } from '../../engine/index.js';
import { REASONS, REASON_CODES } from '../../api/platform/vocabulary.js';
import { Face } from './faces.js';
import type { Lang } from './i18n.js';

export function FaceButtons(props: { lang: Lang; name?: string }) {
  return (
    <div class="faces" role="group">
      {LEVELS.map((level) => (
        <button type="button" class="face-btn" data-level={String(level)} name={props.name} value={String(level)}>
          <Face level={level} />
          <span class="face-label">{LEVEL_LABELS[level][props.lang]}</span>
        </button>
      ))}
    </div>
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
