import type {
  TWidgetMessage,
  TWidgetRealtimeClientFrame,
  TWidgetRealtimeServerFrame,
  TWidgetSendMessageRequest,
} from "@tawkster/core/widget";
import { REALTIME_MAX_FRAME_BYTES } from "./api-paths";
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

/**
 * What became of a message sent over the socket: stored (the hub's `sent`), refused (its `error`
 * frame for that clientMessageId, with the code the HTTP call would answer), or null when there
 * was no answer (socket not open, dropped meanwhile, or silent for SEND_TIMEOUT_MS): the caller
 * then sends it over HTTP with the same clientMessageId, which the hub stores at most once.
 */
export type TSocketSendResult =
  | { message: TWidgetMessage }
  | { code: string; retryAfterSeconds?: number }
  | null;

/** A realtime connection that reconnects by itself and resumes where it left off. */
export type TRealtimeClient = {
  /** Subscribes now if connected; a reconnect always resubscribes to the latest subscription. */
  resubscribe(): void;
  /** Sends a message over the socket if it is open (see TSocketSendResult). */
  sendMessage(request: TWidgetSendMessageRequest): Promise<TSocketSendResult>;
  stop(): void;
};

const OPEN = 1;
// A connection that lived this long was healthy: the next drop starts the backoff afresh.
const HEALTHY_AFTER_MS = 10_000;
/** How long a message sent over the socket waits for its answer before it goes over HTTP. */
export const SEND_TIMEOUT_MS = 10_000;

type TPendingSend = { promise: Promise<TSocketSendResult>; settle: (result: TSocketSendResult) => void };

/**
 * Connects to the realtime endpoint: sends `auth` first (tokens never go in URLs), then
 * `subscribe` with the last seq seen, and after every drop reconnects with jittered exponential
 * backoff and subscribes again from the then-last seq, so nothing missed while offline is lost.
 * Messages sent while it is open go as `send` frames, after `auth` on the same socket (the hub
 * handles a connection's frames in order), and are settled by the `sent` or `error` frame that
 * names their clientMessageId.
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
  /** When the hub said to come back (a `rate.limited` about the connection): no reconnect before. */
  let notBefore = 0;
  const pendingSends = new Map<string, TPendingSend>();

  function send(frame: TWidgetRealtimeClientFrame): void {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  }

  function sendMessage(request: TWidgetSendMessageRequest): Promise<TSocketSendResult> {
    const { clientMessageId } = request;
    const known = pendingSends.get(clientMessageId);
    if (known !== undefined) return known.promise;
    const data = JSON.stringify({ type: "send", ...request } satisfies TWidgetRealtimeClientFrame);
    // The hub closes the connection on a frame over its limit: a long message goes over HTTP.
    const isTooLarge = new TextEncoder().encode(data).length > REALTIME_MAX_FRAME_BYTES;
    const current = socket;
    if (current === null || current.readyState !== OPEN || isTooLarge) return Promise.resolve(null);
    let settle: (result: TSocketSendResult) => void = () => undefined;
    const promise = new Promise<TSocketSendResult>((resolve) => {
      const timeout = setTimer(() => settle(null), SEND_TIMEOUT_MS);
      settle = (result) => {
        if (pendingSends.get(clientMessageId)?.promise !== promise) return;
        pendingSends.delete(clientMessageId);
        clearTimer(timeout);
        resolve(result);
      };
    });
    pendingSends.set(clientMessageId, { promise, settle });
    current.send(data);
    return promise;
  }

  /** Gives every unanswered send up to HTTP (the socket that carried it is gone). */
  function abandonSends(): void {
    for (const pending of [...pendingSends.values()]) pending.settle(null);
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
      if (frame === null) return;
      const pending =
        (frame.type === "sent" || frame.type === "error") && frame.clientMessageId !== undefined
          ? pendingSends.get(frame.clientMessageId)
          : undefined;
      if (frame.type === "sent") pending?.settle({ message: frame.message });
      else if (frame.type === "error") {
        const { code, retryAfterSeconds } = frame.error;
        pending?.settle(retryAfterSeconds === undefined ? { code } : { code, retryAfterSeconds });
        // About the connection itself (it is being closed): reconnecting sooner would be refused.
        if (frame.clientMessageId === undefined && code === "rate.limited" && retryAfterSeconds !== undefined)
          notBefore = now() + retryAfterSeconds * 1000;
      }
      options.onFrame(frame);
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      abandonSends();
      if (openedAt !== null && now() - openedAt >= HEALTHY_AFTER_MS) attempt = 0;
      openedAt = null;
      if (!isStopped) scheduleReconnect();
    };
    // An error is always followed by close, which does the reconnecting.
    current.onerror = () => undefined;
  }

  function scheduleReconnect(): void {
    options.onStatus("offline");
    const delay = Math.max(computeReconnectDelay(attempt, options.random), notBefore - now());
    timer = setTimer(connect, delay);
    attempt += 1;
  }

  connect();

  return {
    resubscribe: subscribe,
    sendMessage,
    stop() {
      isStopped = true;
      if (timer !== null) clearTimer(timer);
      const current = socket;
      socket = null;
      abandonSends();
      current?.close(1000, "bye");
    },
  };
}
