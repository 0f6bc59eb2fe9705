import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { TBusEvent } from "@tawkster/core/bus";
import { CLOSE_SIGNED_OUT } from "@tawkster/core/schemas";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { authDepsOf } from "../lib/auth/auth-deps";
import { hubOriginsOf } from "../lib/auth/hub-origin";
import type { THub } from "../lib/hub-context";
import { createAccessCache } from "./access-cache";
import { createConnection, type TConnection } from "./connection";
import { decideUpgrade, type TUpgradeDecision } from "./decide-upgrade";
import { fanOutEvent } from "./fan-out-event";
import { handleClientMessage, isOverFrameLimit } from "./handle-client-message";
import { endWidgetSession, isWidgetStillAllowed } from "./handle-widget-frame";
import { isSessionStillValid } from "./member-access";
import { DEFAULT_REALTIME_LIMITS, type TRealtimeContext, type TRealtimeLimits } from "./realtime-context";
import { createRegistry, registerConnection, unregisterConnection } from "./registry";
import { sendErrorFrame } from "./send-frame";
import { createSendStore } from "./send-store";
import { closeConnection, signOut } from "./sign-out";

/** The realtime endpoint: takes upgrades handed to it, and stops cleanly. */
export type TRealtimeServer = {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** How many connections are open (for tests and the benchmark). */
  readonly connectionCount: number;
  /** Closes every connection (1001 going away) and stops listening to the bus. */
  close(): Promise<void>;
};

/** WebSocket close code when the hub shuts down (RFC 6455: going away). */
const CLOSE_GOING_AWAY = 1001;
/** How long connections get to close before they are cut at shutdown. */
const SHUTDOWN_GRACE_MS = 1_000;

/**
 * Creates the realtime server of the console and widget protocols over one `ws` server in
 * noServer mode: one bus subscription for everything, one timer for heartbeats and session
 * checks, and a small state per connection.
 */
export function createRealtimeServer(
  hub: THub,
  options: { limits?: Partial<TRealtimeLimits> } = {},
): TRealtimeServer {
  const limits = { ...DEFAULT_REALTIME_LIMITS, ...options.limits };
  const access = createAccessCache(hub.store);
  const context: TRealtimeContext = {
    hub,
    deps: authDepsOf(hub),
    registry: createRegistry(),
    access,
    sendStore: createSendStore(hub.store, access),
    hubOrigins: hubOriginsOf(hub.config),
    limits,
  };
  // No compression (a per-connection zlib context costs far more memory than these small frames
  // save) and no client tracking (the registry keeps the connections).
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  // Writes through this process's store empty the access cache's entry before they commit.
  const stopWatchingWrites = hub.storeWrites.subscribe((write) => context.access.noteWrite(write));
  const stopListening = hub.bus.subscribe((event, local) => {
    // First, synchronously: what the event changes is not served from the cache any more.
    forgetChanged(context, event);
    try {
      fanOutEvent(context, event, local)?.catch(logFailure);
    } catch (error) {
      logFailure(error);
    }
  });
  const heartbeat = setInterval(() => sweep(context), limits.heartbeatMs);
  heartbeat.unref();

  return {
    handleUpgrade(request, socket, head) {
      // A socket dropped while the session is looked up must not crash the process.
      socket.on("error", () => socket.destroy());
      decideUpgrade(context, request).then(
        (decision) => {
          if (!decision.ok) {
            refuseUpgrade(socket, decision);
            return;
          }
          wss.handleUpgrade(request, socket, head, (ws) => accept(context, ws, decision, socket));
        },
        (error: unknown) => {
          logFailure(error);
          refuseUpgrade(socket, {
            ok: false,
            status: 401,
            code: "auth.required",
            message: "Sign in to continue.",
          });
        },
      );
    },
    get connectionCount() {
      return context.registry.connections.size;
    },
    async close() {
      stopListening();
      stopWatchingWrites();
      clearInterval(heartbeat);
      const sockets = [...context.registry.connections].map((connection) => connection.socket);
      for (const connection of [...context.registry.connections]) {
        closeConnection(context, connection, CLOSE_GOING_AWAY, "hub shutting down");
      }
      await Promise.race([
        Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once("close", resolve)))),
        new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref()),
      ]);
      for (const socket of sockets) socket.terminate();
      wss.close();
    },
  };
}

/** Forgets the cached rows a bus event says changed (the event may come from another process). */
function forgetChanged(context: TRealtimeContext, event: TBusEvent): void {
  if (event.type === "conversation.updated" || event.type === "conversation.deleted")
    context.access.forget("conversations", event.workspaceId, event.conversationId);
  else if (event.type === "session.revoked")
    context.access.forget("members", event.workspaceId, event.memberId);
}

function accept(
  context: TRealtimeContext,
  ws: WebSocket,
  decision: Extract<TUpgradeDecision, { ok: true }>,
  transport: Duplex,
): void {
  const connection = createConnection(ws, decision.origin, decision.member, transport);
  registerConnection(context.registry, connection);
  if (decision.member === null) {
    connection.authTimer = setTimeout(() => {
      connection.authTimer = null;
      if (connection.visitor !== null || connection.isClosed) return;
      sendErrorFrame(connection, "auth.required", "Authenticate within 10 seconds of connecting.");
      closeConnection(context, connection, CLOSE_SIGNED_OUT, "no auth");
    }, context.limits.authTimeoutMs);
  }
  ws.on("message", (data: RawData, isBinary: boolean) =>
    enqueueClientMessage(context, connection, data, isBinary),
  );
  ws.on("pong", () => {
    connection.isAlive = true;
  });
  ws.on("close", () => {
    if (connection.authTimer !== null) clearTimeout(connection.authTimer);
    connection.authTimer = null;
    connection.isClosed = true;
    unregisterConnection(context.registry, connection);
  });
  // Oversized frames, bad UTF-8 and the like: ws closes the connection itself (1009, 1007…).
  ws.on("error", () => undefined);
}

/**
 * Handles a connection's frames one at a time, in order: the widget sends `auth` and `subscribe`
 * back to back, and the subscription must see the authenticated connection.
 */
function enqueueClientMessage(
  context: TRealtimeContext,
  connection: TConnection,
  data: RawData,
  isBinary: boolean,
): void {
  if (connection.isClosed || isOverFrameLimit(context, connection)) return;
  const previous = connection.queue;
  if (previous !== null) {
    waitFor(
      connection,
      previous.then(() => handleClientMessage(context, connection, data, isBinary)),
    );
    return;
  }
  // Nothing to wait for: handled now. Most frames (a `send`, a ping) are done without waiting for
  // anything, and then cost no promise (each costs async hooks in the hub).
  try {
    const handling = handleClientMessage(context, connection, data, isBinary);
    if (handling !== undefined) waitFor(connection, handling);
  } catch (error) {
    logFailure(error);
  }
}

/** Makes the connection's next frames wait for `handling`, a frame's handling still under way. */
function waitFor(connection: TConnection, handling: Promise<void>): void {
  const next = handling.catch(logFailure);
  connection.queue = next;
  void next.then(() => {
    if (connection.queue === next) connection.queue = null;
  });
}

/**
 * Pings everyone (dropping who missed the last ping), and checks again that each console's session
 * and each widget's token and page are still good.
 */
function sweep(context: TRealtimeContext): void {
  const now = context.hub.now();
  for (const connection of [...context.registry.connections]) {
    if (!connection.isAlive) {
      connection.socket.terminate();
      continue;
    }
    connection.isAlive = false;
    connection.socket.ping();
    if (connection.visitor !== null) {
      isWidgetStillAllowed(context, connection, now).then((isAllowed) => {
        if (!isAllowed) endWidgetSession(context, connection);
      }, logFailure);
      continue;
    }
    const member = connection.member;
    if (member === null) continue;
    isSessionStillValid(context.deps, member, now).then((isValid) => {
      if (!isValid) signOut(context, connection);
    }, logFailure);
  }
}

function refuseUpgrade(socket: Duplex, decision: Extract<TUpgradeDecision, { ok: false }>): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: decision.code, message: decision.message } });
  socket.end(
    `HTTP/1.1 ${decision.status} ${STATUS_CODES[decision.status]}\r\n` +
      "Connection: close\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Logs a failure by class or code only: errors can quote the frames or rows they were handling. */
function logFailure(error: unknown): void {
  const code = error instanceof Error && "code" in error ? String(error.code) : null;
  console.error(`realtime: ${code ?? (error instanceof Error ? error.name : "unknown failure")}`);
}
