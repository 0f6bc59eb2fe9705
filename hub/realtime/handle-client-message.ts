import { describeZodError } from "@tawkster/core/errors";
import { ZConsoleClientFrame } from "@tawkster/core/schemas";
import { ZWidgetRealtimeClientFrame, ZWidgetSendMessageRequest } from "@tawkster/core/widget";
import type { RawData } from "ws";
import type { TConnection } from "./connection";
import { handleConsoleFrame } from "./handle-console-frame";
import { authenticateWidget, subscribeWidget } from "./handle-widget-frame";
import { enqueueWidgetSend, sendSendError } from "./handle-widget-send";
import type { TRealtimeContext } from "./realtime-context";
import { sendErrorFrame } from "./send-frame";
import { closeConnection } from "./sign-out";

const ZClientMessageId = ZWidgetSendMessageRequest.shape.clientMessageId;

/** WebSocket close code for a client that sends too much (RFC 6455: policy violation). */
const CLOSE_POLICY_VIOLATION = 1008;

/**
 * Reads one client message and runs it. Every frame is validated with its protocol's zod schema:
 * a bad frame gets an error frame (naming the field, never echoing the value) and the connection
 * stays. Frames of one connection are handled one after the other (see `enqueueClientMessage`).
 * Returns a promise only when the frame's handling waits for something (a `send` does not: it is
 * queued); not an async function, as every promise costs async hooks in the hub.
 */
export function handleClientMessage(
  context: TRealtimeContext,
  connection: TConnection,
  data: RawData,
  isBinary: boolean,
): Promise<void> | undefined {
  if (connection.isClosed) return;
  if (isBinary) {
    sendErrorFrame(connection, "request.invalid", "Frames are JSON text.");
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(rawToString(data));
  } catch {
    sendErrorFrame(connection, "request.invalid", "A frame must be one JSON object.");
    return;
  }
  const type = typeof json === "object" && json !== null ? (json as { type?: unknown }).type : undefined;
  const isWidgetAuth = type === "auth" && connection.kind !== "widget" && !hasConsoleState(connection);
  // A `send` before `auth` (no cookie, no identity yet) is the widget's: it is told to authenticate.
  const isEarlySend = type === "send" && connection.kind === "pending";
  if (connection.kind === "widget" || isWidgetAuth || isEarlySend)
    return handleWidgetFrame(context, connection, json);
  return handleConsole(context, connection, json);
}

function handleWidgetFrame(
  context: TRealtimeContext,
  connection: TConnection,
  json: unknown,
): Promise<void> | undefined {
  if (connection.visitor === null) {
    const sendId = readSendId(json);
    if (sendId !== null) {
      // As over HTTP, authentication is checked before the message is read.
      sendSendError(connection, sendId.clientMessageId, "auth.required", "Send auth first.");
      return;
    }
  }
  const parsed = ZWidgetRealtimeClientFrame.safeParse(json);
  if (!parsed.success) {
    // A refused send names its clientMessageId (when it is one), so the widget knows which failed.
    // (Read only then: a valid frame's was just checked with the rest.)
    sendSendError(
      connection,
      readSendId(json)?.clientMessageId,
      "request.invalid",
      describeZodError(parsed.error),
    );
    return;
  }
  const frame = parsed.data;
  if (frame.type === "auth") {
    if (connection.visitor === null) return authenticateWidget(context, connection, frame);
    sendErrorFrame(connection, "request.invalid", "Already authenticated.");
    return;
  }
  if (connection.visitor === null) {
    sendErrorFrame(connection, "auth.required", "Send auth first.");
    return;
  }
  if (frame.type === "send") {
    // Not awaited: the message is stored while the next frames are handled (sends keep their order).
    const { conversationId, body, clientMessageId } = frame;
    enqueueWidgetSend(context, connection, { conversationId, body, clientMessageId });
    return;
  }
  subscribeWidget(context, connection, frame.conversationId, frame.afterSeq);
}

/**
 * For a `send` frame, its clientMessageId when that is a valid one (else undefined: an error
 * frame never echoes what the client sent unchecked); null for any other frame.
 */
function readSendId(json: unknown): { clientMessageId: string | undefined } | null {
  if (typeof json !== "object" || json === null) return null;
  const { type, clientMessageId } = json as { type?: unknown; clientMessageId?: unknown };
  if (type !== "send") return null;
  const parsed = ZClientMessageId.safeParse(clientMessageId);
  return { clientMessageId: parsed.success ? parsed.data : undefined };
}

async function handleConsole(
  context: TRealtimeContext,
  connection: TConnection,
  json: unknown,
): Promise<void> {
  const parsed = ZConsoleClientFrame.safeParse(json);
  if (!parsed.success) {
    sendErrorFrame(connection, "request.invalid", describeZodError(parsed.error));
    return;
  }
  await handleConsoleFrame(context, connection, parsed.data);
}

/** Whether the connection already acts as a console (it may then not turn into a widget). */
function hasConsoleState(connection: TConnection): boolean {
  return connection.watchesInbox || connection.subscriptions !== null;
}

/** Counts a received frame; a client over the limit is told so and disconnected. */
export function isOverFrameLimit(context: TRealtimeContext, connection: TConnection): boolean {
  const now = Date.now();
  if (now - connection.frameWindowStart >= context.limits.frameWindowMs) {
    connection.frameWindowStart = now;
    connection.frameCount = 0;
  }
  connection.frameCount += 1;
  if (connection.frameCount <= context.limits.maxFramesPerWindow) return false;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((connection.frameWindowStart + context.limits.frameWindowMs - now) / 1000),
  );
  sendErrorFrame(
    connection,
    "rate.limited",
    `Too many frames; reconnect in ${retryAfterSeconds} seconds.`,
    retryAfterSeconds,
  );
  closeConnection(context, connection, CLOSE_POLICY_VIOLATION, "too many frames");
  return true;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
