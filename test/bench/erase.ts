// Erases by email a visitor with 10,000 messages and prints one line: the time until their data is
// unreadable (key destroyed) and until it is deleted, and whether another visitor stayed untouched.
// Run: node --import tsx test/bench/erase.ts [--smoke] [--messages N]
//
// Both visitors' messages are sealed by the real vault (10,000 encryptions take well under a second),
// then inserted through the raw driver in one transaction (see lifecycle-seed.ts for why).
import { performance } from "node:perf_hooks";
import type { Vault } from "@tawkster/core/crypto";
import { newTimeOrderedId } from "@tawkster/core/ids";
import { eraseVisitors, findVisitorsForErasure } from "@tawkster/core/lifecycle";
import {
  openSealedMessage,
  sealMessage,
  sealVisitor,
  type TMessageRow,
  type TNewMessageRow,
} from "@tawkster/core/store";
import { numberArg, openBenchHub, reportLine, type TBenchHub } from "./lifecycle-seed";

const isSmoke = process.argv.includes("--smoke");
const MESSAGES = numberArg("messages", isSmoke ? 200 : 10_000);
const EMAIL = "erase.me@example.test";

/** A visitor with one conversation of `count` real sealed messages, written in one transaction. */
async function seedVisitor(hub: TBenchHub, email: string, count: number) {
  const scope = hub.store.scoped(hub.workspaceId);
  const at = new Date();
  const visitor = await scope.visitors.create(
    await sealVisitor(hub.vault, hub.workspaceId, {
      id: newTimeOrderedId(),
      siteId: hub.siteId,
      email,
      name: `Visitor ${email}`,
      identityVerified: true,
      ip: "203.0.113.0",
      consent: { functional: false, updatedAt: null },
      createdAt: at,
      lastSeenAt: at,
    }),
  );
  const conversation = await scope.conversations.create({
    id: newTimeOrderedId(),
    siteId: hub.siteId,
    departmentId: hub.departmentId,
    visitorId: visitor.id,
    status: "closed",
    assigneeId: null,
    createdAt: at,
    lastActivityAt: at,
    closedAt: at,
    slack: null,
    zendesk: null,
  });
  const sealed: TNewMessageRow[] = [];
  for (let i = 0; i < count; i++) {
    sealed.push(
      await sealMessage(hub.vault, hub.workspaceId, {
        id: newTimeOrderedId(),
        conversationId: conversation.id,
        author: { type: "visitor", id: visitor.id },
        body: `Message ${i} from ${email}: order 55${i} was damaged`,
        createdAt: at,
        visitorKeyId: visitor.keyId,
      }),
    );
  }
  const insert = hub.raw.prepare(
    `INSERT INTO messages (workspace_id, id, conversation_id, seq, author_type, author_id, key_id, body_cipher, created_at)
     VALUES (?, ?, ?, ?, 'visitor', ?, ?, ?, ?)`,
  );
  hub.raw.transaction(() => {
    sealed.forEach((m, i) => {
      insert.run(
        hub.workspaceId,
        m.id,
        m.conversationId,
        i + 1,
        visitor.id,
        m.keyId,
        Buffer.from(m.bodyCipher),
        at.getTime(),
      );
    });
  })();
  hub.raw.prepare("UPDATE conversations SET last_seq = ? WHERE id = ?").run(count, conversation.id);
  const first = sealed[0];
  if (!first) throw new Error("no message");
  const firstMessage: TMessageRow = { ...first, seq: 1, clientMessageId: null };
  return { visitor, conversation, firstMessage };
}

/** The vault, recording when the erasure's key destruction finished. */
function watchShredding(vault: Vault, onDestroyed: () => void): Vault {
  return {
    ...vault,
    async destroyKey(workspaceId, keyId) {
      const existed = await vault.destroyKey(workspaceId, keyId);
      onDestroyed();
      return existed;
    },
  };
}

const hub = await openBenchHub();
try {
  const target = await seedVisitor(hub, EMAIL, MESSAGES);
  const other = await seedVisitor(hub, "keep.me@example.test", 100);
  await hub.store.compact();

  let unreadableAt = Number.NaN;
  const deps = { ...hub.deps, vault: watchShredding(hub.vault, () => (unreadableAt = performance.now())) };
  const start = performance.now();
  const preview = await findVisitorsForErasure(deps, hub.admin, { email: EMAIL });
  const receipt = await eraseVisitors(deps, hub.admin, {
    visitorIds: preview.visitors.map((v) => v.visitorId),
    source: "cli",
  });
  const deletedAt = performance.now();

  const left = hub.raw
    .prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?")
    .get(target.conversation.id) as { n: number };
  const isUnreadable = await openSealedMessage(hub.vault, hub.workspaceId, target.firstMessage).then(
    () => false,
    () => true,
  );
  const untouched =
    (await hub.store.scoped(hub.workspaceId).messages.count(other.conversation.id)) === 100 &&
    (await openSealedMessage(hub.vault, hub.workspaceId, other.firstMessage)).body.startsWith(
      "Message 0 from keep.me",
    );
  if (receipt.counts.messages !== MESSAGES || left.n !== 0 || !isUnreadable || !untouched) {
    throw new Error(
      `erasure incomplete: ${receipt.counts.messages} deleted, ${left.n} left, unreadable ${isUnreadable}, other untouched ${untouched}`,
    );
  }
  const toUnreadable = unreadableAt - start;
  const toDeleted = deletedAt - start;
  reportLine(
    `erase ×${MESSAGES.toLocaleString("en")} messages of one visitor, found by email: unreadable (key destroyed) after ${toUnreadable.toFixed(1)} ms, ` +
      `deleted after ${toDeleted.toFixed(0)} ms (${Math.round(MESSAGES / ((deletedAt - unreadableAt) / 1000)).toLocaleString("en")} messages/s, paced to half the time); ` +
      `other visitor untouched: ${untouched ? "yes" : "NO"}`,
    {
      name: `erase ×${MESSAGES.toLocaleString("en")} messages`,
      figure: `unreadable ${toUnreadable.toFixed(1)} ms, deleted ${toDeleted.toFixed(0)} ms`,
      baseline: "—",
      ratio: "—",
      target: "other visitor untouched",
      met: untouched,
      reproduce: `node --import tsx test/bench/erase.ts${isSmoke ? " --smoke" : ""}`,
      values: { messages: MESSAGES, unreadableMs: toUnreadable, deletedMs: toDeleted },
      note: "by email through the blind index; key destroyed first, rows deleted in paced 50-row steps",
    },
  );
} finally {
  await hub.dispose();
}
