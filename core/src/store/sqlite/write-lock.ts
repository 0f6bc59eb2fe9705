/**
 * The lock the event loop's connection and the background connection (a worker thread) take
 * before writing to one SQLite file. SQLite's own lock would serialize them too, but a writer that
 * finds it taken sleeps in SQLite's busy handler, and on the event loop that sleep stalls every
 * chat. This lock is shared memory instead: the event loop never blocks on it (it waits with
 * `Atomics.waitAsync`), only the background thread does, and the background thread gives way
 * whenever the event loop is waiting. write-lock-background.cjs holds the other half of the protocol.
 *
 * Layout of the Int32Array: [0] who holds it (FREE, EVENT_LOOP, BACKGROUND); [1] how many event-loop
 * writers are waiting for it.
 */
export const WRITE_LOCK = { FREE: 0, EVENT_LOOP: 1, BACKGROUND: 2 } as const;

const HOLDER = 0;
const WAITING = 1;
/** A wait re-checks the lock this often even without a notify, so a missed wake-up costs this much at most. */
const RECHECK_MS = 50;

/** The event loop's side of the write lock. */
export type TWriteLock = {
  /** Shared with the background thread (pass it in `workerData`). */
  readonly buffer: SharedArrayBuffer;
  /** Resolves once the event loop holds the lock: at once when it is free, never by blocking. */
  acquire(): Promise<void>;
  release(): void;
  /** The background thread stopped: frees the lock if it died holding it. */
  releaseAbandoned(): void;
};

/** Creates the write lock, free. */
export function createWriteLock(): TWriteLock {
  const buffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const state = new Int32Array(buffer);
  const tryTake = () =>
    Atomics.compareExchange(state, HOLDER, WRITE_LOCK.FREE, WRITE_LOCK.EVENT_LOOP) === WRITE_LOCK.FREE;
  const free = () => {
    Atomics.store(state, HOLDER, WRITE_LOCK.FREE);
    Atomics.notify(state, HOLDER);
  };
  const acquire = async (): Promise<void> => {
    if (tryTake()) return;
    Atomics.add(state, WAITING, 1);
    try {
      for (;;) {
        const holder = Atomics.load(state, HOLDER);
        if (holder === WRITE_LOCK.FREE) {
          if (tryTake()) return;
          continue;
        }
        const wait = Atomics.waitAsync(state, HOLDER, holder, RECHECK_MS);
        if (wait.async) await wait.value;
        if (tryTake()) return;
      }
    } finally {
      if (Atomics.sub(state, WAITING, 1) === 1) Atomics.notify(state, WAITING);
    }
  };
  return {
    buffer,
    acquire,
    release: free,
    releaseAbandoned: () => {
      if (
        Atomics.compareExchange(state, HOLDER, WRITE_LOCK.BACKGROUND, WRITE_LOCK.FREE) ===
        WRITE_LOCK.BACKGROUND
      ) {
        Atomics.notify(state, HOLDER);
      }
    },
  };
}
