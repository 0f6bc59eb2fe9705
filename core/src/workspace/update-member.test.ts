import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { claimConversation } from "../chat/claim-conversation";
import { startConversation } from "../chat/start-conversation";
import { createHarness, rejectsWithCode, type THarness, toMemberActor } from "../chat/test-harness";
import { addMember } from "./add-member";
import { deactivateMember } from "./deactivate-member";
import { listMembers } from "./list-members";
import { updateMember } from "./update-member";

describe("members", () => {
  let h: THarness;

  before(async () => {
    h = await createHarness();
  });
  after(() => h.dispose());

  it("adds members only to existing departments; no hash means invited", async () => {
    const invited = await addMember(h.deps, h.admin, {
      email: "Ivy@Acme.test",
      name: "Ivy",
      role: "agent",
      departmentIds: [h.general.id, h.general.id],
      passwordHash: null,
    });
    assert.deepEqual(
      [invited.email, invited.status, invited.departmentIds],
      ["ivy@acme.test", "invited", [h.general.id]],
    );
    await rejectsWithCode(
      addMember(h.deps, h.admin, {
        email: "x@acme.test",
        name: "X",
        role: "agent",
        departmentIds: [randomUUID()],
        passwordHash: null,
      }),
      "request.invalid",
    );
    await rejectsWithCode(
      addMember(h.deps, h.admin, {
        email: "IVY@acme.test",
        name: "Ivy 2",
        role: "agent",
        departmentIds: [],
        passwordHash: null,
      }),
      "resource.conflict",
    );
    const agent = await h.addMember("agent", [h.general.id]);
    await rejectsWithCode(
      addMember(h.deps, agent, {
        email: "y@acme.test",
        name: "Y",
        role: "admin",
        departmentIds: [],
        passwordHash: "h",
      }),
      "access.denied",
    );
    const audit = await h.store.scoped(h.workspaceId).audit.list();
    assert.ok(!JSON.stringify(audit).includes("ivy@"));
  });

  it("lists members in their public shape only", async () => {
    const members = await listMembers(h.deps, await h.addMember("agent", [h.general.id]));
    assert.ok(members.length >= 2);
    for (const member of members) {
      assert.deepEqual(Object.keys(member).sort(), [
        "createdAt",
        "departmentIds",
        "email",
        "id",
        "lastSignInAt",
        "name",
        "role",
        "status",
        "twoFactorEnabled",
        "workspaceId",
      ]);
    }
    assert.ok(!JSON.stringify(members).includes("argon2"));
  });

  it("updates role, departments and name, audited with the changed fields", async () => {
    const member = await h.addMember("agent", []);
    const updated = await updateMember(h.deps, h.admin, {
      memberId: member.memberId,
      role: "manager",
      departmentIds: [h.general.id],
      name: "Manny",
    });
    assert.deepEqual(
      [updated.role, updated.departmentIds, updated.name],
      ["manager", [h.general.id], "Manny"],
    );
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "member.update");
    assert.deepEqual(audit?.details.changedFields, ["role", "name", "departmentIds"]);
    assert.ok(!JSON.stringify(audit).includes("Manny"));
  });

  // Attack (and accident): locking everyone out of administering the workspace.
  it("never demotes or deactivates the last active admin", async () => {
    await rejectsWithCode(
      updateMember(h.deps, h.admin, { memberId: h.admin.memberId, role: "manager" }),
      "resource.conflict",
    );
    await rejectsWithCode(
      deactivateMember(h.deps, h.admin, { memberId: h.admin.memberId }),
      "resource.conflict",
    );
    assert.equal((await h.store.scoped(h.workspaceId).members.get(h.admin.memberId))?.role, "admin");
    // With a second active admin, the first may step down.
    const second = await h.addMember("admin", [h.general.id]);
    const demoted = await updateMember(h.deps, second, { memberId: h.admin.memberId, role: "manager" });
    assert.equal(demoted.role, "manager");
    await rejectsWithCode(
      deactivateMember(h.deps, second, { memberId: second.memberId }),
      "resource.conflict",
    );
    await updateMember(h.deps, second, { memberId: h.admin.memberId, role: "admin" });
  });

  it("deactivates: revokes every session on the bus and puts their chats back in the queue", async () => {
    const agent = await h.addMember("agent", [h.general.id]);
    const conversation = await startConversation(h.deps, await h.newVisitor(), {});
    await claimConversation(h.deps, agent, { conversationId: conversation.id });
    h.events.length = 0;
    const deactivated = await deactivateMember(h.deps, h.admin, { memberId: agent.memberId });
    assert.equal(deactivated.status, "deactivated");
    assert.deepEqual(h.events[0], {
      type: "session.revoked",
      workspaceId: h.workspaceId,
      memberId: agent.memberId,
      sessionId: null,
    });
    const released = await h.store.scoped(h.workspaceId).conversations.get(conversation.id);
    assert.deepEqual([released?.status, released?.assigneeId], ["waiting", null]);
    const actions = (await h.store.scoped(h.workspaceId).audit.list()).slice(-2).map((e) => e.action);
    assert.deepEqual(actions, ["member.deactivate", "conversation.release"]);
    // Their actor is now refused everywhere.
    await rejectsWithCode(listMembers(h.deps, toMemberActor(deactivated)), "resource.not_found");
  });
});
