import assert from "node:assert/strict";
import type { AddressInfo, Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { WebSocketServer } from "ws";
import { createConnection, type TConnection } from "./connection";
import { sendShapedFrame, sendWidgetFrame } from "./send-frame";
import { TestSocket } from "./test-socket";

/** A server-side connection over a real loopback socket, counting the writes its stream makes. */
async function openPair(server: WebSocketServer): Promise<{
  connection: TConnection;
  client: TestSocket;
  writes: () => number;
}> {
  const accepted = new Promise<{ connection: TConnection; writes: () => number }>((resolve) => {
    server.once("connection", (ws, request) => {
      const stream = request.socket as Socket & { _write: unknown; _writev: unknown };
      let writes = 0;
      for (const name of ["_write", "_writev"] as const) {
        const original = stream[name] as (...args: unknown[]) => unknown;
        stream[name] = (...args: unknown[]) => {
          writes++;
          return original.apply(stream, args);
        };
      }
      resolve({ connection: createConnection(ws, "http://hub.test", null, stream), writes: () => writes });
    });
  });
  const { port } = server.address() as AddressInfo;
  const client = await TestSocket.open(`ws://127.0.0.1:${port}`, {});
  return { ...(await accepted), client };
}

const message = (seq: number) => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
  seq,
  author: "visitor" as const,
  body: `hello ${seq}`,
  createdAt: new Date(0).toISOString(),
});

describe("send-frame", () => {
  let server: WebSocketServer;
  before(async () => {
    server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
    await new Promise((resolve) => server.once("listening", resolve));
  });
  after(() => {
    // A failed assertion leaves its sockets open: end them, or closing the server would wait.
    for (const socket of server.clients) socket.terminate();
    return new Promise((resolve) => server.close(resolve));
  });

  it("sends the frames written in one turn together, in order, none lost", async () => {
    const { connection, client, writes } = await openPair(server);
    const before = writes();
    for (let seq = 1; seq <= 20; seq++)
      sendShapedFrame(connection, { type: "message", message: message(seq) });
    const received = await client.waitFor((frame) => frame.type === "message", 20);
    assert.deepEqual(
      received.map((frame) => (frame.message as { seq: number }).seq),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    // One write for the turn's twenty frames, not twenty.
    assert.equal(writes() - before, 1);
    client.socket.close();
  });

  it("delivers frames written in later turns too: nothing stays corked", async () => {
    const { connection, client } = await openPair(server);
    sendWidgetFrame(connection, {
      type: "conversation",
      conversation: { id: "00000000-0000-4000-8000-000000000001", status: "open" },
    });
    await client.waitFor((frame) => frame.type === "conversation");
    await new Promise((resolve) => setImmediate(resolve));
    sendShapedFrame(connection, { type: "message", message: message(1) });
    const [frame] = await client.waitFor((f) => f.type === "message");
    assert.deepEqual(frame?.message, message(1));
    client.socket.close();
  });
});
