import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { TBusEvent } from "../bus/bus-event";
import { rejectsWithCode } from "../chat/test-harness";
import { createKeyring } from "../crypto/keyring";
import { createVault } from "../crypto/vault";
import { isAppError } from "../errors/app-error";
import type { TMemberActor } from "../rbac/actors";
import type { TVisitorRow } from "../store/port";
import { openSealedMessage, openSealedVisitor } from "../store/sealed-records";
import { verifyAuditLog } from "../workspace/verify-audit-log";
import { eraseVisitors } from "./erase-visitors";
import { findVisitorsForErasure } from "./find-visitors-for-erasure";
import { getErasureReceipt } from "./get-erasure-receipt";
import {
  createLifecycleHarness,
  daysAfter,
  queryFile,
  seedConversation,
  seedVisitor,
  type TLifecycleHarness,
  type TSeededConversation,
} from "./test-fixtures";

const EMAIL = "Ana.Lovelace@Example.test";

describe("right to be forgotten", () => {
  let h: TLifecycleHarness;
  let manager: TMemberActor;
  let ana: TVisitorRow;
  let impostor: TVisitorRow;
  let bob: TVisitorRow;
  let anaChats: TSeededConversation[];
  let impostorChat: TSeededConversation;
  let bobChat: TSeededConversation;
  let slackId: string;
  let wordpressId: string;

  before(async () => {
    h = await createLifecycleHarness();
    h.clock.now = daysAfter(1);
    manager = await h.addMember("manager", [h.general.id]);
    const scope = h.store.scoped(h.workspaceId);
    slackId = (
      await scope.installations.create({
        id: randomUUID(),
        platform: "slack",
        externalId: "T-ACME",
        name: "Acme Slack",
        keyId: randomUUID(),
        credentialsCipher: new Uint8Array(32),
        createdAt: daysAfter(0),
      })
    ).id;
    wordpressId = (
      await scope.installations.create({
        id: randomUUID(),
        platform: "wordpress",
        externalId: "wp-shop",
        name: "Shop WordPress",
        keyId: randomUUID(),
        credentialsCipher: new Uint8Array(32),
        createdAt: daysAfter(0),
      })
    ).id;
    ana = await seedVisitor(h, {
      siteId: h.site.id,
      lastSeenAt: daysAfter(1),
      email: EMAIL,
      name: "Ana Lovelace",
      verified: true,
    });
    // Someone else typed Ana's address into the widget: indexed too, but unverified.
    impostor = await seedVisitor(h, {
      siteId: h.site.id,
      lastSeenAt: daysAfter(1),
      email: "ana.lovelace@example.test",
    });
    bob = await seedVisitor(h, {
      siteId: h.site.id,
      lastSeenAt: daysAfter(1),
      email: "bob@example.test",
      name: "Bob Byron",
    });
    anaChats = [
      await seedConversation(h, {
        visitor: ana,
        departmentId: h.general.id,
        at: daysAfter(1),
        bodies: Array.from({ length: 30 }, (_, i) => `ANA-SECRET-${i}`),
        slack: { teamId: "T-ACME", channelId: "C9", threadTs: "1.5" },
      }),
      await seedConversation(h, {
        visitor: ana,
        departmentId: h.general.id,
        at: daysAfter(1),
        bodies: ["ANA-SECRET-x"],
      }),
    ];
    impostorChat = await seedConversation(h, {
      visitor: impostor,
      departmentId: h.general.id,
      at: daysAfter(1),
      bodies: ["IMPOSTOR-1"],
    });
    bobChat = await seedConversation(h, {
      visitor: bob,
      departmentId: h.general.id,
      at: daysAfter(1),
      bodies: ["BOB-1", "BOB-2"],
    });
    await scope.reads.mark(manager.memberId, anaChats[0]?.conversation.id ?? "", 3);
  });
  after(() => h.dispose());

  it("finds both visitors indexed under the email, flags the unverified one, and reads nothing", async () => {
    const preview = await findVisitorsForErasure(h.deps, h.admin, { email: " ana.lovelace@EXAMPLE.test " });
    const byId = new Map(preview.visitors.map((v) => [v.visitorId, v]));
    assert.deepEqual([...byId.keys()].sort(), [ana.id, impostor.id].sort());
    assert.equal(byId.get(ana.id)?.match, "email-verified");
    assert.equal(byId.get(impostor.id)?.match, "email-unverified");
    assert.equal(byId.get(ana.id)?.conversationCount, 2);
    assert.equal(byId.get(ana.id)?.messageCount, 31);
    assert.equal(byId.get(ana.id)?.siteName, "Shop");
    assert.deepEqual(
      byId
        .get(ana.id)
        ?.installations.map((i) => i.id)
        .sort(),
      [slackId, wordpressId].sort(),
    );
    assert.doesNotMatch(JSON.stringify(preview), /ANA-SECRET|Lovelace|example\.test/i);
    const lookup = (await h.store.scoped(h.workspaceId).audit.list()).filter(
      (e) => e.action === "privacy.lookup",
    );
    assert.equal(lookup.length, 1);
    assert.deepEqual(lookup[0]?.details, {
      purpose: "erasure",
      lookup: "emailIndex",
      matchCount: 2,
      visitorIds: preview.visitors.map((v) => v.visitorId),
    });
    assert.doesNotMatch(JSON.stringify(lookup), /lovelace/i, "the email is never written to the audit log");
  });

  // Attack: a manager (who never sees visitor records) probing whether an email has chatted here.
  it("answers a manager 'not found' before looking anything up, and audits the refusal", async () => {
    await rejectsWithCode(findVisitorsForErasure(h.deps, manager, { email: EMAIL }), "resource.not_found");
    await rejectsWithCode(
      eraseVisitors(h.deps, manager, { visitorIds: [ana.id], source: "console" }),
      "resource.not_found",
    );
    const denied = (await h.store.scoped(h.workspaceId).audit.list()).filter((e) => e.outcome === "denied");
    assert.deepEqual(
      denied.map((e) => e.action),
      ["privacy.lookup", "privacy.erase"],
    );
    assert.ok((await h.store.scoped(h.workspaceId).visitors.get(ana.id)) !== null);
  });

  it("erases one visitor: key first, then every row; the others stay readable", async () => {
    const copied = anaChats[0]?.messages[0];
    assert.ok(copied);
    const receipt = await eraseVisitors(h.deps, h.admin, {
      visitorIds: [ana.id],
      requestId: "wp-req-17",
      source: "console",
      batchSize: 7,
    });
    // Unreadable: a message copied before (a backup) no longer opens, even through a cold vault.
    const cold = createVault({ keyring: createKeyring(h.masterKey), keys: h.store.keys });
    for (const vault of [h.vault, cold]) {
      await assert.rejects(
        openSealedMessage(vault, h.workspaceId, copied),
        (e: unknown) => isAppError(e) && e.code === "crypto.unreadable",
      );
      await assert.rejects(openSealedVisitor(vault, h.workspaceId, ana));
    }
    // Deleted: nothing of hers in the file.
    const anaConversations = anaChats.map((c) => c.conversation.id);
    const inList = `(${anaConversations.map(() => "?").join(", ")})`;
    assert.equal(
      queryFile(h, `SELECT id FROM messages WHERE conversation_id IN ${inList}`, anaConversations).length,
      0,
    );
    assert.equal(
      queryFile(h, `SELECT id FROM conversations WHERE id IN ${inList}`, anaConversations).length,
      0,
    );
    assert.equal(
      queryFile(
        h,
        `SELECT member_id FROM conversation_reads WHERE conversation_id IN ${inList}`,
        anaConversations,
      ).length,
      0,
    );
    assert.equal(queryFile(h, "SELECT id FROM visitors WHERE id = ?", [ana.id]).length, 0);
    assert.equal(queryFile(h, "SELECT id FROM data_keys WHERE id = ?", [ana.keyId]).length, 0);
    // The impostor and Bob are untouched.
    assert.equal(
      (await openSealedMessage(cold, h.workspaceId, impostorChat.messages[0] ?? assert.fail())).body,
      "IMPOSTOR-1",
    );
    assert.equal((await openSealedVisitor(cold, h.workspaceId, bob)).name, "Bob Byron");
    assert.equal(await h.store.scoped(h.workspaceId).messages.count(bobChat.conversation.id), 2);

    // The receipt: counts, ids, places and times; no content, no email.
    assert.deepEqual(receipt.visitorIds, [ana.id]);
    assert.deepEqual(receipt.conversationIds.sort(), [...anaConversations].sort());
    assert.deepEqual(receipt.counts, {
      visitors: 1,
      conversations: 2,
      messages: 31,
      readMarkers: 1,
      keysDestroyed: 1,
      outboxQueued: 2,
    });
    assert.deepEqual(receipt.siteIds, [h.site.id]);
    assert.deepEqual(receipt.installations.map((i) => i.platform).sort(), ["slack", "wordpress"]);
    assert.ok(receipt.requestedAt <= receipt.unreadableAt && receipt.unreadableAt <= receipt.completedAt);
    assert.doesNotMatch(JSON.stringify(receipt), /ANA-SECRET|Lovelace|example\.test/i);
    assert.deepEqual(await getErasureReceipt(h.deps, h.admin, { receiptId: receipt.id }), receipt);
    await rejectsWithCode(
      getErasureReceipt(h.deps, manager, { receiptId: receipt.id }),
      "resource.not_found",
    );

    // Plugins are asked to delete their copies: references only.
    const outbox = await h.store.scoped(h.workspaceId).outbox.list();
    assert.deepEqual(
      outbox.map((o) => [o.installationId, o.kind, o.subjectId]).sort(),
      [
        [slackId, "delete-conversation", anaChats[0]?.conversation.id],
        [wordpressId, "delete-visitor", ana.id],
      ].sort(),
    );
    assert.deepEqual(outbox.find((o) => o.kind === "delete-conversation")?.refs, {
      slack: { teamId: "T-ACME", channelId: "C9", threadTs: "1.5" },
    });

    // Audited as request and completion, without content; the chain verifies.
    const events = await h.store.scoped(h.workspaceId).audit.list();
    const request = events.find((e) => e.action === "privacy.erase.request");
    const complete = events.find((e) => e.action === "privacy.erase.complete");
    assert.ok(request && complete && request.seq < complete.seq);
    assert.equal(complete.details.receiptId, receipt.id);
    assert.doesNotMatch(JSON.stringify(events), /ANA-SECRET|Lovelace|example\.test/i);
    assert.equal((await verifyAuditLog(h.deps, h.admin)).ok, true);
  });

  it("answers a repeated request id with the first receipt, and an erased visitor is not found", async () => {
    const again = await eraseVisitors(h.deps, h.admin, {
      visitorIds: [ana.id],
      requestId: "wp-req-17",
      source: "wordpress",
    });
    assert.equal(again.source, "console");
    await rejectsWithCode(
      eraseVisitors(h.deps, h.admin, { visitorIds: [ana.id], source: "console" }),
      "resource.not_found",
    );
    assert.deepEqual(
      (await findVisitorsForErasure(h.deps, h.admin, { email: EMAIL })).visitors.map((v) => v.visitorId),
      [impostor.id],
    );
  });

  it("takes API and WordPress requests as the erasure job, in the workspace they name", async () => {
    const job = { type: "system" as const, job: "erasure" as const, workspaceId: h.workspaceId };
    const preview = await findVisitorsForErasure(h.deps, job, { visitorId: bob.id });
    assert.equal(preview.visitors[0]?.match, "visitor-id");
    const receipt = await eraseVisitors(h.deps, job, { visitorIds: [bob.id], source: "api" });
    assert.deepEqual(receipt.actor, { type: "system", id: "erasure" });
    assert.equal(receipt.counts.messages, 2);
    // The retention job may not erase on request.
    const retention = { type: "system" as const, job: "retention" as const, workspaceId: h.workspaceId };
    await rejectsWithCode(
      eraseVisitors(h.deps, retention, { visitorIds: [impostor.id], source: "api" }),
      "access.denied",
    );
    await rejectsWithCode(
      eraseVisitors(h.deps, h.admin, { visitorIds: [], source: "api" }),
      "request.invalid",
    );
  });
});

describe("right to be forgotten: open consoles and widgets hear of it", () => {
  type TDeleted = Extract<TBusEvent, { type: "conversation.deleted" }>;
  const deletedEvents = (events: readonly TBusEvent[]) =>
    events.filter((e): e is TDeleted => e.type === "conversation.deleted");

  it("publishes conversation.deleted for each of the visitor's conversations, batch by batch as their rows go", async () => {
    const h = await createLifecycleHarness();
    try {
      h.clock.now = daysAfter(1);
      const cleo = await seedVisitor(h, { siteId: h.site.id, lastSeenAt: daysAfter(1), email: EMAIL });
      const other = await seedVisitor(h, { siteId: h.site.id, lastSeenAt: daysAfter(1) });
      const chats = [];
      for (let i = 0; i < 3; i++) {
        chats.push(
          await seedConversation(h, {
            visitor: cleo,
            departmentId: h.general.id,
            at: daysAfter(1),
            bodies: [`CLEO-SECRET-${i}-a`, `CLEO-SECRET-${i}-b`],
          }),
        );
      }
      const kept = await seedConversation(h, {
        visitor: other,
        departmentId: h.general.id,
        at: daysAfter(1),
        bodies: ["OTHER-1"],
      });
      const ids = chats.map((c) => c.conversation.id);
      const seen: { isRowGone: boolean; cleoLeft: number }[] = [];
      h.bus.subscribe((event) => {
        if (event.type !== "conversation.deleted") return;
        const inList = `(${ids.map(() => "?").join(", ")})`;
        seen.push({
          isRowGone:
            queryFile(h, "SELECT id FROM conversations WHERE id = ?", [event.conversationId]).length === 0,
          cleoLeft: queryFile(h, `SELECT id FROM conversations WHERE id IN ${inList}`, ids).length,
        });
      });
      const manager = await h.addMember("manager", [h.general.id]);
      await rejectsWithCode(
        eraseVisitors(h.deps, manager, { visitorIds: [cleo.id], source: "console" }),
        "resource.not_found",
      );
      assert.deepEqual(deletedEvents(h.events), [], "a refused erasure announces nothing");

      const receipt = await eraseVisitors(h.deps, h.admin, {
        visitorIds: [cleo.id],
        requestId: "wp-req-live",
        source: "console",
        batchSize: 1,
      });
      const events = deletedEvents(h.events);
      assert.deepEqual(events.map((e) => e.conversationId).sort(), [...ids].sort());
      assert.deepEqual([...receipt.conversationIds].sort(), [...ids].sort());
      assert.ok(!events.some((e) => e.conversationId === kept.conversation.id), "nobody else's");
      for (const event of events) {
        assert.deepEqual(Object.keys(event).sort(), ["conversationId", "reason", "type", "workspaceId"]);
        assert.equal(event.workspaceId, h.workspaceId);
        assert.equal(event.reason, "erasure");
      }
      assert.doesNotMatch(JSON.stringify(events), /CLEO-SECRET|lovelace|example\.test/i);
      assert.ok(
        seen.every((s) => s.isRowGone),
        "each event follows its row's deletion",
      );
      // One conversation per step: each announced before the next one's row goes.
      assert.deepEqual(
        seen.map((s) => s.cleoLeft),
        [2, 1, 0],
      );

      // A repeated request answers with its receipt and announces nothing again.
      await eraseVisitors(h.deps, h.admin, {
        visitorIds: [cleo.id],
        requestId: "wp-req-live",
        source: "api",
      });
      assert.equal(deletedEvents(h.events).length, 3);
    } finally {
      await h.dispose();
    }
  });

  it("completes the erasure when the bus refuses every event", async () => {
    const h = await createLifecycleHarness();
    try {
      const dana = await seedVisitor(h, { siteId: h.site.id, lastSeenAt: daysAfter(0) });
      const seeded = await seedConversation(h, {
        visitor: dana,
        departmentId: h.general.id,
        at: daysAfter(0),
        bodies: ["DANA-1"],
      });
      const brokenBus = {
        ...h.bus,
        publish: async () => {
          throw new Error("bus unreachable");
        },
      };
      const receipt = await eraseVisitors({ ...h.deps, bus: brokenBus }, h.admin, {
        visitorIds: [dana.id],
        source: "console",
      });
      assert.equal(receipt.counts.conversations, 1);
      assert.equal(
        queryFile(h, "SELECT id FROM conversations WHERE id = ?", [seeded.conversation.id]).length,
        0,
      );
      assert.equal(queryFile(h, "SELECT id FROM visitors WHERE id = ?", [dana.id]).length, 0);
    } finally {
      await h.dispose();
    }
  });
});
