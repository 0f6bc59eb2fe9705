import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { TBusEvent } from "../bus/bus-event";
import type { Bus } from "../bus/port";
import type { TInstallationActor, TMemberActor, TVisitorActor } from "../rbac/actors";
import { verifyAuditLog } from "../workspace/verify-audit-log";
import { closeConversation } from "./close-conversation";
import { listConversations } from "./list-conversations";
import { listMessages } from "./list-messages";
import { sendMessage } from "./send-message";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("sendMessage: a whole conversation", () => {
  let h: THarness;
  let agent: TMemberActor;
  let visitor: TVisitorActor;

  before(async () => {
    h = await createHarness();
    agent = await h.addMember("agent", [h.general.id]);
    h.events.length = 0;
    visitor = await h.newVisitor({ name: "Vera Visitor" });
  });
  after(() => h.dispose());

  it("runs visitor → agent → visitor with seqs 1..n, events after storage, audits and a valid chain", async () => {
    const texts = ["Hello, I need help with my order", "It is order 12345", "Happy to help, let me look."];
    // Each event is checked against the store at the moment it is delivered: it must already be there.
    const seenInStore: Promise<boolean>[] = [];
    h.bus.subscribe((event) => {
      if (event.type !== "message.created") return;
      seenInStore.push(
        h.store
          .scoped(event.workspaceId)
          .messages.list(event.conversationId, { afterSeq: event.seq - 1, limit: 1 })
          .then((rows) => rows[0]?.seq === event.seq),
      );
    });

    const conversation = await startConversation(h.deps, visitor, {});
    assert.equal(conversation.status, "waiting");
    assert.equal(conversation.departmentId, h.general.id);
    const m1 = await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: texts[0] ?? "" });
    const m2 = await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: texts[1] ?? "" });
    assert.deepEqual([m1.seq, m2.seq], [1, 2]);
    assert.deepEqual(m1.author, { type: "visitor", id: visitor.visitorId });

    const [summary] = await listConversations(h.deps, agent, { view: "waiting" });
    assert.equal(summary?.conversation.id, conversation.id);
    assert.equal(summary?.visitorName, "Vera Visitor");
    assert.equal(summary?.unread, 2);
    assert.equal(summary?.lastSeq, 2);

    const read = await listMessages(h.deps, agent, { conversationId: conversation.id });
    assert.deepEqual(
      read.messages.map((m) => m.body),
      texts.slice(0, 2),
    );
    const reply = await sendMessage(h.deps, agent, { conversationId: conversation.id, body: texts[2] ?? "" });
    assert.equal(reply.seq, 3);
    assert.deepEqual(reply.author, { type: "member", id: agent.memberId });

    const stored = await h.store.scoped(h.workspaceId).conversations.get(conversation.id);
    assert.equal(stored?.status, "open");
    assert.equal(stored?.assigneeId, agent.memberId);

    const mine = await listMessages(h.deps, visitor, { conversationId: conversation.id });
    assert.deepEqual(
      mine.messages.map((m) => [m.seq, m.author.type, m.body]),
      [
        [1, "visitor", texts[0]],
        [2, "visitor", texts[1]],
        [3, "member", texts[2]],
      ],
    );

    assert.deepEqual(
      h.events.map((e) => [
        e.type,
        e.type === "message.created" ? e.seq : e.type === "conversation.updated" ? e.status : null,
      ]),
      [
        ["conversation.updated", "waiting"],
        ["message.created", 1],
        ["message.created", 2],
        ["message.created", 3],
        ["conversation.updated", "open"],
      ],
    );
    for (const event of h.events) {
      const json = JSON.stringify(event);
      for (const text of texts) assert.ok(!json.includes(text), "a bus event carried message text");
      assert.ok(!json.includes("Vera"), "a bus event carried a visitor name");
    }
    assert.deepEqual(await Promise.all(seenInStore), [true, true, true]);

    const audit = await h.store.scoped(h.workspaceId).audit.list();
    const actions = audit.map((e) => e.action);
    for (const action of ["conversation.start", "conversation.read", "conversation.open"]) {
      assert.ok(actions.includes(action), `missing audit ${action}`);
    }
    const auditJson = JSON.stringify(audit);
    for (const text of [...texts, "Vera", "visitor@example.test"]) assert.ok(!auditJson.includes(text));
    const verification = await verifyAuditLog(h.deps, h.admin);
    assert.equal(verification.ok, true);
  });

  it("refuses to reply to a closed conversation and stores nothing", async () => {
    const conversation = await startConversation(h.deps, visitor, {});
    await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: "hi" });
    await closeConversation(h.deps, visitor, { conversationId: conversation.id });
    await rejectsWithCode(
      sendMessage(h.deps, visitor, { conversationId: conversation.id, body: "still there?" }),
      "resource.conflict",
    );
    await rejectsWithCode(
      sendMessage(h.deps, h.admin, { conversationId: conversation.id, body: "hello?" }),
      "resource.conflict",
    );
    assert.equal(await h.store.scoped(h.workspaceId).messages.count(conversation.id), 1);
  });

  it("refuses blank, oversized and malformed input with request.invalid", async () => {
    const conversation = await startConversation(h.deps, visitor, {});
    for (const body of ["", "   \n\t", "x".repeat(8001)]) {
      await rejectsWithCode(
        sendMessage(h.deps, visitor, { conversationId: conversation.id, body }),
        "request.invalid",
      );
    }
    await rejectsWithCode(
      sendMessage(h.deps, visitor, { conversationId: conversation.id, body: 42 } as never),
      "request.invalid",
    );
    await rejectsWithCode(
      sendMessage(h.deps, visitor, { conversationId: randomUUID(), body: "hi" }),
      "resource.not_found",
    );
    assert.equal(await h.store.scoped(h.workspaceId).messages.count(conversation.id), 0);
  });

  it("answers resource.gone once the visitor's key was destroyed (erasure)", async () => {
    const erased = await h.newVisitor({ name: "Erin Erased" });
    const conversation = await startConversation(h.deps, erased, {});
    await sendMessage(h.deps, erased, { conversationId: conversation.id, body: "please forget me" });
    const row = await h.store.scoped(h.workspaceId).visitors.get(erased.visitorId);
    assert.ok(row);
    await h.vault.destroyKey(h.workspaceId, row.keyId);
    await rejectsWithCode(
      listMessages(h.deps, h.admin, { conversationId: conversation.id }),
      "resource.gone",
    );
    await rejectsWithCode(
      sendMessage(h.deps, h.admin, { conversationId: conversation.id, body: "hello?" }),
      "resource.gone",
    );
    const summaries = await listConversations(h.deps, h.admin, { view: "all" });
    const summary = summaries.find((s) => s.conversation.id === conversation.id);
    assert.equal(summary?.visitorName, null);
  });

  it("acknowledges a stored message even when the bus is down", async () => {
    const failing: Bus = {
      publish: async () => {
        throw new Error("bus down");
      },
      subscribe: () => () => {},
      close: async () => {},
    };
    const deps = { ...h.deps, bus: failing };
    const conversation = await startConversation(deps, visitor, {});
    const message = await sendMessage(deps, visitor, {
      conversationId: conversation.id,
      body: "are you there?",
    });
    assert.equal(message.seq, 1);
    assert.equal(await h.store.scoped(h.workspaceId).messages.count(conversation.id), 1);
  });

  it("records a plugin's reply as its member, and audits it as the installation acting for them", async () => {
    const conversation = await startConversation(h.deps, visitor, {});
    await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: "from the widget" });
    const slack: TInstallationActor = {
      type: "installation",
      workspaceId: h.workspaceId,
      installationId: randomUUID(),
      platform: "slack",
      member: agent,
    };
    const reply = await sendMessage(h.deps, slack, { conversationId: conversation.id, body: "from slack" });
    assert.deepEqual(reply.author, { type: "member", id: agent.memberId });
    const audit = await h.store.scoped(h.workspaceId).audit.list();
    const opened = audit.filter((e) => e.action === "conversation.open" && e.resource.id === conversation.id);
    assert.equal(opened.length, 1);
    assert.deepEqual(opened[0]?.actor, { type: "installation", id: slack.installationId });
    assert.equal(opened[0]?.details.onBehalfOfMemberId, agent.memberId);
  });

  it("publishes nothing but ids, seqs and states, whatever was sent", () => {
    const allowed = new Set([
      "type",
      "workspaceId",
      "conversationId",
      "departmentId",
      "seq",
      "authorType",
      "status",
      "assigneeId",
      "memberId",
      "sessionId",
    ]);
    for (const event of h.events as TBusEvent[]) {
      for (const key of Object.keys(event)) assert.ok(allowed.has(key), `unexpected bus field ${key}`);
    }
  });
});
