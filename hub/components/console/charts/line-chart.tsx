import { ChartFrame } from "./chart-frame";
import { niceTicks, PLOT, plotLayout } from "./chart-scale";

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
  const { x, y } = plotLayout(labels.length, ticks);
  return (
    <figure className="c-section">
      <ChartFrame id={id} title={title} description={description} ticks={ticks} labels={labels} x={x} y={y}>
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
      </ChartFrame>
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
