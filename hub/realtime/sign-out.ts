import { CLOSE_SIGNED_OUT } from "@tawkster/core/schemas";
import type { TConnection } from "./connection";
import type { TRealtimeContext } from "./realtime-context";
import { unregisterConnection } from "./registry";
import { sendConsoleFrame } from "./send-frame";

/** WebSocket close code for a widget whose token or origin is refused. */
export const CLOSE_WIDGET_REFUSED = 4403;

/** Closes a connection for good and forgets it (idempotent). */
export function closeConnection(
  context: TRealtimeContext,
  connection: TConnection,
  code: number,
  reason: string,
): void {
  if (connection.isClosed) return;
  unregisterConnection(context.registry, connection);
  if (connection.authTimer !== null) clearTimeout(connection.authTimer);
  connection.authTimer = null;
  connection.isClosed = true;
  connection.socket.close(code, reason);
}

/** Tells a console its session ended (`signed-out`), then closes with CLOSE_SIGNED_OUT. */
export function signOut(context: TRealtimeContext, connection: TConnection): void {
  if (connection.isClosed) return;
  sendConsoleFrame(connection, { type: "signed-out" });
  closeConnection(context, connection, CLOSE_SIGNED_OUT, "signed out");
}
