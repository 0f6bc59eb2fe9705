import type { TLifecycleDeps } from "./deps";
import { yieldToEventLoop } from "./yield-to-event-loop";

/**
 * Runs between two write steps of a purge or an erasure: lets live chat have the event loop, folds
 * what the step wrote out of the SQLite WAL with a passive checkpoint, and lets chat run again. The
 * checkpoint is why: left to itself, SQLite checkpoints a thousand pages at once inside whichever
 * commit crosses the limit — often a chat message's, which then waits tens of milliseconds.
 */
export async function settleAfterWrite(deps: TLifecycleDeps): Promise<void> {
  await yieldToEventLoop();
  await deps.store.compact({ mode: "passive" });
  await yieldToEventLoop();
}
