// Sign-in bench: the time of one argon2id hash at the parameters core uses (core/src/auth), which
// must stay between 50 and 500 ms on this machine — slow enough to hold off an offline guesser,
// fast enough for a sign-in. The baseline in the same run is a SHA-256 of the same input, for the
// table's ratio column.
//   node --import tsx test/bench/sign-in.ts [--hashes 9] [--smoke] [--rows-out FILE]
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { ARGON2_PARAMS, hashPassword, verifyPassword } from "@tawkster/core/auth";
import { runBenchMain } from "./lib/proc";
import { reportRows } from "./lib/report";
import { argIntegers, fmt, fmtMs, fmtRatio, hasFlag, median } from "./lib/stats";

const isSmoke = hasFlag("--smoke");
const [hashes = 9] = argIntegers("--hashes", [isSmoke ? 2 : 9]);
const RANGE_MS = { min: 50, max: 500 } as const;
const PASSWORD = "correct horse battery staple 42";

async function main(): Promise<void> {
  // Warm-up: the native module's first call and its thread pool.
  const stored = await hashPassword(PASSWORD);
  const hashMs: number[] = [];
  for (let i = 0; i < hashes; i++) {
    const started = performance.now();
    await hashPassword(PASSWORD);
    hashMs.push(performance.now() - started);
  }
  const verifyMs: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(hashes / 3)); i++) {
    const started = performance.now();
    if (!(await verifyPassword(stored, PASSWORD)))
      throw new Error("verifyPassword refused the right password");
    verifyMs.push(performance.now() - started);
  }
  const shaMs: number[] = [];
  const BATCH = 10_000;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let i = 0; i < BATCH; i++) createHash("sha256").update(PASSWORD).digest();
    shaMs.push((performance.now() - started) / BATCH);
  }
  const hash = median(hashMs);
  const sha = median(shaMs);
  const isInRange = hash >= RANGE_MS.min && hash <= RANGE_MS.max;
  const { memoryCost, timeCost, parallelism } = ARGON2_PARAMS;
  reportRows([
    {
      name: "sign-in: argon2id hash",
      figure: `median ${fmtMs(hash)} of ${hashes} (${fmtMs(Math.min(...hashMs))}–${fmtMs(Math.max(...hashMs))}); verify ${fmtMs(median(verifyMs))}`,
      baseline: `SHA-256 of the same input: ${fmt(sha * 1000, 2)} µs`,
      ratio: fmtRatio(hash / sha),
      target: `${RANGE_MS.min}–${RANGE_MS.max} ms`,
      met: isInRange,
      reproduce: `node --import tsx test/bench/sign-in.ts --hashes ${hashes}${isSmoke ? " --smoke" : ""}`,
      values: {
        hashes,
        medianMs: hash,
        minMs: Math.min(...hashMs),
        maxMs: Math.max(...hashMs),
        verifyMedianMs: median(verifyMs),
        sha256Ms: sha,
        ratio: hash / sha,
        memoryKiB: memoryCost,
        timeCost,
        parallelism,
      },
      note: `m=${memoryCost / 1024} MiB, t=${timeCost}, p=${parallelism}; load average ${loadavg()[0]?.toFixed(1)} (argon2 time follows the machine's load)${isInRange ? "" : ` — OUTSIDE ${RANGE_MS.min}–${RANGE_MS.max} ms on this machine: retune ARGON2_PARAMS`}`,
    },
  ]);
}

runBenchMain(main);
