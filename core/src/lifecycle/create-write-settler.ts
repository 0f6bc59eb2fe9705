import type { TLifecycleDeps } from "./deps";
import { yieldToEventLoop } from "./yield-to-event-loop";

/** Write steps between two passive checkpoints: a few hundred WAL pages, well under SQLite's 1000-page automatic one. */
const STEPS_PER_CHECKPOINT = 4;

/**
 * Makes the pause a purge or an erasure takes after each write step, so live chat keeps its latency:
 *
 * - It paces the work to `dutyCycle`, the share of time the job may hold the database: after a
 *   step that took `d` ms it sleeps `d × (1 / dutyCycle − 1)` ms. On SQLite a step blocks the event
 *   loop for its whole commit (fsync included), and a chat message due meanwhile waits for it, so
 *   the share of messages that wait is about the duty cycle.
 * - Every few steps it folds what was written out of the WAL with a passive checkpoint: left to
 *   itself, SQLite checkpoints a thousand pages at once inside whichever commit crosses the limit —
 *   often a chat message's, which then waits tens of milliseconds.
 */
export function createWriteSettler(deps: TLifecycleDeps, options: { dutyCycle: number }): () => Promise<void> {
  let steps = 0;
  let resumedAt = performance.now();
  const rest = async (): Promise<void> => {
    const worked = performance.now() - resumedAt;
    const pause = options.dutyCycle >= 1 ? 0 : worked * (1 / options.dutyCycle - 1);
    if (pause >= 1) await new Promise((resolve) => setTimeout(resolve, pause));
    else await yieldToEventLoop();
    resumedAt = performance.now();
  };
  return async () => {
    await rest();
    steps++;
    if (steps % STEPS_PER_CHECKPOINT === 0) {
      await deps.store.compact({ mode: "passive" });
      await rest();
    }
  };
}
