import { labelEvery, niceTicks, PLOT } from "./chart-scale";

/** One line: a value per label (null where there was nothing to measure: the line breaks there). */
export type TSeries = { key: "a" | "b" | "c"; name: string; values: readonly (number | null)[] };

type TProps = {
  id: string;
  title: string;
  description: string;
  labels: readonly string[];
  series: readonly TSeries[];
  unit: string;
};

/**
 * A line chart as inline SVG with a legend; lines differ by dash pattern as well as colour, so
 * they can be told apart without colour vision.
 */
export function LineChart({ id, title, description, labels, series, unit }: TProps) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = niceTicks(Math.max(0, ...all));
  const top = ticks[ticks.length - 1] ?? 1;
  const innerW = PLOT.width - PLOT.left - PLOT.right;
  const innerH = PLOT.height - PLOT.top - PLOT.bottom;
  const slot = innerW / Math.max(1, labels.length);
  const x = (i: number) => PLOT.left + i * slot + slot / 2;
  const y = (v: number) => PLOT.top + innerH - (v / top) * innerH;
  const every = labelEvery(labels.length);
  return (
    <figure className="c-section">
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
        <text className="c-chart__label" x={4} y={PLOT.top + 4}>
          {unit}
        </text>
        {series.map((s) => (
          <g key={s.key}>
            {segments(s.values).map((segment) => (
              <polyline
                key={segment[0]}
                className={`c-chart__line c-chart__line--${s.key}`}
                points={segment.map((i) => `${x(i)},${y(s.values[i] ?? 0)}`).join(" ")}
              />
            ))}
            {s.values.map((v, i) =>
              v === null ? null : (
                // biome-ignore lint/suspicious/noArrayIndexKey: one point per day, in day order.
                <circle key={i} className={`c-chart__point--${s.key}`} cx={x(i)} cy={y(v)} r={3} />
              ),
            )}
          </g>
        ))}
        {labels.map((label, i) =>
          i % every === 0 ? (
            <text
              key={label}
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
      <figcaption>
        <ul className="c-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`c-legend__swatch c-legend__swatch--${s.key}`} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** Runs of consecutive indexes with a value (a single point draws as its dot only). */
function segments(values: readonly (number | null)[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 1) runs.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length > 1) runs.push(run);
  return runs;
}
