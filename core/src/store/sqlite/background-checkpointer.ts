import { Worker } from "node:worker_threads";

/** What a WAL checkpoint reports: whether it was blocked, frames in the log, frames copied. */
export type TCheckpointResult = { busy: number; log: number; checkpointed: number };

/** Checkpoints run away from the event loop; `nudge()` after writes keeps the WAL short. */
export type TCheckpointer = {
  checkpoint(mode: "passive" | "truncate"): Promise<TCheckpointResult>;
  /** Something was committed: a passive checkpoint follows soon (at most one per `intervalMs`). */
  nudge(): void;
  close(): Promise<void>;
};

/** Between two automatic checkpoints: long enough to share one among many commits, short enough to keep the WAL to a few MB. */
const DEFAULT_INTERVAL_MS = 200;

/**
 * Starts a worker thread with its own connection to the SQLite file at `path` that runs every
 * checkpoint. The caller turns SQLite's automatic checkpoint off on its own connection, since that
 * one would run inside whichever commit crossed its threshold, on the event loop.
 */
export function startBackgroundCheckpointer(
  path: string,
  options: { intervalMs?: number } = {},
): TCheckpointer {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const worker = new Worker(new URL("./checkpoint-worker.cjs", import.meta.url), { workerData: { path } });
  worker.unref();
  let nextId = 0;
  let failure: Error | null = null;
  const waiting = new Map<number, { resolve: (r: TCheckpointResult) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    failure = error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on("message", (reply: TCheckpointResult & { id: number; error?: string }) => {
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.error !== undefined) entry?.reject(new Error(`checkpoint failed (${reply.error})`));
    else entry?.resolve({ busy: reply.busy, log: reply.log, checkpointed: reply.checkpointed });
  });
  worker.on("error", (error) => failAll(new Error(`checkpoint worker failed (${error.name})`)));
  let hasExited = false;
  worker.on("exit", () => {
    hasExited = true;
    failAll(new Error("checkpoint worker stopped"));
  });

  const checkpoint = (mode: "passive" | "truncate"): Promise<TCheckpointResult> => {
    if (failure !== null) return Promise.reject(failure);
    const id = nextId++;
    // Held while a checkpoint is asked for, so a process exiting mid-checkpoint waits for it.
    worker.ref();
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ type: "checkpoint", id, mode });
    });
  };

  let timer: NodeJS.Timeout | null = null;
  let lastAt = 0;
  let isRunning = false;
  const runPassive = () => {
    timer = null;
    isRunning = true;
    lastAt = Date.now();
    checkpoint("passive")
      .catch(() => undefined)
      .finally(() => {
        isRunning = false;
      });
  };
  const nudge = () => {
    if (timer !== null || isRunning || failure !== null) return;
    const wait = Math.max(0, lastAt + intervalMs - Date.now());
    timer = setTimeout(runPassive, wait);
    timer.unref();
  };

  return {
    checkpoint,
    nudge,
    close: async () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      failure ??= new Error("checkpointer closed");
      if (hasExited) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.ref();
      worker.postMessage({ type: "close" });
      // A checkpoint in progress finishes first; one that hangs does not hold the shutdown.
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
