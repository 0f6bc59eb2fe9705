import { ChartFrame } from "./chart-frame";
import { niceTicks, plotLayout } from "./chart-scale";

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
  const { slot, x, y } = plotLayout(points.length, ticks);
  const barW = Math.max(1, slot * 0.7);
  return (
    <ChartFrame
      id={id}
      title={title}
      description={description}
      ticks={ticks}
      labels={points.map((p) => p.label)}
      x={x}
      y={y}
    >
      {points.map((p, i) => (
        <rect
          key={p.label}
          className="c-chart__bar"
          x={x(i) - barW / 2}
          y={y(p.value)}
          width={barW}
          height={Math.max(0, y(0) - y(p.value))}
        />
      ))}
    </ChartFrame>
  );
}
