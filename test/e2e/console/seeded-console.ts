import { type TSeededHub, useSeededHub } from "../fixtures/seeded-hub";
import { seedConsoleData, type TSeed } from "./seed";

/** What a console suite works with once its hooks ran: a seeded hub of its own and a browser. */
export type TSeededConsole = TSeededHub<TSeed>;

/**
 * Registers before/after hooks (call inside `describe`) that seed a fresh data dir, start a hub on
 * it and launch Chromium, and tear all three down afterwards.
 */
export function useSeededConsole(name: string): TSeededConsole {
  return useSeededHub({ suite: "console", name, seedData: seedConsoleData });
}
