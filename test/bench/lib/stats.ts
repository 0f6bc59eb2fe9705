// Small statistics and formatting helpers shared by the bench scripts.

/** The value at percentile `p` (0–100) of `values`, by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A number with thousands separators and at most `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A duration in milliseconds, with two significant decimals when small. */
export function fmtMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${fmt(ms)} ms`;
}

/** A ratio such as "0.41×" (two significant digits below 10). */
export function fmtRatio(ratio: number): string {
  if (ratio >= 100) return `${fmt(ratio)}×`;
  if (ratio >= 10) return `${ratio.toFixed(1)}×`;
  return `${ratio.toFixed(2)}×`;
}

/** Reads `--name value` from argv (undefined when absent). */
export function argValue(name: string, argv: readonly string[] = process.argv): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** Whether `--flag` is present in argv. */
export function hasFlag(name: string, argv: readonly string[] = process.argv): boolean {
  return argv.includes(name);
}

/** Reads `--name 1,100,1000` as a list of positive integers; `fallback` when absent. */
export function argIntegers(name: string, fallback: readonly number[], argv = process.argv): number[] {
  const raw = argValue(name, argv);
  if (raw === undefined) return [...fallback];
  const values = raw.split(",").map((part) => Number(part.replace(/_/g, "")));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v < 1)) {
    throw new Error(`${name} takes positive integers separated by commas, not "${raw}"`);
  }
  return values;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
