import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TMemberActor } from "../rbac/actors";
import { claimConversation } from "./claim-conversation";
import { closeConversation } from "./close-conversation";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("claimConversation", () => {
  let h: THarness;
  let agent: TMemberActor;
  let colleague: TMemberActor;
  let manager: TMemberActor;

  before(async () => {
    h = await createHarness();
    agent = await h.addMember("agent", [h.general.id]);
    colleague = await h.addMember("agent", [h.general.id]);
    manager = await h.addMember("manager", [h.general.id]);
  });
  after(() => h.dispose());

  it("assigns a waiting conversation to the claimer and opens it, audited and announced", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    h.events.length = 0;
    const claimed = await claimConversation(h.deps, agent, { conversationId: conversation.id });
    assert.equal(claimed.status, "open");
    assert.equal(claimed.assigneeId, agent.memberId);
    assert.deepEqual(h.events, [
      {
        type: "conversation.updated",
        workspaceId: h.workspaceId,
        conversationId: conversation.id,
        departmentId: h.general.id,
        status: "open",
        assigneeId: agent.memberId,
      },
    ]);
    const last = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(last?.action, "conversation.claim");
    assert.deepEqual(last?.actor, { type: "member", id: agent.memberId });
    assert.equal(last?.resource.id, conversation.id);
    // Claiming again is a no-op: no second event, no second audit.
    await claimConversation(h.deps, agent, { conversationId: conversation.id });
    assert.equal(h.events.length, 1);
    assert.equal((await h.store.scoped(h.workspaceId).audit.last())?.seq, last?.seq);
  });

  it("refuses to take a colleague's conversation: 403 for an agent, conflict for a manager", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await claimConversation(h.deps, agent, { conversationId: conversation.id });
    await rejectsWithCode(
      claimConversation(h.deps, colleague, { conversationId: conversation.id }),
      "access.denied",
    );
    await rejectsWithCode(
      claimConversation(h.deps, manager, { conversationId: conversation.id }),
      "resource.conflict",
    );
    assert.equal(
      (await h.store.scoped(h.workspaceId).conversations.get(conversation.id))?.assigneeId,
      agent.memberId,
    );
  });

  it("refuses a closed conversation", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await closeConversation(h.deps, h.admin, { conversationId: conversation.id });
    await rejectsWithCode(
      claimConversation(h.deps, h.admin, { conversationId: conversation.id }),
      "resource.conflict",
    );
  });
});
