import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { TMemberActor } from "../rbac/actors";
import type { TDepartment } from "../schemas/department";
import { claimConversation } from "./claim-conversation";
import { listMessages } from "./list-messages";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";
import { transferConversation } from "./transfer-conversation";

describe("transferConversation", () => {
  let h: THarness;
  let billing: TDepartment;
  let agent: TMemberActor;
  let bothDepartments: TMemberActor;

  before(async () => {
    h = await createHarness();
    billing = await h.addDepartment("Billing");
    agent = await h.addMember("agent", [h.general.id]);
    bothDepartments = await h.addMember("agent", [h.general.id, billing.id]);
  });
  after(() => h.dispose());

  it("moves to the new department's queue when the assignee does not belong there", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await claimConversation(h.deps, agent, { conversationId: conversation.id });
    const moved = await transferConversation(h.deps, agent, {
      conversationId: conversation.id,
      departmentId: billing.id,
    });
    assert.deepEqual([moved.departmentId, moved.status, moved.assigneeId], [billing.id, "waiting", null]);
    // The agent handed it over: it is no longer theirs to read.
    await rejectsWithCode(
      listMessages(h.deps, agent, { conversationId: conversation.id }),
      "resource.not_found",
    );
    const events = await h.store.scoped(h.workspaceId).audit.list({ afterSeq: 0, limit: 1000 });
    const audit = events.filter((e) => e.outcome === "success").at(-1);
    assert.equal(events.at(-1)?.outcome, "denied");
    assert.equal(audit?.action, "conversation.transfer");
    assert.equal(audit?.details.fromDepartmentId, h.general.id);
    assert.equal(audit?.details.toDepartmentId, billing.id);
    const event = h.events.at(-1);
    assert.equal(event?.type === "conversation.updated" && event.departmentId, billing.id);
  });

  it("keeps an assignee who belongs to the new department", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await claimConversation(h.deps, bothDepartments, { conversationId: conversation.id });
    const moved = await transferConversation(h.deps, bothDepartments, {
      conversationId: conversation.id,
      departmentId: billing.id,
    });
    assert.deepEqual([moved.status, moved.assigneeId], ["open", bothDepartments.memberId]);
  });

  it("refuses a department that does not exist in the workspace", async () => {
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await rejectsWithCode(
      transferConversation(h.deps, h.admin, { conversationId: conversation.id, departmentId: randomUUID() }),
      "request.invalid",
    );
    assert.equal(
      (await h.store.scoped(h.workspaceId).conversations.get(conversation.id))?.departmentId,
      h.general.id,
    );
  });
});
