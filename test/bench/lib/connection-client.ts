// The client side of the connections bench, in its own process so its memory is not the hub's:
//   node --import tsx test/bench/lib/connection-client.ts --mode widget|ws|sse --url URL
//     [--from FILE]  (widget: JSON {hubUrl, siteOrigin, visitors:[{visitorToken, conversationId}]})
//     [--count N]    (ws, sse: how many)
// Opens the connections (widget: authenticated and subscribed, each confirmed by the hub's
// `conversation` frame), prints `READY {"open":N,"ms":…}` and keeps them idle until stdin closes
// or SIGTERM.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import WebSocket from "ws";
import { argValue } from "./stats";

const mode = argValue("--mode");
const url = argValue("--url") ?? "";
const open: { close(): void }[] = [];
const BATCH = 200;

type TWidgetPlan = {
  hubUrl: string;
  siteOrigin: string;
  visitors: { visitorToken: string; conversationId: string }[];
};

function openWidget(plan: TWidgetPlan, visitor: TWidgetPlan["visitors"][number]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { Origin: plan.hubUrl }, perMessageDeflate: false });
    open.push({ close: () => socket.terminate() });
    socket.once("unexpected-response", (_req, res) =>
      reject(new Error(`widget socket: HTTP ${res.statusCode}`)),
    );
    socket.once("error", reject);
    socket.once("open", () => {
      socket.send(
        JSON.stringify({ type: "auth", visitorToken: visitor.visitorToken, origin: plan.siteOrigin }),
      );
      socket.send(JSON.stringify({ type: "subscribe", conversationId: visitor.conversationId, afterSeq: 0 }));
    });
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { type: string; error?: { code: string } };
      if (frame.type === "conversation") resolve();
      else if (frame.type === "error") reject(new Error(`widget socket: ${frame.error?.code ?? "error"}`));
    });
  });
}

function openWs(index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}/visitor?agent=idle-${index}`, { perMessageDeflate: false });
    open.push({ close: () => socket.terminate() });
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
}

function openSse(index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/events?id=idle-${index}`, { agent: false }, (res) => {
      open.push({ close: () => res.destroy() });
      res.once("data", () => resolve());
      res.on("error", () => undefined);
    });
    req.on("error", reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  let openers: (() => Promise<void>)[];
  if (mode === "widget") {
    const plan = JSON.parse(readFileSync(argValue("--from") ?? "", "utf8")) as TWidgetPlan;
    openers = plan.visitors.map((visitor) => () => openWidget(plan, visitor));
  } else {
    const count = Number(argValue("--count") ?? "0");
    const open1 = mode === "sse" ? openSse : openWs;
    openers = Array.from({ length: count }, (_, i) => () => open1(i));
  }
  for (let first = 0; first < openers.length; first += BATCH) {
    await Promise.all(openers.slice(first, first + BATCH).map((openOne) => openOne()));
  }
  console.log(`READY ${JSON.stringify({ open: open.length, ms: performance.now() - started })}`);
}

const closeAll = () => {
  for (const connection of open) connection.close();
  process.exit(0);
};
process.stdin.on("end", closeAll);
process.stdin.resume();
process.on("SIGTERM", closeAll);
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
