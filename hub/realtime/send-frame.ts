import { type TConsoleServerFrame, ZConsoleServerFrame } from "@tawkster/core/schemas";
import { type TWidgetRealtimeServerFrame, ZWidgetRealtimeServerFrame } from "@tawkster/core/widget";
import type { z } from "zod";
import type { TConnection, TCorkable } from "./connection";

/** A client this far behind is too slow to follow live: it is dropped and resumes from its last seq. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

const OPEN = 1;

/** Whether the socket can take a frame now (a client too far behind is dropped). */
function isWritable(connection: TConnection): boolean {
  if (connection.isClosed || connection.socket.readyState !== OPEN) return false;
  if (connection.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    connection.socket.terminate();
    return false;
  }
  return true;
}

/** Streams corked during this turn of the event loop; uncorked together once it ends (null: none). */
let corked: Set<TCorkable> | null = null;

function uncorkAll(): void {
  const streams = corked;
  corked = null;
  for (const stream of streams ?? []) stream.uncork();
}

/**
 * Writes one text frame. The connection's stream stays corked until this turn's callbacks and
 * promise continuations have run, so frames written to one socket in the same turn (a console
 * following many conversations receives the messages of a whole group commit together) leave in
 * one write instead of one system call each. Order is kept; nothing waits longer than the turn.
 */
function writeFrame(connection: TConnection, text: string): void {
  const { transport } = connection;
  if (transport !== null) {
    if (corked === null) {
      corked = new Set();
      // After the microtasks queued so far (and those they queue): the end of the turn.
      process.nextTick(uncorkAll);
    }
    if (!corked.has(transport)) {
      transport.cork();
      corked.add(transport);
    }
  }
  connection.socket.send(text);
}

function sendChecked<S extends z.ZodType>(connection: TConnection, schema: S, frame: z.input<S>): void {
  if (!isWritable(connection)) return;
  // Checked on the way out too: a frame only ever carries what the protocol names.
  const parsed = schema.safeParse(frame);
  if (!parsed.success) {
    console.error(
      `realtime: dropped an outgoing frame that does not match the protocol (${String((frame as { type?: unknown }).type)})`,
    );
    return;
  }
  writeFrame(connection, JSON.stringify(parsed.data));
}

/** Sends a frame of the console protocol (core/src/schemas/console-realtime.ts). */
export function sendConsoleFrame(connection: TConnection, frame: TConsoleServerFrame): void {
  sendChecked(connection, ZConsoleServerFrame, frame);
}

/** Sends a frame of the widget protocol (core/src/widget/api-schemas.ts). */
export function sendWidgetFrame(connection: TConnection, frame: TWidgetRealtimeServerFrame): void {
  sendChecked(connection, ZWidgetRealtimeServerFrame, frame);
}

/**
 * Sends a message-carrying frame (`message`, `sent`) whose message came from this hub's shapers
 * (lib/shape-messages.ts), which build it field by field with exactly the protocol's fields: it is
 * not parsed again, which was the largest cost per delivered message after the store.
 * shape-messages.test.ts holds the shapers to the protocol's schemas. Every other frame is checked.
 */
export function sendShapedFrame(
  connection: TConnection,
  frame:
    | Extract<TConsoleServerFrame, { type: "message" }>
    | Extract<TWidgetRealtimeServerFrame, { type: "message" | "sent" }>,
): void {
  if (isWritable(connection)) writeFrame(connection, JSON.stringify(frame));
}

/**
 * Sends an error frame in the protocol the connection speaks; the connection stays open. A
 * `rate.limited` one says when to come back (`retryAfterSeconds`).
 */
export function sendErrorFrame(
  connection: TConnection,
  code: string,
  message: string,
  retryAfterSeconds?: number,
): void {
  const error = retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds };
  const frame = { type: "error" as const, error };
  if (connection.kind === "widget") sendWidgetFrame(connection, frame);
  else sendConsoleFrame(connection, frame);
}
