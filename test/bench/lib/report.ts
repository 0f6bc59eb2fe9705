// The one row format of the benchmarks. Every bench script prints its rows as a small table and,
// when given `--rows-out <file>` (run.ts and the smoke test pass one), appends them there as JSON
// lines, which run.ts gathers into the one table of `npm run bench` and test/bench/results.json.
// A script that cannot import this may instead print lines `BENCH_ROW {json}` on stdout.
import { appendFileSync } from "node:fs";

/** One line of the benchmark table. */
export type TBenchRow = {
  /** What was measured, e.g. "relay ×100". */
  name: string;
  /** The measured figure(s), human-readable. */
  figure: string;
  /** The baseline measured in the same run (or "—" for a pure size). */
  baseline: string;
  /** Figure against baseline, e.g. "thr 0.41×, p99 2.1×". */
  ratio: string;
  /** The target, e.g. "thr ≥ 0.5×, p99 ≤ 3×". */
  target: string;
  /** Whether the target was met; null for an informational row without a target. */
  met: boolean | null;
  /** The command that reproduces this row alone, from the repository root. */
  reproduce: string;
  /** The raw numbers behind the row (all finite), for results.json and the smoke test. */
  values: Record<string, number>;
  /** Why a target is missed, or what the figure means, in a few words. */
  note?: string;
};

/** The prefix of a row printed on stdout by a script that does not use `--rows-out`. */
export const ROW_LINE_PREFIX = "BENCH_ROW ";

/** Column widths are capped so one long cell does not push the table off every screen. */
const COLUMNS = [
  { title: "bench", key: "name", max: 26 },
  { title: "figure", key: "figure", max: 48 },
  { title: "baseline (same run)", key: "baseline", max: 44 },
  { title: "ratio", key: "ratio", max: 34 },
  { title: "target", key: "target", max: 26 },
  { title: "met", key: "met", max: 7 },
] as const;

function cell(row: TBenchRow, key: (typeof COLUMNS)[number]["key"]): string {
  if (key === "met") return row.met === null ? "—" : row.met ? "met" : "MISSED";
  return row[key];
}

/** Splits a cell into lines of at most `width` characters, at "; " or spaces where possible. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = rest.lastIndexOf("; ", width);
    if (cut > 0) cut += 1;
    else cut = rest.lastIndexOf(" ", width);
    if (cut <= 0) cut = width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** Renders rows as one plain-text table; each row is followed by its reproduce command (and note). */
export function formatTable(rows: readonly TBenchRow[]): string {
  const widths = COLUMNS.map((column) =>
    Math.min(column.max, Math.max(column.title.length, ...rows.map((row) => cell(row, column.key).length))),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  const out = [line(COLUMNS.map((c) => c.title)), rule];
  for (const row of rows) {
    const wrapped = COLUMNS.map((column, i) => wrap(cell(row, column.key), widths[i] ?? 10));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let l = 0; l < height; l++) out.push(line(wrapped.map((w) => w[l] ?? "")));
    const total = widths.reduce((sum, w) => sum + w + 3, 1);
    const extra = [`  ↳ ${row.reproduce}`, ...(row.note ? [`  ↳ ${row.note}`] : [])];
    for (const text of extra)
      for (const part of wrap(text, total - 4)) out.push(`| ${part.padEnd(total - 4)} |`);
    out.push(rule);
  }
  return out.join("\n");
}

/** Throws when a row carries a number that is not finite (NaN, Infinity): a broken measurement. */
export function assertFiniteRow(row: TBenchRow): void {
  for (const [key, value] of Object.entries(row.values)) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`bench row "${row.name}": ${key} is ${String(value)}, not a finite number`);
    }
  }
}

/**
 * Prints the rows of one bench script and, with `--rows-out <file>` in `argv`, appends them to
 * that file as JSON lines for run.ts.
 */
export function reportRows(rows: readonly TBenchRow[], argv: readonly string[] = process.argv): void {
  for (const row of rows) assertFiniteRow(row);
  console.log(formatTable(rows));
  const at = argv.indexOf("--rows-out");
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (file !== undefined) appendFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
}

/** Parses rows from JSON lines (a rows file) or from `BENCH_ROW {json}` lines of a script's stdout. */
export function parseRows(text: string): TBenchRow[] {
  const rows: TBenchRow[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.startsWith(ROW_LINE_PREFIX) ? raw.slice(ROW_LINE_PREFIX.length) : raw;
    if (!line.trim().startsWith("{")) continue;
    try {
      const row = JSON.parse(line) as TBenchRow;
      if (typeof row.name === "string" && typeof row.values === "object") rows.push(row);
    } catch {
      // Not a row.
    }
  }
  return rows;
}
