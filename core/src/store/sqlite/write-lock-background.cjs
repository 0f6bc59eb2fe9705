// The background thread's side of the write lock (write-lock.ts holds the event loop's side and
// the layout). This side may block: it runs on a worker thread, never on the event loop.
const FREE = 0;
const BACKGROUND = 2;
const HOLDER = 0;
const WAITING = 1;

/** Wraps the shared buffer of a write lock for a background thread. */
function openBackgroundLock(buffer) {
  const lock = new Int32Array(buffer);
  /** Blocks this thread until it holds the lock; event-loop writers that are waiting go first. */
  const acquire = () => {
    for (;;) {
      const waiting = Atomics.load(lock, WAITING);
      if (waiting > 0) {
        Atomics.wait(lock, WAITING, waiting, 5);
        continue;
      }
      const holder = Atomics.compareExchange(lock, HOLDER, FREE, BACKGROUND);
      if (holder === FREE) return;
      Atomics.wait(lock, HOLDER, holder, 50);
    }
  };
  const release = () => {
    Atomics.store(lock, HOLDER, FREE);
    Atomics.notify(lock, HOLDER);
  };
  const withLock = (fn) => {
    acquire();
    try {
      return fn();
    } finally {
      release();
    }
  };
  return { acquire, release, withLock };
}

module.exports = { openBackgroundLock };
