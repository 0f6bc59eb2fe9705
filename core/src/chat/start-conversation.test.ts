import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { TDepartment } from "../schemas/department";
import { updateSite } from "../workspace/update-site";
import { listOwnConversations } from "./list-own-conversations";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("startConversation", () => {
  let h: THarness;
  let billing: TDepartment;

  before(async () => {
    h = await createHarness();
    billing = await h.addDepartment("Billing");
  });
  after(() => h.dispose());

  it("uses the chosen department, else the site's default, else the oldest department", async () => {
    const visitor = await h.newVisitor();
    assert.equal(
      (await startConversation(h.deps, visitor, { departmentId: billing.id })).departmentId,
      billing.id,
    );
    assert.equal((await startConversation(h.deps, visitor, {})).departmentId, h.general.id);
    assert.equal(
      (await startConversation(h.deps, visitor, { departmentId: randomUUID() })).departmentId,
      h.general.id,
    );
    await updateSite(h.deps, h.admin, { siteId: h.site.id, defaultDepartmentId: billing.id });
    assert.equal((await startConversation(h.deps, visitor, { departmentId: null })).departmentId, billing.id);
    await updateSite(h.deps, h.admin, { siteId: h.site.id, defaultDepartmentId: null });
  });

  it("starts waiting and unassigned, audited and announced", async () => {
    const visitor = await h.newVisitor();
    const conversation = await startConversation(h.deps, visitor);
    assert.deepEqual(
      [conversation.status, conversation.assigneeId, conversation.siteId],
      ["waiting", null, h.site.id],
    );
    const audit = await h.store.scoped(h.workspaceId).audit.last();
    assert.equal(audit?.action, "conversation.start");
    assert.deepEqual(audit?.actor, { type: "visitor", id: visitor.visitorId });
    assert.deepEqual(h.events.at(-1), {
      type: "conversation.updated",
      workspaceId: h.workspaceId,
      conversationId: conversation.id,
      departmentId: h.general.id,
      status: "waiting",
      assigneeId: null,
    });
    assert.deepEqual(
      (await listOwnConversations(h.deps, visitor)).map((c) => c.id),
      [conversation.id],
    );
  });

  it("refuses a visitor who does not exist, or who is presented with another site", async () => {
    const visitor = await h.newVisitor();
    await rejectsWithCode(
      startConversation(h.deps, { ...visitor, visitorId: randomUUID() }),
      "resource.not_found",
    );
    await rejectsWithCode(
      startConversation(h.deps, { ...visitor, siteId: randomUUID() }),
      "resource.not_found",
    );
    await rejectsWithCode(startConversation(h.deps, h.admin as never), "resource.not_found");
  });
});
