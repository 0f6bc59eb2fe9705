import type { ReactNode } from "react";
import { labelEvery, PLOT } from "./chart-scale";

type TProps = {
  id: string;
  title: string;
  description: string;
  ticks: readonly number[];
  /** Date labels ("YYYY-MM-DD") of the slots, shown as "MM-DD" every few. */
  labels: readonly string[];
  x: (i: number) => number;
  y: (v: number) => number;
  children: ReactNode;
};

/**
 * What every console chart shares: inline SVG named by its <title> and <desc> (role="img"), the
 * value grid, the date labels and the baseline; the chart draws its marks as children.
 */
export function ChartFrame({ id, title, description, ticks, labels, x, y, children }: TProps) {
  const every = labelEvery(labels.length);
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
      {children}
      {labels.map((label, i) =>
        i % every === 0 ? (
          <text
            key={`label-${label}`}
            className="c-chart__label"
            x={x(i)}
            y={PLOT.height - PLOT.bottom + 16}
            textAnchor="middle"
          >
            {label.slice(5)}
          </text>
        ) : null,
      )}
      <line className="c-chart__axis" x1={PLOT.left} x2={PLOT.width - PLOT.right} y1={y(0)} y2={y(0)} />
    </svg>
  );
}
