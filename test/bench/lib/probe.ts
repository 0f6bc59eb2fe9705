// The bench side of bench-probe.cjs: the environment that loads it into a measured process, and
// the signals that profile it or read its memory after a full GC.
import { execFileSync } from "node:child_process";
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

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux unless told otherwise). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used (all its threads) and its main thread alone, in ms, from /proc. */
export type TCpuTime = { processMs: number; mainThreadMs: number };

function readStatCpuMs(path: string): number {
  // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count
  // from after its closing parenthesis.
  const stat = readFileSync(path, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * Reads a process's CPU time so far. Unlike a profile's samples (wall time: a thread waiting for
 * the disk or for a core still shows as busy), this counts only time on a CPU, so it compares
 * across runs on a noisy machine.
 */
export function readCpuTime(pid: number): TCpuTime {
  return {
    processMs: readStatCpuMs(`/proc/${pid}/stat`),
    mainThreadMs: readStatCpuMs(`/proc/${pid}/task/${pid}/stat`),
  };
}
