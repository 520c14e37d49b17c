/** A chart drawn by /public/dashboard.js from the table below it, which stays the readable form. */
export function Chart(props: { id: string; kind: 'line' | 'bar' | 'hbar' | 'groups'; label: string; percent: boolean }) {
  return (
    <canvas
      id={props.id}
      data-kind={props.kind}
      data-table={`${props.id}-table`}
      data-percent={String(props.percent)}
      role="img"
      aria-label={props.label}
      height="240"
    ></canvas>
  );
}
