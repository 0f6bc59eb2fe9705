import { type FileHandle, open } from "node:fs/promises";
import { dirname } from "node:path";

/** Makes every WAL frame written so far durable; resolves once the disk has it. */
export type TWalSync = {
  sync(): Promise<void>;
  /**
   * The same guarantee for background work (a purge's step), without a flush of its own while
   * chats are committing: it rides on the next flush `sync()` starts within `maxWaitMs`, and
   * flushes by itself only when none does, or at once when no `sync()` was asked for lately.
   * Every flush is a barrier for the whole disk, and a chat's flush that finds one of the purge's
   * in flight waits for it and then for its own.
   */
  syncShared(maxWaitMs: number): Promise<void>;
  close(): Promise<void>;
};

/**
 * Flushes a SQLite WAL with `fdatasync` on libuv's thread pool, so a commit's fsync never blocks
 * the event loop (better-sqlite3 runs everything else on it). The database runs with
 * synchronous=NORMAL: COMMIT only writes its frames; the driver calls `sync()` before acknowledging
 * it. Requests made while a flush is in flight share the next one (an fsync covers everything
 * written before it started), so a burst of commits costs two flushes, not one each.
 * An in-memory database has nothing to flush.
 */
export function createWalSyncer(
  databasePath: string,
  options: { isMemory?: boolean; openFile?: (path: string, flags: "r") => Promise<FileHandle> } = {},
): TWalSync {
  if (options.isMemory) {
    return { sync: async () => undefined, syncShared: async () => undefined, close: async () => undefined };
  }
  const openFile = options.openFile ?? open;
  const walPath = `${databasePath}-wal`;
  let handle: Promise<FileHandle> | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const openWal = async (): Promise<FileHandle> => {
    const wal = await openFile(walPath, "r");
    // The WAL's directory entry must survive a power cut too (SQLite syncs it only under FULL).
    const directory = await openFile(dirname(walPath), "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return wal;
  };

  const flush = async (): Promise<void> => {
    handle ??= openWal().catch((error: unknown) => {
      handle = null;
      throw error;
    });
    try {
      await (await handle).datasync();
    } catch (error) {
      // No WAL yet: nothing was committed to it, so nothing waits for the disk.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  };

  // Background requests waiting for someone else's flush; each boards the next one that starts.
  let riders: { board(flushing: Promise<void>): void }[] = [];
  let lastForegroundAt = Number.NEGATIVE_INFINITY;

  const startOrJoin = (): Promise<void> => {
    if (running === null) {
      // Riders asked before this flush started: their frames were written before it, so it covers them.
      const boarding = riders;
      riders = [];
      running = flush().finally(() => {
        running = null;
      });
      for (const rider of boarding) rider.board(running);
      return running;
    }
    // Frames written now may postdate the flush in flight: they need the one after it.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return startOrJoin();
      });
    return next;
  };

  const sync = (): Promise<void> => {
    lastForegroundAt = performance.now();
    return startOrJoin();
  };

  const syncShared = (maxWaitMs: number): Promise<void> => {
    if (performance.now() - lastForegroundAt > maxWaitMs) return startOrJoin();
    return new Promise<void>((resolve, reject) => {
      const rider = {
        board(flushing: Promise<void>) {
          clearTimeout(timer);
          flushing.then(resolve, reject);
        },
      };
      const timer = setTimeout(() => {
        riders = riders.filter((r) => r !== rider);
        startOrJoin().then(resolve, reject);
      }, maxWaitMs);
      riders.push(rider);
    });
  };

  return {
    sync,
    syncShared,
    close: async () => {
      // A rider still waiting gets its own flush now rather than after its timer.
      if (riders.length > 0) await startOrJoin().catch(() => undefined);
      await Promise.allSettled([running, next]);
      if (handle !== null) await (await handle.catch(() => null))?.close();
      handle = null;
    },
  };
}
