import type { TLifecycleDeps } from "./deps";
import { yieldToEventLoop } from "./yield-to-event-loop";

/** Write steps between two passive checkpoints: a few hundred WAL pages. */
const STEPS_PER_CHECKPOINT = 4;

/** Runs one write step of a background job, then rests so live chat keeps its latency. */
export type TWritePacer = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * Paces the write steps of a purge or an erasure:
 *
 * - To `dutyCycle`, the share of time the job may use the database: after a step that took `d` ms
 *   (its statements, then its flush to disk) it rests `d × (1 / dutyCycle − 1)` ms (at least one
 *   turn of the event loop). On SQLite the statements run on the event loop and the flush shares
 *   the disk with every chat's commit, so the share of messages that wait is about the duty cycle.
 * - Every few steps it waits for a passive checkpoint of what was written (paced like a step), so a
 *   purge never outruns the copying of its pages into the database file and the WAL stays short.
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
