import type { TVisitorActor } from "@tawkster/core/rbac";
import { MAX_INBOX_IDS } from "@tawkster/core/schemas";
import type { TWidgetSendMessageRequest } from "@tawkster/core/widget";
import type { WebSocket } from "ws";

/** One conversation a connection follows: the last seq delivered, and whether a fetch is running. */
export type TSubscription = {
  readonly connection: TConnection;
  readonly conversationId: string;
  /** The last seq sent; every delivery fetches everything after it, so nothing is skipped or sent twice. */
  lastSeq: number;
  /** False until the first fetch: that one goes straight to core, which authorizes and audits it. */
  isStarted: boolean;
  isPumping: boolean;
  /** A newer message arrived while fetching: fetch again when done. */
  isDirty: boolean;
  isClosed: boolean;
  /**
   * The highest seq announced for the conversation while this subscription followed it. Lets a
   * widget's own send skip the echo (see handle-widget-send.ts) yet never miss anyone else's message.
   */
  announcedSeq?: number;
  /** Widget only: seqs of its own messages it already has from `sent`, skipped when delivering. */
  acknowledgedSeqs?: Set<number>;
  /** Console only: the visitor's name as last read (a label, re-read after VISITOR_NAME_TTL_MS). */
  visitorName?: { value: string | null; readAt: number };
};

/** The signed-in member behind a console connection (ids only; the actor is re-read from the store). */
export type TConsoleMember = {
  readonly workspaceId: string;
  readonly memberId: string;
  readonly sessionId: string;
};

/** The visitor behind a widget connection, from their verified token. */
export type TWidgetVisitor = {
  readonly actor: TVisitorActor;
  /** The page the widget runs on (bound into the token), checked against the site's domains again at every heartbeat. */
  readonly pageOrigin: string;
  readonly expiresAt: number;
};

/**
 * A realtime connection's state, kept small (the benchmark measures memory per idle connection):
 * maps and sets are created only when first needed.
 */
export type TConnection = {
  readonly socket: WebSocket;
  /**
   * The stream under `socket` (the upgraded TCP socket), corked while a turn of the event loop
   * writes frames to it (send-frame.ts); null where there is none to cork.
   */
  readonly transport: TCorkable | null;
  /** The upgrade request's Origin header. */
  readonly origin: string;
  /** "pending": no identity yet (a widget must send `auth`); "console" or "widget" once known. */
  kind: "pending" | "console" | "widget";
  member: TConsoleMember | null;
  visitor: TWidgetVisitor | null;
  subscriptions: Map<string, TSubscription> | null;
  watchesInbox: boolean;
  /** Conversations this console knows (told of, or followed), so it also hears when one leaves its sight. */
  seenInInbox: Set<string> | null;
  isAlive: boolean;
  isClosed: boolean;
  authTimer: NodeJS.Timeout | null;
  /** The frame being handled, which the next one waits for (null when idle). */
  queue: Promise<void> | null;
  /**
   * The widget's sends waiting for the one being stored (null when none is): sends keep their
   * order without holding up the connection's other frames (see handle-widget-send.ts).
   */
  sending: TWidgetSendMessageRequest[] | null;
  /** The conversation a `send` of this widget is being stored in right now (null when none). */
  sendingTo?: string | null;
  /** Frames received in the current rate window, and when that window started. */
  frameCount: number;
  frameWindowStart: number;
};

/** What send-frame.ts needs of the stream under a WebSocket. */
export type TCorkable = { cork(): void; uncork(): void };

/** A fresh connection's state. */
export function createConnection(
  socket: WebSocket,
  origin: string,
  member: TConsoleMember | null,
  transport: TCorkable | null = null,
): TConnection {
  return {
    socket,
    transport,
    origin,
    kind: member === null ? "pending" : "console",
    member,
    visitor: null,
    subscriptions: null,
    watchesInbox: false,
    seenInInbox: null,
    isAlive: true,
    isClosed: false,
    authTimer: null,
    queue: null,
    sending: null,
    frameCount: 0,
    frameWindowStart: 0,
  };
}

/** Most conversation ids a console remembers knowing about (so it hears when one leaves its sight). */
const MAX_SEEN = MAX_INBOX_IDS;

/** Records that a console knows a conversation (it was told of it, or follows it), oldest forgotten first. */
export function rememberSeen(connection: TConnection, conversationId: string): void {
  connection.seenInInbox ??= new Set();
  connection.seenInInbox.delete(conversationId);
  connection.seenInInbox.add(conversationId);
  if (connection.seenInInbox.size > MAX_SEEN) {
    // Sets keep insertion order: the first is the one heard of longest ago.
    const oldest = connection.seenInInbox.values().next().value;
    if (oldest !== undefined) connection.seenInInbox.delete(oldest);
  }
}
