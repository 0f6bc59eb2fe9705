import type { TLifecycleDeps } from "./deps";
import { yieldToEventLoop } from "./yield-to-event-loop";

/**
 * Write steps between two passive checkpoints the job waits for. The store checkpoints by itself a
 * few times a second after writes; this only keeps a purge from outrunning it. More often costs
 * the chat: each checkpoint syncs two files, and every sync is a barrier on the disk that a chat's
 * WAL flush then waits behind (every 4 steps made one slow flush in a few thousand take 100 ms).
 */
const STEPS_PER_CHECKPOINT = 100;

/** Runs one write step of a background job, then rests so live chat keeps its latency. */
export type TWritePacer = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * Paces the write steps of a purge or an erasure:
 *
 * - To `dutyCycle`, the share of time the job may use the database: after a step that took `d` ms
 *   (its statements, then until they are durable, less any wait to share a chat's flush) it rests
 *   `d × (1 / dutyCycle − 1)` ms (at least one turn of the event loop). On SQLite the statements
 *   run on the background connection's thread under the write lock, and they become durable with
 *   the next chat's WAL flush when chats are committing, so the job adds no flush of its own to a
 *   busy disk.
 * - Every `STEPS_PER_CHECKPOINT` steps it waits for a passive checkpoint of what was written (paced
 *   like a step), so a purge never outruns the copying of its pages into the database file.
 *
 * @example const paced = createWritePacer(deps, { dutyCycle: 0.25 }); await paced(() => purge.deleteVisitors(ids));
 */
export function createWritePacer(
  deps: TLifecycleDeps,
  options: {
    dutyCycle: number;
    /** Runs before every step; throwing stops the job there (a lost lease). */
    beforeStep?: (() => Promise<void>) | undefined;
    /** Rests this long (for tests; default: a timer). */
    rest?: ((ms: number) => Promise<void>) | undefined;
  },
): TWritePacer {
  const sleep = options.rest ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let steps = 0;
  const timed = async <T>(step: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const ridden = deps.store.backgroundRideMs();
    const result = await step();
    // Waiting to share a chat's flush left the database to the chat: it is not the job's time.
    const busy = performance.now() - start - (deps.store.backgroundRideMs() - ridden);
    const rest = options.dutyCycle >= 1 ? 0 : Math.max(0, busy) * (1 / options.dutyCycle - 1);
    if (rest >= 1) await sleep(rest);
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
