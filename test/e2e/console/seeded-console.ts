import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import type { Browser } from "playwright-core";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { launchBrowser } from "./browser";
import { seedConsoleData, type TSeed } from "./seed";

/** What a console suite works with once its hooks ran: a seeded hub of its own and a browser. */
export interface TSeededConsole {
  readonly hub: THub;
  readonly seed: TSeed;
  readonly browser: Browser;
}

/**
 * Registers before/after hooks (call inside `describe`) that seed a fresh data dir, start a hub on
 * it and launch Chromium, and tear all three down afterwards.
 */
export function useSeededConsole(name: string): TSeededConsole {
  const parent = mkdtempSync(join(tmpdir(), `tawkster-console-${name}-`));
  let state: { hub?: THub; seed?: TSeed; browser?: Browser } = {};
  before(async () => {
    const dataDir = join(parent, "data");
    const seed = await seedConsoleData(dataDir);
    state = { seed };
    state.hub = await spawnHub({ dataDir, env: seed.env });
    state.browser = await launchBrowser();
  });
  after(async () => {
    await state.browser?.close();
    await state.hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`the console suite's ${what} is not ready (before hook failed?)`);
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
