// The bench side of bench-probe.cjs: the environment that loads it into a measured process, and
// the signals that profile it or read its memory after a full GC.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readRssBytes } from "./proc";
import { sleep } from "./stats";

const PROBE = fileURLToPath(new URL("./bench-probe.cjs", import.meta.url));

/** Environment that loads the probe into the process running `script` (e.g. "hub/server.ts"). */
export function probeEnv(dir: string, script: string): Record<string, string> {
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${PROBE}`.trim(),
    BENCH_PROBE_DIR: dir,
    BENCH_PROBE_SCRIPT: script,
  };
}

/** Starts or stops (alternately) the CPU profile of a probed process. */
export function toggleCpuProfile(pid: number): void {
  process.kill(pid, "SIGUSR2");
}

/** A probed process's memory after a full GC: its RSS (from /proc) and V8 heap (from itself). */
export type TMemory = { rss: number; heapUsed: number; external: number; arrayBuffers: number };

const reportCounts = new Map<number, number>();

/** Asks a probed process for a GC and its memoryUsage(), then reads VmRSS; the median of `samples` reads. */
export async function readMemoryAfterGc(dir: string, pid: number, samples = 3): Promise<TMemory> {
  const reads: TMemory[] = [];
  for (let i = 0; i < samples; i++) {
    const n = (reportCounts.get(pid) ?? 0) + 1;
    reportCounts.set(pid, n);
    process.kill(pid, "SIGWINCH");
    const file = join(dir, `memory-${pid}-${n}.json`);
    const deadline = Date.now() + 15_000;
    while (!existsSync(file)) {
      if (Date.now() > deadline)
        throw new Error(`process ${pid} did not report its memory (is the probe loaded?)`);
      await sleep(20);
    }
    await sleep(200);
    const usage = JSON.parse(readFileSync(file, "utf8")) as Omit<TMemory, "rss">;
    reads.push({ ...usage, rss: readRssBytes(pid) });
    await sleep(300);
  }
  const mid = (key: keyof TMemory) =>
    [...reads].sort((a, b) => a[key] - b[key])[Math.floor(reads.length / 2)]?.[key] ?? 0;
  return {
    rss: mid("rss"),
    heapUsed: mid("heapUsed"),
    external: mid("external"),
    arrayBuffers: mid("arrayBuffers"),
  };
}
