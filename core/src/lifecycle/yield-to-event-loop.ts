/**
 * Lets pending I/O and timers run. The SQLite driver resolves its promises without ever returning
 * to the event loop, so a purge that only awaits the store would hold the loop for its whole run
 * and live chat requests would wait behind it; awaiting this between batches gives them their turn.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
