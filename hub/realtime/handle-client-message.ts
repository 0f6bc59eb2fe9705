import { describeZodError } from "@tawkster/core/errors";
import { ZConsoleClientFrame } from "@tawkster/core/schemas";
import { ZWidgetRealtimeClientFrame } from "@tawkster/core/widget";
import type { RawData } from "ws";
import type { TConnection } from "./connection";
import { handleConsoleFrame } from "./handle-console-frame";
import { authenticateWidget, subscribeWidget } from "./handle-widget-frame";
import type { TRealtimeContext } from "./realtime-context";
import { sendErrorFrame } from "./send-frame";
import { closeConnection } from "./sign-out";

/** WebSocket close code for a client that sends too much (RFC 6455: policy violation). */
const CLOSE_POLICY_VIOLATION = 1008;

/**
 * Reads one client message and runs it. Every frame is validated with its protocol's zod schema:
 * a bad frame gets an error frame (naming the field, never echoing the value) and the connection
 * stays. Frames of one connection are handled one after the other (see `enqueueClientMessage`).
 */
export async function handleClientMessage(
  context: TRealtimeContext,
  connection: TConnection,
  data: RawData,
  isBinary: boolean,
): Promise<void> {
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
  if (connection.kind === "widget" || isWidgetAuth) await handleWidgetFrame(context, connection, json);
  else await handleConsole(context, connection, json);
}

async function handleWidgetFrame(
  context: TRealtimeContext,
  connection: TConnection,
  json: unknown,
): Promise<void> {
  const parsed = ZWidgetRealtimeClientFrame.safeParse(json);
  if (!parsed.success) {
    sendErrorFrame(connection, "request.invalid", describeZodError(parsed.error));
    return;
  }
  const frame = parsed.data;
  if (frame.type === "auth") {
    if (connection.visitor !== null) sendErrorFrame(connection, "request.invalid", "Already authenticated.");
    else await authenticateWidget(context, connection, frame);
    return;
  }
  if (connection.visitor === null) {
    sendErrorFrame(connection, "auth.required", "Send auth first.");
    return;
  }
  await subscribeWidget(context, connection, frame.conversationId, frame.afterSeq);
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
  sendErrorFrame(connection, "rate.limited", "Too many frames; reconnect later.");
  closeConnection(context, connection, CLOSE_POLICY_VIOLATION, "too many frames");
  return true;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
