// Relay bench: messages from visitors to agents through the full hub path, against a bare `ws`
// relay (no checks, no storage) and a durable `ws` relay (the bare relay plus a durable SQLite
// append in the hub's group commit, nothing else) measured in the same run, at several
// concurrencies; plus the delivery-leg comparison WebSocket vs Server-Sent Events on the bare relay.
//   node --import tsx test/bench/relay.ts [--conversations 1,100,1000] [--smoke] [--rows-out FILE]
//     [--cpu-prof-dir DIR]   CPU profiles of the hub server during each timed hub phase (Chrome DevTools)
//     [--data-parent DIR]    put the hub's (and the durable relay's) data there; /dev/shm (tmpfs) shows the share of fsync
//     [--send post]          visitors send by HTTP POST (the widget's fallback) instead of over their socket
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LoopbackAddressPool } from "./lib/http-client";
import { startBenchHub } from "./lib/hub-fixture";
import { readCpuTime, type TCpuTime, toggleCpuProfile } from "./lib/probe";
import { exitOnSignals, runBenchMain, startAnnouncedChild } from "./lib/proc";
import {
  runBareRelay,
  runHubRelay,
  type THubSendMode,
  type TRelayPlan,
  type TRelayResult,
} from "./lib/relay-load";
import { reportRows, type TBenchRow } from "./lib/report";
import { argIntegers, argValue, fmt, fmtMs, fmtRatio, hasFlag } from "./lib/stats";

const isSmoke = hasFlag("--smoke");
const concurrencies = argIntegers("--conversations", isSmoke ? [1, 3] : [1, 100, 1000]);
/** Messages per conversation (a visitor may send 20 per 10 s). */
const MESSAGES = isSmoke ? 3 : 10;
/** Each concurrency sends at least this many messages (low concurrencies go through several conversations per lane). */
const MIN_MESSAGES = isSmoke ? 6 : 2_000;
const MAX_CONVERSATIONS_PER_LANE = 30;

const SEND_MODE: THubSendMode = argValue("--send") === "post" ? "post" : "ws";
const TARGET_THROUGHPUT = 0.5;
const TARGET_P99 = 3;

function planFor(concurrency: number): TRelayPlan {
  const perLane = Math.ceil(MIN_MESSAGES / (concurrency * MESSAGES));
  return {
    concurrency,
    conversationsPerLane: Math.max(1, Math.min(MAX_CONVERSATIONS_PER_LANE, perLane)),
    messagesPerConversation: MESSAGES,
  };
}

function describe(result: TRelayResult): string {
  return `${fmt(result.throughput)} msg/s; p50 ${fmtMs(result.p50Ms)}; p99 ${fmtMs(result.p99Ms)}`;
}

function reproduce(concurrency: number): string {
  const send = SEND_MODE === "post" ? " --send post" : "";
  return `node --import tsx test/bench/relay.ts --conversations ${concurrency}${send}${isSmoke ? " --smoke" : ""}`;
}

async function main(): Promise<void> {
  const cpuProfileDir = argValue("--cpu-prof-dir");
  const dataParent = argValue("--data-parent");
  const relay = startAnnouncedChild("test/bench/lib/bare-relay.ts", []);
  // The durable baseline's SQLite file sits beside the hub's data (same disk, same fsync cost).
  const durableDir = mkdtempSync(join(dataParent ?? tmpdir(), "tawkster-bench-durable-relay-"));
  const durable = startAnnouncedChild("test/bench/lib/bare-relay.ts", [
    "--store",
    join(durableDir, "relay.db"),
  ]);
  const stopRelays = async () => {
    await Promise.all([relay.stop(), durable.stop()]);
    rmSync(durableDir, { recursive: true, force: true });
  };
  const hub = await startBenchHub({
    ...(cpuProfileDir === undefined ? {} : { probeDir: resolve(cpuProfileDir) }),
    ...(dataParent === undefined ? {} : { dataParent }),
  }).catch(async (error: unknown) => {
    await stopRelays();
    throw error;
  });
  const toggleProfile = () => {
    if (cpuProfileDir !== undefined) toggleCpuProfile(hub.pid);
  };
  const addresses = new LoopbackAddressPool();
  const rows: TBenchRow[] = [];
  try {
    const { port } = (await relay.ready) as { port: number };
    const { port: durablePort } = (await durable.ready) as { port: number };
    const storedRows = async () => {
      const answer = durable.next("STORED");
      durable.send("STORED");
      return ((await answer) as { rows: number }).rows;
    };
    // Warm-up (not reported): JIT, connection pools, the hub's first requests and key caches.
    const warm = { concurrency: 4, conversationsPerLane: 1, messagesPerConversation: 5 };
    await runHubRelay(hub, warm, addresses, {}, SEND_MODE);
    for (const mode of ["ws", "post-ws", "post-sse"] as const) await runBareRelay(port, warm, mode);
    await runBareRelay(durablePort, warm, "ws");

    for (const concurrency of concurrencies) {
      const plan = planFor(concurrency);
      const bare = await runBareRelay(port, plan, "ws");
      const storedBefore = await storedRows();
      const stored = await runBareRelay(durablePort, plan, "ws");
      const storedMessages = (await storedRows()) - storedBefore;
      // The hub's CPU time over the timed phase: what a message costs it, however noisy the machine.
      let cpuAtStart: TCpuTime = { processMs: 0, mainThreadMs: 0 };
      let cpuAtEnd: TCpuTime = cpuAtStart;
      const full = await runHubRelay(
        hub,
        plan,
        addresses,
        {
          onTimedStart: () => {
            toggleProfile();
            cpuAtStart = readCpuTime(hub.pid);
          },
          onTimedEnd: () => {
            cpuAtEnd = readCpuTime(hub.pid);
            toggleProfile();
          },
        },
        SEND_MODE,
      );
      const cpuUsPerMessage = ((cpuAtEnd.processMs - cpuAtStart.processMs) * 1000) / full.messages;
      const mainThreadUsPerMessage =
        ((cpuAtEnd.mainThreadMs - cpuAtStart.mainThreadMs) * 1000) / full.messages;
      const postWs = await runBareRelay(port, plan, "post-ws");
      const postSse = await runBareRelay(port, plan, "post-sse");
      const throughputRatio = full.throughput / bare.throughput;
      const p50Ratio = full.p50Ms / bare.p50Ms;
      const p99Ratio = full.p99Ms / bare.p99Ms;
      console.error(
        `relay ×${concurrency}: ${full.messages} messages; hub ${describe(full)} ` +
          `(CPU ${fmt(cpuUsPerMessage)} µs/msg, main thread ${fmt(mainThreadUsPerMessage)}); bare ws ${describe(bare)}; ` +
          `durable ws ${describe(stored)}; ` +
          `bare POST→WS ${describe(postWs)}; bare POST→SSE ${describe(postSse)}`,
      );
      rows.push({
        name: `relay ×${fmt(concurrency)} conversations${SEND_MODE === "post" ? " (POST)" : ""}`,
        figure: `hub: ${describe(full)}`,
        baseline: `bare ws relay: ${describe(bare)}`,
        ratio: `thr ${fmtRatio(throughputRatio)}; p50 ${fmtRatio(p50Ratio)}; p99 ${fmtRatio(p99Ratio)}`,
        target: `thr ≥ ${TARGET_THROUGHPUT}×; p99 ≤ ${TARGET_P99}×`,
        met: throughputRatio >= TARGET_THROUGHPUT && p99Ratio <= TARGET_P99,
        reproduce: reproduce(concurrency),
        values: {
          conversations: concurrency,
          messages: full.messages,
          hubThroughput: full.throughput,
          hubP50Ms: full.p50Ms,
          hubP99Ms: full.p99Ms,
          hubCpuUsPerMessage: cpuUsPerMessage,
          hubMainThreadCpuUsPerMessage: mainThreadUsPerMessage,
          bareThroughput: bare.throughput,
          bareP50Ms: bare.p50Ms,
          bareP99Ms: bare.p99Ms,
          throughputRatio,
          p50Ratio,
          p99Ratio,
        },
      });
      const storedThroughputRatio = full.throughput / stored.throughput;
      const storedP50Ratio = full.p50Ms / stored.p50Ms;
      const storedP99Ratio = full.p99Ms / stored.p99Ms;
      rows.push({
        name: `relay ×${fmt(concurrency)} vs durable relay${SEND_MODE === "post" ? " (POST)" : ""}`,
        figure: `hub: ${describe(full)}`,
        baseline: `durable ws relay (SQLite, group commit): ${describe(stored)}`,
        ratio: `thr ${fmtRatio(storedThroughputRatio)}; p50 ${fmtRatio(storedP50Ratio)}; p99 ${fmtRatio(storedP99Ratio)}`,
        target: "— (the price of the checks)",
        met: null,
        reproduce: reproduce(concurrency),
        values: {
          conversations: concurrency,
          messages: full.messages,
          hubThroughput: full.throughput,
          hubP50Ms: full.p50Ms,
          hubP99Ms: full.p99Ms,
          durableThroughput: stored.throughput,
          durableP50Ms: stored.p50Ms,
          durableP99Ms: stored.p99Ms,
          durableStoredMessages: storedMessages,
          throughputRatio: storedThroughputRatio,
          p50Ratio: storedP50Ratio,
          p99Ratio: storedP99Ratio,
          durableVsBareThroughputRatio: stored.throughput / bare.throughput,
          durableVsBareP99Ratio: stored.p99Ms / bare.p99Ms,
        },
        note: `durable vs bare relay (the price of durable storage): thr ${fmtRatio(stored.throughput / bare.throughput)}; p50 ${fmtRatio(stored.p50Ms / bare.p50Ms)}; p99 ${fmtRatio(stored.p99Ms / bare.p99Ms)}`,
      });
      rows.push({
        name: `delivery WS vs SSE ×${fmt(concurrency)}`,
        figure: `POST→WS: ${describe(postWs)}`,
        baseline: `POST→SSE: ${describe(postSse)}`,
        ratio: `WS/SSE thr ${fmtRatio(postWs.throughput / postSse.throughput)}; p50 ${fmtRatio(postWs.p50Ms / postSse.p50Ms)}; p99 ${fmtRatio(postWs.p99Ms / postSse.p99Ms)}`,
        target: "— (decides WS or SSE)",
        met: null,
        reproduce: reproduce(concurrency),
        values: {
          conversations: concurrency,
          wsThroughput: postWs.throughput,
          wsP50Ms: postWs.p50Ms,
          wsP99Ms: postWs.p99Ms,
          sseThroughput: postSse.throughput,
          sseP50Ms: postSse.p50Ms,
          sseP99Ms: postSse.p99Ms,
        },
        note: "bare relay, visitors POST in both; only the agent's delivery leg differs",
      });
    }
  } finally {
    await Promise.all([hub.stop(), stopRelays()]);
  }
  reportRows(rows);
}

exitOnSignals();
runBenchMain(main);
