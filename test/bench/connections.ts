// Connections bench: memory per idle widget connection on the real hub (authenticated and
// subscribed widget WebSockets), against the bare relay's per-connection memory for WebSocket and
// for Server-Sent Events, each measured in the same run. The sockets' client side runs in another
// process (lib/connection-client.ts), so only the server's memory is counted: VmRSS from
// /proc/<pid>/status and V8's heapUsed, both after a full GC, before and after opening them.
//   node --import tsx test/bench/connections.ts [--connections 5000] [--smoke] [--rows-out FILE]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_SITE_ORIGIN, startBenchHub, type TSeededVisitor } from "./lib/hub-fixture";
import { probeEnv, readMemoryAfterGc, type TMemory } from "./lib/probe";
import { exitOnSignals, runBenchMain, startAnnouncedChild } from "./lib/proc";
import { reportRows, type TBenchRow } from "./lib/report";
import { argIntegers, fmt, fmtRatio, hasFlag, sleep } from "./lib/stats";

const isSmoke = hasFlag("--smoke");
const [connections = 5_000] = argIntegers("--connections", [isSmoke ? 50 : 5_000]);
/** Opened and closed first, so code paths, caches and pools are warm before "before". */
const WARM = isSmoke ? 10 : 200;
const CLIENT = "test/bench/lib/connection-client.ts";
/** 1 KB = 1,000 bytes (the stricter reading, as for the widget's size). */
const TARGET_BYTES = 30_000;
const SETTLE_MS = isSmoke ? 300 : 2_000;
/** Memory reads per measurement (the median is used). */
const SAMPLES = isSmoke ? 1 : 3;

type TPerConnection = { rss: number; heap: number; before: TMemory; after: TMemory; openMs: number };

/** Opens `count` connections from a client process and measures the server's growth per connection. */
async function measure(
  probeDir: string,
  serverPid: number,
  clientArgs: (count: number, offset: number) => string[],
): Promise<TPerConnection> {
  const warm = startAnnouncedChild(CLIENT, clientArgs(WARM, 0));
  await warm.ready;
  await warm.stop();
  await sleep(SETTLE_MS);
  const before = await readMemoryAfterGc(probeDir, serverPid, SAMPLES);
  const client = startAnnouncedChild(CLIENT, clientArgs(connections, WARM));
  try {
    const { open, ms } = (await client.ready) as { open: number; ms: number };
    if (open !== connections) throw new Error(`only ${open} of ${connections} connections opened`);
    await sleep(SETTLE_MS);
    const after = await readMemoryAfterGc(probeDir, serverPid, SAMPLES);
    return {
      rss: (after.rss - before.rss) / connections,
      heap: (after.heapUsed - before.heapUsed) / connections,
      before,
      after,
      openMs: ms,
    };
  } finally {
    await client.stop();
  }
}

async function measureHub(probeDir: string): Promise<TPerConnection> {
  const hub = await startBenchHub({ visitors: WARM + connections, probeDir });
  try {
    const planFile = (visitors: TSeededVisitor[], name: string) => {
      const file = join(probeDir, name);
      writeFileSync(file, JSON.stringify({ hubUrl: hub.url, siteOrigin: BENCH_SITE_ORIGIN, visitors }));
      return file;
    };
    const warmFile = planFile(hub.visitors.slice(0, WARM), "warm.json");
    const mainFile = planFile(hub.visitors.slice(WARM), "main.json");
    return await measure(probeDir, hub.pid, (_count, offset) => [
      "--mode",
      "widget",
      "--url",
      hub.realtimeUrl,
      "--from",
      offset === 0 ? warmFile : mainFile,
    ]);
  } finally {
    await hub.stop();
  }
}

async function measureBare(probeDir: string, mode: "ws" | "sse"): Promise<TPerConnection> {
  // A fresh relay process per transport: memory freed by closed sockets is not handed back to the OS.
  const relay = startAnnouncedChild("test/bench/lib/bare-relay.ts", [], probeEnv(probeDir, "bare-relay.ts"));
  try {
    const { port, pid } = (await relay.ready) as { port: number; pid: number };
    const url = `${mode === "ws" ? "ws" : "http"}://127.0.0.1:${port}`;
    return await measure(probeDir, pid, (count) => ["--mode", mode, "--url", url, "--count", String(count)]);
  } finally {
    await relay.stop();
  }
}

function kb(bytes: number): string {
  return `${fmt(bytes / 1000, 1)} KB`;
}

async function main(): Promise<void> {
  const probeDir = mkdtempSync(join(tmpdir(), "tawkster-bench-probe-"));
  try {
    const hub = await measureHub(probeDir);
    const ws = await measureBare(probeDir, "ws");
    const sse = await measureBare(probeDir, "sse");
    console.error(
      `connections ×${connections}: hub RSS ${fmt(hub.before.rss / 1e6, 1)} → ${fmt(hub.after.rss / 1e6, 1)} MB, ` +
        `heap ${fmt(hub.before.heapUsed / 1e6, 1)} → ${fmt(hub.after.heapUsed / 1e6, 1)} MB (opened in ${fmt(hub.openMs)} ms); ` +
        `bare ws RSS ${fmt(ws.before.rss / 1e6, 1)} → ${fmt(ws.after.rss / 1e6, 1)} MB; ` +
        `bare sse RSS ${fmt(sse.before.rss / 1e6, 1)} → ${fmt(sse.after.rss / 1e6, 1)} MB`,
    );
    const reproduce = `node --import tsx test/bench/connections.ts --connections ${connections}${isSmoke ? " --smoke" : ""}`;
    const rows: TBenchRow[] = [
      {
        name: `connections ×${fmt(connections)} idle widget`,
        figure: `hub: ${kb(hub.rss)} RSS/conn (heap ${kb(hub.heap)})`,
        baseline: `bare ws relay: ${kb(ws.rss)} RSS/conn (heap ${kb(ws.heap)})`,
        ratio: `RSS ${fmtRatio(hub.rss / ws.rss)}; heap ${fmtRatio(hub.heap / ws.heap)}`,
        target: `≤ ${TARGET_BYTES / 1000} KB RSS/conn`,
        met: hub.rss <= TARGET_BYTES,
        reproduce,
        values: {
          connections,
          hubRssPerConnection: hub.rss,
          hubHeapPerConnection: hub.heap,
          hubRssBefore: hub.before.rss,
          hubRssAfter: hub.after.rss,
          bareWsRssPerConnection: ws.rss,
          bareWsHeapPerConnection: ws.heap,
          rssRatio: hub.rss / ws.rss,
        },
        note: "authenticated + subscribed widget sockets; client sockets in another process; after a full GC",
      },
      {
        name: "idle connection WS vs SSE",
        figure: `bare WS: ${kb(ws.rss)} RSS/conn (heap ${kb(ws.heap)})`,
        baseline: `bare SSE: ${kb(sse.rss)} RSS/conn (heap ${kb(sse.heap)})`,
        ratio: `WS/SSE RSS ${fmtRatio(ws.rss / sse.rss)}; heap ${fmtRatio(ws.heap / sse.heap)}`,
        target: "— (decides WS or SSE)",
        met: null,
        reproduce,
        values: {
          connections,
          wsRssPerConnection: ws.rss,
          wsHeapPerConnection: ws.heap,
          sseRssPerConnection: sse.rss,
          sseHeapPerConnection: sse.heap,
        },
      },
    ];
    reportRows(rows);
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

exitOnSignals();
runBenchMain(main);
