import { randomUUID } from "node:crypto";
import { isAppError } from "@tawkster/core/errors";
import { runRetention, type TLifecycleDeps, type TRetentionRun } from "@tawkster/core/lifecycle";
import type { TJobLog } from "./job-log";

/** The first run waits this long after start-up, so the hub is serving before it purges. */
export const FIRST_RUN_DELAY_MS = 5_000;

/** Options of `startRetentionJob`. */
export type TRetentionJobOptions = {
  deps: TLifecycleDeps;
  /** Time between the end of one run and the start of the next (TAWKSTER_RETENTION_INTERVAL_MINUTES). */
  intervalMs: number;
  firstRunDelayMs?: number;
  log: TJobLog;
  /** Told after every run (tests and the benchmark). */
  onRun?: (run: TRetentionRun | null) => void;
};

/** The scheduled retention job of one hub process. */
export type TRetentionJob = {
  /** Cancels the next run and resolves once a run in progress has finished. */
  stop(): Promise<void>;
};

/**
 * Runs retention on a schedule inside the hub: first shortly after start, then `intervalMs` after
 * each run ends, so two runs of this process never overlap. Across hub instances core's
 * `runRetention` takes the "retention" job lease (`acquireJobLease`), so only one instance purges
 * at a time; the others log "skipped". Each run logs one line of counts; a failure logs its class
 * and code only and the schedule goes on.
 *
 * @example const job = startRetentionJob({ deps: hub, intervalMs: 60 * 60_000, log }); … await job.stop();
 */
export function startRetentionJob(options: TRetentionJobOptions): TRetentionJob {
  const instanceId = randomUUID();
  let runCount = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let isStopped = false;

  const schedule = (delayMs: number) => {
    if (isStopped) return;
    timer = setTimeout(tick, delayMs);
    // The servers keep the process alive; a pending purge alone must not.
    timer.unref();
  };
  const tick = () => {
    timer = undefined;
    running = runOnce().finally(() => {
      running = null;
      schedule(options.intervalMs);
    });
  };
  const runOnce = async () => {
    const startedAt = Date.now();
    runCount += 1;
    try {
      const run = await runRetention(options.deps, {
        now: options.deps.now?.() ?? new Date(),
        dryRun: false,
        owner: `${instanceId}:${runCount}`,
      });
      options.log.info(describeRun(run, Date.now() - startedAt));
      options.onRun?.(run);
    } catch (error) {
      const code = isAppError(error) ? ` (${error.code})` : "";
      options.log.error(`retention: run failed: ${error instanceof Error ? error.name : "unknown"}${code}`);
      options.onRun?.(null);
    }
  };

  schedule(options.firstRunDelayMs ?? FIRST_RUN_DELAY_MS);
  return {
    async stop() {
      isStopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

/** One log line for a run: what happened and how much went, never which rows or what they held. */
export function describeRun(run: TRetentionRun, durationMs: number): string {
  if (run.status === "skipped") return "retention: skipped (another hub instance is purging)";
  const sum = (pick: (w: TRetentionRun["workspaces"][number]) => number) =>
    run.workspaces.reduce((total, w) => total + pick(w), 0);
  const counts = [
    `${sum((w) => w.conversationIds.length)} conversations`,
    `${sum((w) => w.visitorIds.length)} visitors`,
    `${sum((w) => w.messageCount)} messages`,
    `${sum((w) => w.auditEventsDeleted)} audit events`,
  ].join(", ");
  const ending = run.status === "lease-lost" ? "stopped early (lease taken over)" : "completed";
  return `retention: ${ending} in ${durationMs} ms over ${run.workspaces.length} workspace(s): deleted ${counts}`;
}
