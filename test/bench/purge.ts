// Purges N expired messages while a chat keeps sending, and prints one line: messages deleted per
// second, and the chat's p99 message latency during the purge against the same loop without a purge
// (target ≤ 1.5×). Run: node --import tsx test/bench/purge.ts [--smoke] [--messages N] [--batch N] [--duty D] [--keep N] [--breakdown]
//
// The chat loop sends one visitor message every 5 ms through the real `sendMessage` (authorize, seal,
// durable append). Latency counts from when each message was due, not from when the loop got round to
// sending it, so time the event loop spent blocked by the purge is counted (no coordinated omission).
//
// "Without a purge" is measured interleaved, not before: at each scan (between batches) the purge is
// parked for as long as it ran since the previous park, and each message counts as "during" when it
// was due while the purge was not parked, "without" when it was parked throughout. A shared machine's background noise (other builds, disk flushes) then lands on both
// sides alike instead of on whichever phase happened to run while it was busy. Messages per second
// count the purge's active time only.
import { performance } from "node:perf_hooks";
import { resolveVisitor, sendMessage, startConversation } from "@tawkster/core/chat";
import { runRetention, ZRunRetentionInput } from "@tawkster/core/lifecycle";
import type { Store } from "@tawkster/core/store";
import {
  numberArg,
  openBenchHub,
  percentile,
  reportLine,
  sampleCiphertexts,
  sampleWrappedKey,
  seedBulk,
  type TBenchHub,
} from "./lifecycle-seed";

const isSmoke = process.argv.includes("--smoke");
const MESSAGES = numberArg("messages", isSmoke ? 2_000 : 1_000_000);
/** Messages seeded that are not expired (the purge must leave them): a deeper database for the same purge. */
const KEEP = numberArg("keep", 0);
const PER_CONVERSATION = 100;
// The smoke run scans in small batches, so the purge parks often enough to sample both sides.
// Otherwise the retention job's own defaults, so the bench measures what the hub ships.
const DEFAULTS = ZRunRetentionInput.parse({ now: new Date() });
const BATCH = numberArg("batch", isSmoke ? 4 : DEFAULTS.batchSize);
const DUTY = numberArg("duty", DEFAULTS.dutyCycle);
const INTERVAL_MS = 5;
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

/** Parks the purge at each scan (between batches) for as long as it ran since the last park. */
function createWindowGate(store: Store) {
  const gate = { isParked: false, parkedMs: 0, isDone: false };
  let resumedAt = performance.now();
  const wait = async () => {
    if (gate.isDone) return;
    const parkMs = performance.now() - resumedAt;
    gate.isParked = true;
    await new Promise((resolve) => setTimeout(resolve, parkMs));
    gate.isParked = false;
    gate.parkedMs += parkMs;
    resumedAt = performance.now();
  };
  const gated: Store = {
    ...store,
    scoped(workspaceId) {
      const scope = store.scoped(workspaceId);
      const purge: typeof scope.purge = {
        ...scope.purge,
        async listVisitorsLastSeenBefore(before, options) {
          await wait();
          return scope.purge.listVisitorsLastSeenBefore(before, options);
        },
        async listConversationsInactiveBefore(before, options) {
          await wait();
          return scope.purge.listConversationsInactiveBefore(before, options);
        },
      };
      return { ...scope, purge };
    },
  };
  const stop = () => {
    gate.isDone = true;
  };
  return { gate, gated, stop };
}

const hub = await openBenchHub();
try {
  const now = new Date();
  await hub.store
    .scoped(hub.workspaceId)
    .policies.put({ type: "workspace" }, { retention: { conversationDays: 30, visitorDays: 30 } });
  const seedStart = performance.now();
  const conversations = Math.ceil(MESSAGES / PER_CONVERSATION);
  seedBulk(hub, {
    visitors: conversations,
    messagesPerConversation: PER_CONVERSATION,
    at: new Date(now.getTime() - 100 * DAY_MS),
    ciphertexts: await sampleCiphertexts(hub, 256),
    key: sampleWrappedKey(hub),
  });
  const kept = Math.ceil(KEEP / PER_CONVERSATION);
  if (kept > 0) {
    seedBulk(hub, {
      visitors: kept,
      messagesPerConversation: PER_CONVERSATION,
      at: new Date(now.getTime() - DAY_MS),
      ciphertexts: await sampleCiphertexts(hub, 16),
      key: sampleWrappedKey(hub),
    });
  }
  const seeded = conversations * PER_CONVERSATION;
  const seedMs = performance.now() - seedStart;
  // Fold the seeding's large WAL into the file first, so neither side pays for it.
  await hub.store.compact();
  const chat = await openChat(hub);

  const { gate, gated, stop } = createWindowGate(hub.store);
  const during: number[] = [];
  const without: number[] = [];
  // Where a chat message's time goes (--breakdown): the timer's lateness (the event loop was busy)
  // and the durable append (write lock, commit, WAL flush); the rest is reads and sealing.
  const parts = { during: [] as [number, number][], without: [] as [number, number][] };
  let appendMs = 0;
  const timedStore: Store = {
    ...hub.store,
    scoped(workspaceId) {
      const scope = hub.store.scoped(workspaceId);
      return {
        ...scope,
        messages: {
          ...scope.messages,
          async append(input) {
            const start = performance.now();
            try {
              return await scope.messages.append(input);
            } finally {
              appendMs = performance.now() - start;
            }
          },
        },
      };
    },
  };
  const chatDeps = { ...hub.deps, store: timedStore };
  let isPurging = true;
  const chatLoop = (async () => {
    const start = performance.now();
    for (let i = 0; isPurging; i++) {
      const due = start + i * INTERVAL_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const isParkedAtDue = gate.isParked;
      const lateMs = performance.now() - due;
      await sendMessage(chatDeps, chat.actor, {
        conversationId: chat.conversationId,
        body: `live message ${i}`,
      });
      const latency = performance.now() - due;
      if (!isParkedAtDue) {
        during.push(latency);
        parts.during.push([lateMs, appendMs]);
      } else if (gate.isParked) {
        without.push(latency);
        parts.without.push([lateMs, appendMs]);
      }
    }
  })();
  const purgeStart = performance.now();
  const run = await runRetention({ ...hub.deps, store: gated }, { now, batchSize: BATCH, dutyCycle: DUTY });
  const activeMs = performance.now() - purgeStart - gate.parkedMs;
  stop();
  isPurging = false;
  await chatLoop;

  const [purged] = run.workspaces;
  const left = hub.raw
    .prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id <> ?")
    .get(chat.conversationId) as { n: number };
  if (purged?.messageCount !== seeded || left.n !== kept * PER_CONVERSATION) {
    throw new Error(`purge incomplete: ${purged?.messageCount} of ${seeded} deleted, ${left.n} left`);
  }
  if (during.length === 0 || without.length === 0) throw new Error("no chat message sampled on one side");
  if (process.argv.includes("--breakdown")) {
    for (const side of ["during", "without"] as const) {
      const list = side === "during" ? during : without;
      const late = parts[side].map(([l]) => l);
      const append = parts[side].map(([, a]) => a);
      const at = (values: number[]) =>
        [50, 90, 99, 99.9].map((p) => percentile(values, p).toFixed(2)).join(" / ");
      console.log(
        `${side}: latency p50/p90/p99/p99.9 ${at(list)} ms; timer late ${at(late)}; append ${at(append)}`,
      );
    }
  }
  const p99During = percentile(during, 99);
  const p99Without = percentile(without, 99);
  const ratio = p99During / p99Without;
  const rate = Math.round(seeded / (activeMs / 1000));
  const isMet = ratio <= 1.5;
  reportLine(
    `purge ×${seeded.toLocaleString("en")} expired messages in ${conversations.toLocaleString("en")} conversations (seeded in ${(seedMs / 1000).toFixed(1)} s): ` +
      `${rate.toLocaleString("en")} messages/s (${(activeMs / 1000).toFixed(1)} s active, batch ${BATCH}, duty cycle ${DUTY}); ` +
      `chat p99 ${p99During.toFixed(2)} ms during purge (${during.length} msgs) vs ${p99Without.toFixed(2)} ms without (${without.length} msgs, interleaved): ` +
      `${ratio.toFixed(2)}× (target ≤ 1.5×) ${isMet ? "ok" : "OVER"}`,
    {
      name: `purge ×${seeded.toLocaleString("en")}`,
      figure: `${rate.toLocaleString("en")} messages/s; chat p99 ${p99During.toFixed(1)} ms during`,
      baseline: `chat p99 ${p99Without.toFixed(1)} ms without (interleaved)`,
      ratio: `p99 ${ratio.toFixed(2)}×`,
      target: "p99 ≤ 1.5×",
      met: isMet,
      reproduce: `node --import tsx test/bench/purge.ts${isSmoke ? " --smoke" : ""}`,
      values: {
        messages: seeded,
        messagesPerSecond: rate,
        activeSeconds: activeMs / 1000,
        p99DuringMs: p99During,
        p99WithoutMs: p99Without,
        p99Ratio: ratio,
      },
      note: `batch ${BATCH}, duty cycle ${DUTY}; the purge is background work paced to leave chat the database`,
    },
  );
} finally {
  await hub.dispose();
}
