import { type TSeededHub, useSeededHub } from "../fixtures/seeded-hub";
import type { THub } from "../fixtures/spawn-hub";
import { seedLifecycleData, type TLifecycleSeed } from "./seed";

/** What a lifecycle suite works with once its hooks ran: a seeded hub of its own and a browser. */
export type TLifecycleHub = TSeededHub<TLifecycleSeed>;

/** How long the retention job waits after start-up (hub/jobs/retention-job.ts). */
const FIRST_RUN_WAIT_MS = 30_000;

/**
 * Registers before/after hooks (call inside `describe`) that seed a fresh data dir, start a hub on
 * it, wait for the retention job's first scheduled run (so it cannot purge in the middle of a
 * test: the next one is an hour away) and launch Chromium; all three are torn down afterwards.
 */
export function useLifecycleHub(name: string): TLifecycleHub {
  return useSeededHub({
    suite: "lifecycle",
    name,
    seedData: seedLifecycleData,
    afterStart: waitForFirstRetentionRun,
  });
}

async function waitForFirstRetentionRun(hub: THub): Promise<void> {
  const deadline = Date.now() + FIRST_RUN_WAIT_MS;
  while (!/^retention: /m.test(hub.stdout())) {
    if (Date.now() > deadline) throw new Error(`the retention job did not run; stdout:\n${hub.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
