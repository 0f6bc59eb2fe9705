import type { Server } from "node:http";
import { WIDGET_API_PATHS } from "@tawkster/core/widget";
import type { THub } from "../lib/hub-context";
import type { TRealtimeLimits } from "./realtime-context";
import { createRealtimeServer, type TRealtimeServer } from "./realtime-server";

/**
 * Serves WebSocket upgrades of `server` at /api/v1/realtime (console and widget); an upgrade to
 * any other path is dropped without an answer.
 */
export function attachRealtime(
  server: Server,
  hub: THub,
  options: { limits?: Partial<TRealtimeLimits> } = {},
): TRealtimeServer {
  const realtime = createRealtimeServer(hub, options);
  server.on("upgrade", (request, socket, head) => {
    const pathname = (request.url ?? "").split("?")[0];
    if (pathname === WIDGET_API_PATHS.realtime) realtime.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  return realtime;
}
