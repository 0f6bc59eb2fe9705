/** A "nice" upper bound for an axis (1, 2, 2.5 or 5 times a power of ten) and its tick values. */
export function niceTicks(max: number, options: { count?: number; isInteger?: boolean } = {}): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / (options.count ?? 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  // Counts step by whole numbers (no "1.5 conversations").
  const step = options.isInteger ? Math.max(1, Math.ceil(nice)) : nice;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) {
    ticks.push(Math.round(value * 1000) / 1000);
    if (value >= max) break;
  }
  return ticks;
}

/** Short date labels ("03-14") every few days so that at most ~10 labels show. */
export function labelEvery(length: number): number {
  return Math.max(1, Math.ceil(length / 10));
}

/** The chart's drawing area inside its viewBox. */
export const PLOT = { width: 640, height: 240, left: 48, right: 12, top: 12, bottom: 36 } as const;

/** Where things go in a chart of `count` slots whose value axis ends at the last of `ticks`. */
export function plotLayout(count: number, ticks: readonly number[]) {
  const top = ticks[ticks.length - 1] ?? 1;
  const innerH = PLOT.height - PLOT.top - PLOT.bottom;
  const slot = (PLOT.width - PLOT.left - PLOT.right) / Math.max(1, count);
  return {
    slot,
    /** The centre of slot `i`. */
    x: (i: number) => PLOT.left + i * slot + slot / 2,
    y: (v: number) => PLOT.top + innerH - (v / top) * innerH,
  };
}
