import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TMemberActor } from "../rbac/actors";
import { claimConversation } from "./claim-conversation";
import { closeConversation } from "./close-conversation";
import { listMessages } from "./list-messages";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("closeConversation", () => {
  let h: THarness;
  let agent: TMemberActor;
  let colleague: TMemberActor;
  const at = new Date("2026-04-01T10:00:00.000Z");

  before(async () => {
    h = await createHarness({ now: () => at });
    agent = await h.addMember("agent", [h.general.id]);
    colleague = await h.addMember("agent", [h.general.id]);
  });
  after(() => h.dispose());

  it("lets the visitor close their own conversation, and nobody else's", async () => {
    const visitor = await h.newVisitor();
    const stranger = await h.newVisitor();
    const conversation = await startConversation(h.deps, visitor, {});
    await rejectsWithCode(
      closeConversation(h.deps, stranger, { conversationId: conversation.id }),
      "resource.not_found",
    );
    const closed = await closeConversation(h.deps, visitor, { conversationId: conversation.id });
    assert.equal(closed.status, "closed");
    assert.deepEqual(closed.closedAt, at);
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "conversation.close");
    assert.deepEqual(audit?.actor, { type: "visitor", id: visitor.visitorId });
    // Twice is harmless and writes nothing more.
    await closeConversation(h.deps, visitor, { conversationId: conversation.id });
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.seq, audit?.seq);
  });

  it("lets the assignee close it; a colleague may not; the closed chat stays readable to its assignee only", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await claimConversation(h.deps, agent, { conversationId: conversation.id });
    await rejectsWithCode(
      closeConversation(h.deps, colleague, { conversationId: conversation.id }),
      "access.denied",
    );
    await closeConversation(h.deps, agent, { conversationId: conversation.id });
    const event = h.events.at(-1);
    assert.equal(event?.type === "conversation.updated" && event.status, "closed");
    assert.ok(await listMessages(h.deps, agent, { conversationId: conversation.id }));
    await rejectsWithCode(
      listMessages(h.deps, colleague, { conversationId: conversation.id }),
      "resource.not_found",
    );
  });
});
