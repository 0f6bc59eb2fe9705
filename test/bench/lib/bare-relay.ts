// The baseline of the relay and connections benches: a bare relay with no checks, no storage and
// no framing beyond the transport's own. Runs as its own process (like the hub), so its memory and
// CPU are measured apart from the load generator:
//   node --import tsx test/bench/lib/bare-relay.ts
// prints `READY {"port":N}` and serves on 127.0.0.1:
//   WS  /agent?id=A                an agent's socket (WebSocket delivery)
//   GET /events?id=A               an agent's stream (Server-Sent Events delivery, text/event-stream)
//   WS  /visitor?agent=A           a visitor's socket: every frame is forwarded as is to WS agent A
//   POST /send?agent=A&to=ws|sse   a visitor's message over HTTP, forwarded to agent A (204)
//   GET /ping                      204 (opens a keep-alive connection before timing)
import { createServer, type ServerResponse } from "node:http";
import { type RawData, type WebSocket, WebSocketServer } from "ws";

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
      const ok = forward(
        url.searchParams.get("agent") ?? "",
        url.searchParams.get("to") ?? "ws",
        Buffer.concat(chunks),
      );
      response.writeHead(ok ? 204 : 404).end();
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
    ws.on("message", (data: RawData) => forward(agent, "ws", data));
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
process.stdin.resume();
