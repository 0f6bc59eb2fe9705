// The baseline of the relay and connections benches: a bare relay with no checks, no storage and
// no framing beyond the transport's own. Runs as its own process (like the hub), so its memory and
// CPU are measured apart from the load generator:
//   node --import tsx test/bench/lib/bare-relay.ts [--store FILE]
// With --store it is the relay bench's durable baseline: every message is first appended to the
// SQLite file FILE through core's SQLite driver (WAL, synchronous=NORMAL, the hub's group commit
// and its WAL fdatasync on the thread pool) and forwarded only once that flush returned; nothing
// else changes (no checks, no encryption, no fan-out bus), so the hub's distance to it is the price
// of everything but durable storage.
// Prints `READY {"port":N}` and serves on 127.0.0.1 (a line `STORED` on its stdin answers
// `STORED {"rows":N}`: the messages its SQLite file holds, 0 without --store):
//   WS  /agent?id=A                an agent's socket (WebSocket delivery)
//   GET /events?id=A               an agent's stream (Server-Sent Events delivery, text/event-stream)
//   WS  /visitor?agent=A           a visitor's socket: every frame is forwarded as is to WS agent A
//   POST /send?agent=A&to=ws|sse   a visitor's message over HTTP, forwarded to agent A (204)
//   GET /ping                      204 (opens a keep-alive connection before timing)
import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import { newTimeOrderedId } from "@tawkster/core/ids";
import { createSqliteDriver, openSqliteDatabase } from "@tawkster/core/store/sqlite";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { argValue } from "./stats";

const wsAgents = new Map<string, WebSocket>();
const sseAgents = new Map<string, ServerResponse>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });

function forward(agent: string, to: string, data: RawData | Buffer | string): boolean {
  if (to === "sse") {
    const stream = sseAgents.get(agent);
    if (stream === undefined) return false;
    stream.write(`data: ${String(data)}\n\n`);
    return true;
  }
  const socket = wsAgents.get(agent);
  if (socket === undefined) return false;
  socket.send(data, { binary: false });
  return true;
}

/**
 * With --store: one row per message, shaped like the hub's (uuid id, conversation, per-conversation
 * seq under a unique index, body bytes, time), appended in the hub's group commit; resolves once
 * the WAL flush that made it durable returned. Without: resolves at once (nothing stored).
 */
const storage = ((): { append: (key: string, data: Buffer) => Promise<void>; rows: () => number } | null => {
  const file = argValue("--store");
  if (file === undefined) return null;
  const driver = createSqliteDriver(openSqliteDatabase(file));
  driver.raw.exec(`CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS messages_seq ON messages (conversation_id, seq)`);
  const count = driver.raw.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM messages");
  const seqs = new Map<string, number>();
  return {
    append: async (key, data) => {
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      await driver.transaction((tx) =>
        tx.run("INSERT INTO messages (id, conversation_id, seq, body, created_at) VALUES (?, ?, ?, ?, ?)", [
          // The hub's kind of message id (time-ordered), so both write the same shape of index.
          newTimeOrderedId(),
          key,
          seq,
          data,
          Date.now(),
        ]),
      );
    },
    rows: () => count.get()?.n ?? 0,
  };
})();

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Forwards at once (bare), or once the message is durably stored (--store); in order per sender. */
function relay(agent: string, to: string, key: string, data: Buffer, done?: (ok: boolean) => void): void {
  if (storage === null) {
    const ok = forward(agent, to, data);
    done?.(ok);
    return;
  }
  storage.append(key, data).then(
    () => {
      // Not `done?.(forward(…))`: an optional call would skip forwarding when there is no `done`.
      const ok = forward(agent, to, data);
      done?.(ok);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      done?.(false);
    },
  );
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://relay");
  if (request.method === "GET" && url.pathname === "/events") {
    const id = url.searchParams.get("id") ?? "";
    response.socket?.setNoDelay(true);
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    response.write(": open\n\n");
    sseAgents.set(id, response);
    request.on("close", () => {
      if (sseAgents.get(id) === response) sseAgents.delete(id);
    });
    return;
  }
  if (request.method === "GET" && url.pathname === "/ping") {
    response.writeHead(204).end();
    return;
  }
  if (request.method === "POST" && url.pathname === "/send") {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const agent = url.searchParams.get("agent") ?? "";
      relay(agent, url.searchParams.get("to") ?? "ws", agent, Buffer.concat(chunks), (ok) =>
        response.writeHead(ok ? 204 : 404).end(),
      );
    });
    return;
  }
  response.writeHead(404).end();
});

server.on("upgrade", (request, socket, head) => {
  const url = new URL(request.url ?? "/", "http://relay");
  wss.handleUpgrade(request, socket, head, (ws) => {
    ws.on("error", () => undefined);
    if (url.pathname === "/agent") {
      const id = url.searchParams.get("id") ?? "";
      wsAgents.set(id, ws);
      ws.on("close", () => {
        if (wsAgents.get(id) === ws) wsAgents.delete(id);
      });
      return;
    }
    const agent = url.searchParams.get("agent") ?? "";
    // Each visitor socket is one conversation of the durable relay's table.
    const conversation = randomUUID();
    ws.on("message", (data: RawData) => relay(agent, "ws", conversation, toBuffer(data)));
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  console.log(`READY ${JSON.stringify({ port, pid: process.pid })}`);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => process.exit(0));
// Ends with the bench that started it, however that one ends (its end of the pipe closes).
process.stdin.on("end", () => process.exit(0));
let input = "";
process.stdin.setEncoding("utf8").on("data", (chunk: string) => {
  input += chunk;
  for (let end = input.indexOf("\n"); end >= 0; end = input.indexOf("\n")) {
    const line = input.slice(0, end).trim();
    input = input.slice(end + 1);
    if (line === "STORED") console.log(`STORED ${JSON.stringify({ rows: storage?.rows() ?? 0 })}`);
  }
});
