// `npm run bench`: runs every bench (each a script that can also run alone), prints ONE table of
// their rows and writes test/bench/results.json (generated, kept out of git by .gitignore).
// Every figure is a ratio against a baseline measured in the same run, or a size: machines are
// noisy, so nothing here asserts an absolute time.
//   node --import tsx test/bench/run.ts [--smoke] [--only relay,crypto] [--out FILE]
// With --smoke (the tiny versions `npm test` runs), results.json is not written unless --out says where.

import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "../e2e/fixtures/spawn-hub";
import { BENCHES, isPresent, runBench, type TBenchRun } from "./lib/benches";
import { runBenchMain } from "./lib/proc";
import { formatTable } from "./lib/report";
import { argValue, fmt, hasFlag } from "./lib/stats";

const isSmoke = hasFlag("--smoke");
const only = argValue("--only")?.split(",");
const out = argValue("--out") ?? (isSmoke ? undefined : join(REPO_ROOT, "test", "bench", "results.json"));

async function main(): Promise<number> {
  const started = performance.now();
  const loadBefore = loadavg();
  const runs: TBenchRun[] = [];
  const skipped: string[] = [];
  for (const bench of BENCHES) {
    if (only !== undefined && !only.includes(bench.name)) continue;
    if (!isPresent(bench)) {
      skipped.push(`${bench.name} (${bench.script} is not there yet)`);
      continue;
    }
    console.error(`▶ ${bench.name}: node --import tsx ${bench.script}${isSmoke ? " --smoke" : ""}`);
    const run = await runBench(bench, { isSmoke, echo: true });
    console.error(`  ${bench.name}: ${run.code === 0 ? "done" : "FAILED"} in ${fmt(run.seconds, 1)} s`);
    runs.push(run);
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = runs.flatMap((run) => run.rows);
  console.log(formatTable(rows));
  const missed = rows.filter((row) => row.met === false).map((row) => row.name);
  console.log(
    `${rows.length} rows in ${fmt(seconds)} s; ${missed.length === 0 ? "every target met" : `missed: ${missed.join(", ")}`}` +
      (skipped.length > 0 ? `; skipped: ${skipped.join(", ")}` : ""),
  );
  if (out !== undefined) {
    const path = resolve(out);
    writeFileSync(
      path,
      `${JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          isSmoke,
          seconds,
          machine: {
            cpus: cpus().length,
            cpuModel: cpus()[0]?.model ?? "unknown",
            memoryBytes: totalmem(),
            node: process.version,
            loadAverageBefore: loadBefore,
            loadAverageAfter: loadavg(),
          },
          benches: runs.map((run) => ({
            name: run.bench.name,
            script: run.bench.script,
            exitCode: run.code,
            seconds: run.seconds,
          })),
          skipped,
          rows,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`Wrote ${path}`);
  }
  return runs.every((run) => run.code === 0) ? 0 : 1;
}

runBenchMain(main);
