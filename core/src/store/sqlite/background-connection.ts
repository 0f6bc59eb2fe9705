import { Worker } from "node:worker_threads";
import type { TSqlStatement } from "../sql/driver";
import type { TWriteLock } from "./write-lock";

/** What a WAL checkpoint reports: whether it was blocked, frames in the log, frames copied. */
export type TCheckpointResult = { busy: number; log: number; checkpointed: number };

/** A second connection on a thread of its own: checkpoints, and bulk writes that must not hold the event loop. */
export type TBackgroundConnection = {
  checkpoint(mode: "passive" | "truncate"): Promise<TCheckpointResult>;
  /** Something was committed: a passive checkpoint follows soon (at most one per `intervalMs`). */
  nudge(): void;
  /** Runs the statements as one transaction under the write lock; resolves with each one's changes (not yet flushed). */
  write(statements: readonly TSqlStatement[]): Promise<number[]>;
  close(): Promise<void>;
};

/** Between two automatic checkpoints: long enough to share one among many commits, short enough to keep the WAL to a few MB. */
const DEFAULT_INTERVAL_MS = 200;

type TReply = { id: number; error?: string } & Partial<TCheckpointResult> & { changes?: number[] };

/**
 * Starts a worker thread with its own connection to the SQLite file at `path` (see
 * background-worker.cjs). It runs every checkpoint, so the caller turns SQLite's automatic
 * checkpoint off on its own connection (that one would run inside whichever commit crossed its
 * threshold, on the event loop), and the bulk writes of background jobs. Both connections write
 * only while holding `lock`.
 */
export function startBackgroundConnection(
  path: string,
  lock: TWriteLock,
  options: { intervalMs?: number } = {},
): TBackgroundConnection {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const worker = new Worker(new URL("./background-worker.cjs", import.meta.url), {
    workerData: { path, lockBuffer: lock.buffer },
  });
  worker.unref();
  let nextId = 0;
  let failure: Error | null = null;
  const waiting = new Map<number, { resolve: (reply: TReply) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    failure = error;
    lock.releaseAbandoned();
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on("message", (reply: TReply) => {
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.error !== undefined) entry?.reject(new Error(`background connection failed (${reply.error})`));
    else entry?.resolve(reply);
  });
  worker.on("error", (error) => failAll(new Error(`background connection failed (${error.name})`)));
  let hasExited = false;
  worker.on("exit", () => {
    hasExited = true;
    failAll(new Error("background connection stopped"));
  });

  const request = (message: Record<string, unknown>): Promise<TReply> => {
    if (failure !== null) return Promise.reject(failure);
    const id = nextId++;
    // Held while work is outstanding, so a process exiting mid-checkpoint waits for it.
    worker.ref();
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const checkpoint = async (mode: "passive" | "truncate"): Promise<TCheckpointResult> => {
    const reply = await request({ type: "checkpoint", mode });
    return { busy: reply.busy ?? 1, log: reply.log ?? 0, checkpointed: reply.checkpointed ?? 0 };
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
    write: async (statements) => {
      if (statements.length === 0) return [];
      const reply = await request({ type: "write", statements });
      return reply.changes ?? [];
    },
    close: async () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      failure ??= new Error("background connection closed");
      if (hasExited) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.ref();
      worker.postMessage({ type: "close" });
      // Work in progress finishes first; work that hangs does not hold the shutdown.
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
