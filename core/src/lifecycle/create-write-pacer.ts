import type { TLifecycleDeps } from "./deps";
import { yieldToEventLoop } from "./yield-to-event-loop";

/** Write steps between two passive checkpoints: a few hundred WAL pages, well under SQLite's 1000-page automatic one. */
const STEPS_PER_CHECKPOINT = 4;

/** Runs one write step of a background job, then rests so live chat keeps its latency. */
export type TWritePacer = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * Paces the write steps of a purge or an erasure:
 *
 * - To `dutyCycle`, the share of time the job may hold the database: after a step that took `d` ms
 *   it rests `d × (1 / dutyCycle − 1)` ms (at least one turn of the event loop). On SQLite a step
 *   blocks the event loop for its whole commit, fsync included, and a chat message due meanwhile
 *   waits for it, so the share of messages that wait is about the duty cycle.
 * - Every few steps it folds what was written out of the WAL with a passive checkpoint (paced like
 *   a step): left to itself, SQLite checkpoints a thousand pages at once inside whichever commit
 *   crosses the limit — often a chat message's, which then waits tens of milliseconds.
 *
 * @example const paced = createWritePacer(deps, { dutyCycle: 0.25 }); await paced(() => purge.deleteVisitors(ids));
 */
export function createWritePacer(
  deps: TLifecycleDeps,
  options: {
    dutyCycle: number;
    /** Runs before every step; throwing stops the job there (a lost lease). */
    beforeStep?: (() => Promise<void>) | undefined;
  },
): TWritePacer {
  let steps = 0;
  const timed = async <T>(step: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await step();
    const rest = options.dutyCycle >= 1 ? 0 : (performance.now() - start) * (1 / options.dutyCycle - 1);
    if (rest >= 1) await new Promise((resolve) => setTimeout(resolve, rest));
    else await yieldToEventLoop();
    return result;
  };
  return async (step) => {
    await options.beforeStep?.();
    const result = await timed(step);
    steps++;
    if (steps % STEPS_PER_CHECKPOINT === 0) await timed(() => deps.store.compact({ mode: "passive" }));
    return result;
  };
}
