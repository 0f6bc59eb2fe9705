// Test support (never imported by production code): the realtime endpoint on a free loopback port,
// closing every socket a test opened on it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { THub } from "../lib/hub-context";
import { attachRealtime } from "./attach-realtime";
import type { TRealtimeLimits } from "./realtime-context";
import type { TRealtimeServer } from "./realtime-server";
import { TestSocket } from "./test-socket";

/** One test's realtime server: its URL, a way to open recorded sockets on it, and its teardown. */
export type TTestRealtime = {
  readonly url: string;
  readonly realtime: TRealtimeServer;
  open(headers: Record<string, string>, path?: string): Promise<TestSocket>;
  close(): Promise<void>;
};

/** Starts the realtime endpoint of `hub` on 127.0.0.1 with these limits (heartbeat, timeouts…). */
export async function startTestRealtime(hub: THub, limits: Partial<TRealtimeLimits>): Promise<TTestRealtime> {
  const server = createServer((_request, response) => response.end());
  const realtime = attachRealtime(server, hub, { limits });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/realtime`;
  const sockets: TestSocket[] = [];
  return {
    url,
    realtime,
    async open(headers, path = url) {
      const socket = await TestSocket.open(path, headers);
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const socket of sockets.splice(0)) socket.close();
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
