import type { TWidgetRealtimeClientFrame, TWidgetRealtimeServerFrame } from "@tawkster/core/widget";
import { computeReconnectDelay } from "./backoff";
import { readServerFrame } from "./read-responses";

/** The part of the WebSocket API used here (so tests can pass a fake). */
export type TSocketLike = {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

/** The connection as the visitor may need to know it. */
export type TConnectionStatus = "connecting" | "online" | "offline";

/** A realtime connection that reconnects by itself and resumes where it left off. */
export type TRealtimeClient = {
  /** Subscribes now if connected; a reconnect always resubscribes to the latest subscription. */
  resubscribe(): void;
  stop(): void;
};

const OPEN = 1;
// A connection that lived this long was healthy: the next drop starts the backoff afresh.
const HEALTHY_AFTER_MS = 10_000;

/**
 * Connects to the realtime endpoint: sends `auth` first (tokens never go in URLs), then
 * `subscribe` with the last seq seen, and after every drop reconnects with jittered exponential
 * backoff and subscribes again from the then-last seq, so nothing missed while offline is lost.
 */
export function connectRealtime(options: {
  url: string;
  createSocket: (url: string) => TSocketLike;
  getAuth: () => { visitorToken: string; origin: string } | null;
  getSubscription: () => { conversationId: string; afterSeq: number } | null;
  onFrame: (frame: TWidgetRealtimeServerFrame) => void;
  onStatus: (status: TConnectionStatus) => void;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
  random?: () => number;
}): TRealtimeClient {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const now = options.now ?? Date.now;
  let socket: TSocketLike | null = null;
  let attempt = 0;
  let openedAt: number | null = null;
  let timer: unknown = null;
  let isStopped = false;

  function send(frame: TWidgetRealtimeClientFrame): void {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  }

  function subscribe(): void {
    const subscription = options.getSubscription();
    if (subscription !== null) send({ type: "subscribe", ...subscription });
  }

  function connect(): void {
    timer = null;
    const auth = options.getAuth();
    if (isStopped || auth === null) return;
    options.onStatus("connecting");
    let current: TSocketLike;
    try {
      current = options.createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      openedAt = now();
      send({ type: "auth", visitorToken: auth.visitorToken, origin: auth.origin });
      subscribe();
      options.onStatus("online");
    };
    current.onmessage = (event) => {
      if (typeof event.data !== "string" || event.data.length > 100_000) return;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return;
      }
      const frame = readServerFrame(json);
      if (frame !== null) options.onFrame(frame);
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      if (openedAt !== null && now() - openedAt >= HEALTHY_AFTER_MS) attempt = 0;
      openedAt = null;
      if (!isStopped) scheduleReconnect();
    };
    // An error is always followed by close, which does the reconnecting.
    current.onerror = () => undefined;
  }

  function scheduleReconnect(): void {
    options.onStatus("offline");
    timer = setTimer(connect, computeReconnectDelay(attempt, options.random));
    attempt += 1;
  }

  connect();

  return {
    resubscribe: subscribe,
    stop() {
      isStopped = true;
      if (timer !== null) clearTimer(timer);
      const current = socket;
      socket = null;
      current?.close(1000, "bye");
    },
  };
}
