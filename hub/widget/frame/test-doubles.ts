// Fakes for the frame's unit tests (browser APIs the logic talks to through small interfaces).
import type { TSocketLike } from "./realtime";
import type { TStorageLike } from "./token-storage";

/** A Map-backed Storage; `isBroken` makes every call throw, as blocked storage does. */
export function createFakeStorage(isBroken = false): TStorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const guard = () => {
    if (isBroken) throw new Error("SecurityError");
  };
  return {
    map,
    getItem(key) {
      guard();
      return map.get(key) ?? null;
    },
    setItem(key, value) {
      guard();
      map.set(key, value);
    },
    removeItem(key) {
      guard();
      map.delete(key);
    },
  };
}

/** A WebSocket stand-in that records what was sent and lets the test open, feed and drop it. */
export type TFakeSocket = TSocketLike & {
  sent: unknown[];
  open(): void;
  receive(data: unknown): void;
  drop(): void;
};

/** Creates a fake WebSocket (CONNECTING until `open()`). */
export function createFakeSocket(): TFakeSocket {
  const socket: TFakeSocket = {
    readyState: 0,
    sent: [],
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data) {
      socket.sent.push(JSON.parse(data));
    },
    close() {
      socket.drop();
    },
    open() {
      (socket as { readyState: number }).readyState = 1;
      socket.onopen?.({} as Event);
    },
    receive(data) {
      socket.onmessage?.({ data: typeof data === "string" ? data : JSON.stringify(data) } as MessageEvent);
    },
    drop() {
      (socket as { readyState: number }).readyState = 3;
      socket.onclose?.({} as CloseEvent);
    },
  };
  return socket;
}

/** Timers a test advances by hand. */
export function createManualTimers() {
  const pending: { run: () => void; ms: number }[] = [];
  return {
    pending,
    setTimer: (run: () => void, ms: number) => {
      const timer = { run, ms };
      pending.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => {
      const index = pending.indexOf(timer as { run: () => void; ms: number });
      if (index >= 0) pending.splice(index, 1);
    },
    /** Runs the oldest pending timer and returns its delay. */
    runNext(): number {
      const timer = pending.shift();
      if (!timer) throw new Error("no pending timer");
      timer.run();
      return timer.ms;
    },
  };
}
