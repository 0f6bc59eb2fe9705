// Crypto bench: messages stored per second with encryption at rest (core's sealMessage, then
// messages.append) against the same store without it (the same append with the plaintext bytes
// as the "ciphertext"), on a real SQLite file opened by core (WAL, every commit flushed before it is acknowledged), in the same
// run. Blocks of each alternate, so drift in the machine's load hits both alike.
//   node --import tsx test/bench/crypto.ts [--messages 10000] [--smoke] [--rows-out FILE]
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryBus } from "@tawkster/core/bus";
import { startConversation, type TChatDeps } from "@tawkster/core/chat";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import { newTimeOrderedId } from "@tawkster/core/ids";
import { sealMessage } from "@tawkster/core/store";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import { newWidgetVisitor, seedBenchWorkspace } from "./lib/hub-fixture";
import { runBenchMain } from "./lib/proc";
import { reportRows } from "./lib/report";
import { argIntegers, fmt, fmtRatio, hasFlag, median } from "./lib/stats";

const isSmoke = hasFlag("--smoke");
const [messages = 10_000] = argIntegers("--messages", [isSmoke ? 40 : 10_000]);
const BLOCK = isSmoke ? 10 : 200;
const TARGET = 0.8;
const BODY = "Hello, my order 4471 never arrived and the tracking page says it was delivered to a neighbour?";

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tawkster-bench-crypto-"));
  const store = await openSqliteStore(join(dir, "tawkster.db"));
  const vault = createVault({ keyring: createKeyring(randomBytes(32)), keys: store.keys });
  const deps: TChatDeps = { store, vault, bus: createMemoryBus() };
  try {
    const { workspaceId, site } = await seedBenchWorkspace(deps);
    const scope = store.scoped(workspaceId);
    const actor = await newWidgetVisitor(deps, site);
    const visitor = await scope.visitors.get(actor.visitorId);
    if (visitor === null) throw new Error("the bench visitor vanished");
    const author = { type: "visitor" as const, id: actor.visitorId };
    const sealedConversation = (await startConversation(deps, actor)).id;
    const plainConversation = (await startConversation(deps, actor)).id;

    const appendSealed = async () => {
      const row = await sealMessage(vault, workspaceId, {
        id: newTimeOrderedId(),
        conversationId: sealedConversation,
        author,
        body: BODY,
        createdAt: new Date(),
        visitorKeyId: visitor.keyId,
      });
      await scope.messages.append(row);
    };
    const appendPlain = async () => {
      await scope.messages.append({
        id: newTimeOrderedId(),
        conversationId: plainConversation,
        author,
        keyId: visitor.keyId,
        bodyCipher: Buffer.from(BODY, "utf8"),
        createdAt: new Date(),
      });
    };
    const timeBlock = async (append: () => Promise<void>) => {
      const started = performance.now();
      for (let i = 0; i < BLOCK; i++) await append();
      return performance.now() - started;
    };

    await timeBlock(appendSealed);
    await timeBlock(appendPlain);
    let sealedMs = 0;
    let plainMs = 0;
    for (let block = 0; block < Math.ceil(messages / BLOCK); block++) {
      // Alternating which goes first cancels any order effect (a checkpoint, a warm cache).
      if (block % 2 === 0) {
        sealedMs += await timeBlock(appendSealed);
        plainMs += await timeBlock(appendPlain);
      } else {
        plainMs += await timeBlock(appendPlain);
        sealedMs += await timeBlock(appendSealed);
      }
    }
    const count = Math.ceil(messages / BLOCK) * BLOCK;
    const sealedRate = (count / sealedMs) * 1000;
    const plainRate = (count / plainMs) * 1000;

    // The encryption alone (no storage): what sealing costs in CPU per message.
    const sealTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      for (let i = 0; i < BLOCK; i++) {
        await sealMessage(vault, workspaceId, {
          id: newTimeOrderedId(),
          conversationId: sealedConversation,
          author,
          body: BODY,
          createdAt: new Date(),
          visitorKeyId: visitor.keyId,
        });
      }
      sealTimes.push(((performance.now() - started) / BLOCK) * 1000);
    }
    const sealUs = median(sealTimes);
    const ratio = sealedRate / plainRate;
    reportRows([
      {
        name: "crypto: encrypted store",
        figure: `sealed: ${fmt(sealedRate)} msg/s`,
        baseline: `plaintext: ${fmt(plainRate)} msg/s`,
        ratio: fmtRatio(ratio),
        target: `≥ ${TARGET}×`,
        met: ratio >= TARGET,
        reproduce: `node --import tsx test/bench/crypto.ts --messages ${messages}${isSmoke ? " --smoke" : ""}`,
        values: {
          messages: count,
          sealedPerSecond: sealedRate,
          plainPerSecond: plainRate,
          ratio,
          sealMicroseconds: sealUs,
        },
        note: `sealMessage alone: ${fmt(sealUs, 1)} µs/message; each append is one durable commit (SQLite WAL flushed before the ack)`,
      },
    ]);
  } finally {
    await deps.bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchMain(main);
