// Purges N expired messages while a chat keeps sending, and prints one line: rows deleted per second,
// and the chat's p99 message latency during the purge against the same loop without a purge (target
// ≤ 1.5×). Run: node --import tsx test/bench/purge.ts [--smoke] [--messages N] [--batch N] [--interval MS]
//
// The chat loop sends one visitor message every `interval` ms through the real `sendMessage` (authorize,
// seal, durable append). Latency is measured from when each message was due, not from when the loop got
// round to sending it, so time the event loop spent blocked by the purge counts (no coordinated omission).
import { performance } from "node:perf_hooks";
import { resolveVisitor, sendMessage, startConversation } from "@tawkster/core/chat";
import { runRetention } from "@tawkster/core/lifecycle";
import { numberArg, openBenchHub, percentile, sampleCiphertexts, sampleWrappedKey, seedBulk, type TBenchHub } from "./lifecycle-seed";

const isSmoke = process.argv.includes("--smoke");
const MESSAGES = numberArg("messages", isSmoke ? 2_000 : 1_000_000);
const PER_CONVERSATION = 100;
const BATCH = numberArg("batch", 50);
const INTERVAL_MS = numberArg("interval", 5);
const BASELINE_MESSAGES = isSmoke ? 200 : 2_000;
const DAY_MS = 86_400_000;

async function openChat(hub: TBenchHub) {
  const site = await hub.store.scoped(hub.workspaceId).sites.get(hub.siteId);
  if (!site) throw new Error("no site");
  const { actor } = await resolveVisitor(hub.deps, {
    site,
    visitorId: null,
    identity: null,
    ip: "203.0.113.9",
    consentFunctional: false,
  });
  const conversation = await startConversation(hub.deps, actor);
  return { actor, conversationId: conversation.id };
}

/** Sends on a fixed schedule until `shouldStop()`, returning each message's latency from its due time. */
async function runChatLoop(
  hub: TBenchHub,
  chat: Awaited<ReturnType<typeof openChat>>,
  shouldStop: (sent: number) => boolean,
): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; !shouldStop(i); i++) {
    const due = start + i * INTERVAL_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await sendMessage(hub.deps, chat.actor, { conversationId: chat.conversationId, body: `live message ${i}` });
    latencies.push(performance.now() - due);
  }
  return latencies;
}

const hub = await openBenchHub();
try {
  const now = new Date();
  await hub.store.scoped(hub.workspaceId).policies.put({ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 30 } });
  const seedStart = performance.now();
  const ciphertexts = await sampleCiphertexts(hub, 256);
  const conversations = Math.ceil(MESSAGES / PER_CONVERSATION);
  seedBulk(hub, {
    visitors: conversations,
    messagesPerConversation: PER_CONVERSATION,
    at: new Date(now.getTime() - 100 * DAY_MS),
    ciphertexts,
    key: sampleWrappedKey(hub),
  });
  const seeded = conversations * PER_CONVERSATION;
  const seedMs = performance.now() - seedStart;
  // Fold the seeding's large WAL into the file first, so neither measurement pays for it.
  await hub.store.compact();
  const chat = await openChat(hub);

  const baseline = await runChatLoop(hub, chat, (sent) => sent >= BASELINE_MESSAGES);

  let isPurging = true;
  const during = runChatLoop(hub, chat, () => !isPurging);
  const purgeStart = performance.now();
  const run = await runRetention(hub.deps, { now, batchSize: BATCH, compact: true });
  const purgeMs = performance.now() - purgeStart;
  isPurging = false;
  const duringLatencies = await during;

  const [purged] = run.workspaces;
  const left = hub.raw
    .prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id <> ?")
    .get(chat.conversationId) as { n: number };
  const live = hub.raw
    .prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?")
    .get(chat.conversationId) as { n: number };
  if (purged?.messageCount !== seeded || left.n !== 0 || live.n !== baseline.length + duringLatencies.length) {
    throw new Error(`purge incomplete: ${purged?.messageCount} of ${seeded} deleted, ${left.n} left, live ${live.n}`);
  }
  const p99Base = percentile(baseline, 99);
  const p99During = percentile(duringLatencies, 99);
  const ratio = p99During / p99Base;
  console.log(
    `purge: ${seeded.toLocaleString("en")} expired messages (${conversations.toLocaleString("en")} conversations and visitors, seeded in ${(seedMs / 1000).toFixed(1)} s) ` +
      `deleted in ${(purgeMs / 1000).toFixed(2)} s = ${Math.round(seeded / (purgeMs / 1000)).toLocaleString("en")} messages/s, batch ${BATCH}; ` +
      `chat p99 ${p99During.toFixed(2)} ms during purge (${duringLatencies.length} msgs) vs ${p99Base.toFixed(2)} ms without (${baseline.length} msgs), ` +
      `ratio ${ratio.toFixed(2)}× (target ≤ 1.5×) ${ratio <= 1.5 ? "ok" : "OVER"}`,
  );
} finally {
  await hub.dispose();
}
