import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../fixtures/browser";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { seedLifecycleData, type TLifecycleSeed } from "./seed";

/** What a lifecycle suite works with once its hooks ran: a seeded hub of its own and a browser. */
export interface TLifecycleHub {
  readonly hub: THub;
  readonly seed: TLifecycleSeed;
  readonly browser: Browser;
}

/** How long the retention job waits after start-up (hub/jobs/retention-job.ts). */
const FIRST_RUN_WAIT_MS = 30_000;

/**
 * Registers before/after hooks (call inside `describe`) that seed a fresh data dir, start a hub on
 * it, wait for the retention job's first scheduled run (so it cannot purge in the middle of a
 * test: the next one is an hour away) and launch Chromium; all three are torn down afterwards.
 */
export function useLifecycleHub(name: string): TLifecycleHub {
  const parent = mkdtempSync(join(tmpdir(), `tawkster-lifecycle-${name}-`));
  let state: { hub?: THub; seed?: TLifecycleSeed; browser?: Browser } = {};
  before(async () => {
    const dataDir = join(parent, "data");
    const seed = await seedLifecycleData(dataDir);
    state = { seed };
    state.hub = await spawnHub({ dataDir, env: seed.env });
    await waitForFirstRetentionRun(state.hub);
    state.browser = await launchBrowser();
  });
  after(async () => {
    await state.browser?.close();
    await state.hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`the lifecycle suite's ${what} is not ready (before hook failed?)`);
    return value;
  };
  return {
    get hub() {
      return required(state.hub, "hub");
    },
    get seed() {
      return required(state.seed, "seed");
    },
    get browser() {
      return required(state.browser, "browser");
    },
  };
}

async function waitForFirstRetentionRun(hub: THub): Promise<void> {
  const deadline = Date.now() + FIRST_RUN_WAIT_MS;
  while (!/^retention: /m.test(hub.stdout())) {
    if (Date.now() > deadline) throw new Error(`the retention job did not run; stdout:\n${hub.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
