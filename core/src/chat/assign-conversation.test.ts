import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { TMemberActor } from "../rbac/actors";
import type { TDepartment } from "../schemas/department";
import { deactivateMember } from "../workspace/deactivate-member";
import { assignConversation } from "./assign-conversation";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("assignConversation", () => {
  let h: THarness;
  let other: TDepartment;
  let agent: TMemberActor;
  let outsider: TMemberActor;
  let manager: TMemberActor;

  before(async () => {
    h = await createHarness();
    other = await h.addDepartment("Other");
    agent = await h.addMember("agent", [h.general.id]);
    outsider = await h.addMember("agent", [other.id]);
    manager = await h.addMember("manager", [h.general.id]);
  });
  after(() => h.dispose());

  it("lets a manager hand a conversation to an agent of its department, and back to the queue", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    const assigned = await assignConversation(h.deps, manager, {
      conversationId: conversation.id,
      assigneeId: agent.memberId,
    });
    assert.deepEqual([assigned.status, assigned.assigneeId], ["open", agent.memberId]);
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "conversation.assign");
    assert.deepEqual(audit?.details, {
      previousAssigneeId: null,
      status: "open",
      assigneeId: agent.memberId,
    });
    const released = await assignConversation(h.deps, manager, {
      conversationId: conversation.id,
      assigneeId: null,
    });
    assert.deepEqual([released.status, released.assigneeId], ["waiting", null]);
    const updates = h.events.filter(
      (e) => e.type === "conversation.updated" && e.conversationId === conversation.id,
    );
    assert.equal(updates.length, 3);
  });

  it("refuses an assignee outside the department, deactivated, unknown or of another workspace", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    const gone = await h.addMember("agent", [h.general.id]);
    await deactivateMember(h.deps, h.admin, { memberId: gone.memberId });
    for (const assigneeId of [outsider.memberId, gone.memberId, randomUUID(), "not-a-uuid"]) {
      await rejectsWithCode(
        assignConversation(h.deps, manager, { conversationId: conversation.id, assigneeId }),
        "request.invalid",
      );
    }
    const stored = await h.store.scoped(h.workspaceId).conversations.get(conversation.id);
    assert.deepEqual([stored?.status, stored?.assigneeId], ["waiting", null]);
    // An admin may take any conversation, whatever their departments.
    const toAdmin = await assignConversation(h.deps, manager, {
      conversationId: conversation.id,
      assigneeId: h.admin.memberId,
    });
    assert.equal(toAdmin.assigneeId, h.admin.memberId);
  });

  it("is a manager's call: an agent is refused", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await rejectsWithCode(
      assignConversation(h.deps, agent, { conversationId: conversation.id, assigneeId: agent.memberId }),
      "access.denied",
    );
  });
});
