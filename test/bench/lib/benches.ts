// The benches `npm run bench` runs (and the smoke test runs with --smoke), in order, and how to
// run one as a child process and collect its rows.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../e2e/fixtures/spawn-hub";
import { parseRows, type TBenchRow } from "./report";

export type TBench = {
  name: string;
  /** Path from the repository root. */
  script: string;
  /** Written by another engineer and maybe not there yet: skipped (and said so) when missing. */
  isOptional?: boolean;
};

export const BENCHES: readonly TBench[] = [
  { name: "relay", script: "test/bench/relay.ts" },
  { name: "connections", script: "test/bench/connections.ts" },
  { name: "widget weight", script: "test/bench/widget-weight.ts" },
  { name: "crypto", script: "test/bench/crypto.ts" },
  { name: "send path", script: "test/bench/send-path.ts" },
  { name: "sign-in", script: "test/bench/sign-in.ts" },
  { name: "purge", script: "test/bench/purge.ts", isOptional: true },
  { name: "erase", script: "test/bench/erase.ts", isOptional: true },
];

/** Whether a bench's script exists. */
export function isPresent(bench: TBench): boolean {
  return existsSync(join(REPO_ROOT, bench.script));
}

export type TBenchRun = {
  bench: TBench;
  code: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  rows: TBenchRow[];
  stdout: string;
  stderr: string;
};

/**
 * Runs one bench script (`node --import tsx <script> [--smoke] --rows-out <tmp>`) from the
 * repository root, passing its stderr (progress) through when `echo` is set. A script that reports
 * no row of its own (through lib/report.ts or `BENCH_ROW` lines) gets one saying how it ended.
 */
export async function runBench(
  bench: TBench,
  options: { isSmoke: boolean; echo?: boolean; timeoutMs?: number },
): Promise<TBenchRun> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-bench-rows-"));
  const rowsFile = join(dir, "rows.jsonl");
  const args = [
    "--import",
    "tsx",
    bench.script,
    ...(options.isSmoke ? ["--smoke"] : []),
    "--rows-out",
    rowsFile,
  ];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    if (options.echo) process.stderr.write(chunk);
  });
  const timer =
    options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGTERM"), options.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) =>
      child.once("exit", (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })),
  );
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  let rows = existsSync(rowsFile) ? parseRows(readFileSync(rowsFile, "utf8")) : [];
  rmSync(dir, { recursive: true, force: true });
  if (rows.length === 0) rows = parseRows(stdout);
  const reproduce = `node --import tsx ${bench.script}${options.isSmoke ? " --smoke" : ""}`;
  if (rows.length === 0 || code !== 0) {
    const lastLine = (code === 0 ? stdout : stderr || stdout).trim().split("\n").at(-1) ?? "";
    rows.push({
      name: bench.name,
      figure: code === 0 ? "ran; see its own output" : `FAILED (${signal ?? `exit ${code}`})`,
      baseline: "—",
      ratio: "—",
      target: "—",
      met: code === 0 ? null : false,
      reproduce,
      values: { exitCode: code ?? -1, seconds },
      note: lastLine.slice(0, 300),
    });
  }
  return { bench, code, signal, seconds, rows, stdout, stderr };
}
