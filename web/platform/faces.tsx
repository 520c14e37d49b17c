import type { Level } from '../../engine/index.js';

/** Mouth curve per level: a frown at 1, a flat line at 3, a broad smile at 5. */
const MOUTH: Record<Level, string> = {
  1: 'M30 72 Q50 52 70 72',
  2: 'M32 70 Q50 60 68 70',
  3: 'M32 66 L68 66',
  4: 'M32 62 Q50 74 68 62',
  5: 'M28 60 Q50 84 72 60',
};

export function Face(props: { level: Level }) {
  return (
    <svg class="face" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="46" class={`face-bg face-${props.level}`} />
      <circle cx="35" cy="40" r="6" class="face-ink" />
      <circle cx="65" cy="40" r="6" class="face-ink" />
      <path d={MOUTH[props.level]} class="face-mouth" />
    </svg>
  );
}
