import { type TConsoleServerFrame, ZConsoleServerFrame } from "@tawkster/core/schemas";
import { type TWidgetRealtimeServerFrame, ZWidgetRealtimeServerFrame } from "@tawkster/core/widget";
import type { z } from "zod";
import type { TConnection } from "./connection";

/** A client this far behind is too slow to follow live: it is dropped and resumes from its last seq. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

const OPEN = 1;

function sendChecked<S extends z.ZodType>(connection: TConnection, schema: S, frame: z.input<S>): void {
  if (connection.isClosed || connection.socket.readyState !== OPEN) return;
  if (connection.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    connection.socket.terminate();
    return;
  }
  // Checked on the way out too: a frame only ever carries what the protocol names.
  const parsed = schema.safeParse(frame);
  if (!parsed.success) {
    console.error(
      `realtime: dropped an outgoing frame that does not match the protocol (${String((frame as { type?: unknown }).type)})`,
    );
    return;
  }
  connection.socket.send(JSON.stringify(parsed.data));
}

/** Sends a frame of the console protocol (core/src/schemas/console-realtime.ts). */
export function sendConsoleFrame(connection: TConnection, frame: TConsoleServerFrame): void {
  sendChecked(connection, ZConsoleServerFrame, frame);
}

/** Sends a frame of the widget protocol (core/src/widget/api-schemas.ts). */
export function sendWidgetFrame(connection: TConnection, frame: TWidgetRealtimeServerFrame): void {
  sendChecked(connection, ZWidgetRealtimeServerFrame, frame);
}

/** Sends an error frame in the protocol the connection speaks; the connection stays open. */
export function sendErrorFrame(connection: TConnection, code: string, message: string): void {
  const frame = { type: "error" as const, error: { code, message } };
  if (connection.kind === "widget") sendWidgetFrame(connection, frame);
  else sendConsoleFrame(connection, frame);
}
