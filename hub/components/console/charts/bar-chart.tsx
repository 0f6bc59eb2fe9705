import { labelEvery, niceTicks, PLOT } from "./chart-scale";

type TProps = {
  id: string;
  title: string;
  description: string;
  points: readonly { label: string; value: number }[];
};

/**
 * A bar chart as inline SVG, named by its <title> and <desc> (role="img"): screen readers get the
 * summary, and the page shows the same figures in a table.
 */
export function BarChart({ id, title, description, points }: TProps) {
  const ticks = niceTicks(Math.max(0, ...points.map((p) => p.value)), { isInteger: true });
  const top = ticks[ticks.length - 1] ?? 1;
  const innerW = PLOT.width - PLOT.left - PLOT.right;
  const innerH = PLOT.height - PLOT.top - PLOT.bottom;
  const slot = innerW / Math.max(1, points.length);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number) => PLOT.top + innerH - (v / top) * innerH;
  const every = labelEvery(points.length);
  return (
    <svg
      className="c-chart"
      viewBox={`0 0 ${PLOT.width} ${PLOT.height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {ticks.map((t) => (
        <g key={t}>
          <line className="c-chart__grid" x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={y(t)} y2={y(t)} />
          <text className="c-chart__label" x={PLOT.left - 6} y={y(t) + 4} textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      {points.map((p, i) => (
        <rect
          key={p.label}
          className="c-chart__bar"
          x={PLOT.left + i * slot + (slot - barW) / 2}
          y={y(p.value)}
          width={barW}
          height={Math.max(0, PLOT.top + innerH - y(p.value))}
        />
      ))}
      {points.map((p, i) =>
        i % every === 0 ? (
          <text
            key={`label-${p.label}`}
            className="c-chart__label"
            x={PLOT.left + i * slot + slot / 2}
            y={PLOT.height - PLOT.bottom + 16}
            textAnchor="middle"
          >
            {p.label.slice(5)}
          </text>
        ) : null,
      )}
      <line className="c-chart__axis" x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={y(0)} y2={y(0)} />
    </svg>
  );
}
