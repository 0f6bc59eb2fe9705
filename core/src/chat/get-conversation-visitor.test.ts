import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TMemberActor, TVisitorActor } from "../rbac/actors";
import { getConversationVisitor, maskEmail, maskIp } from "./get-conversation-visitor";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("getConversationVisitor", () => {
  let h: THarness;
  let agent: TMemberActor;
  let outsider: TMemberActor;
  let visitor: TVisitorActor;

  before(async () => {
    h = await createHarness();
    const other = await h.addDepartment("Billing");
    agent = await h.addMember("agent", [h.general.id]);
    outsider = await h.addMember("agent", [other.id]);
    visitor = await h.newVisitor({ name: "Paula Private" });
  });
  after(() => h.dispose());

  it("masks email and IP on display by default, and shows the name", async () => {
    const conversation = await startConversation(h.deps, visitor, {});
    const seen = await getConversationVisitor(h.deps, agent, { conversationId: conversation.id });
    assert.equal(seen.name, "Paula Private");
    assert.equal(seen.email, "v•••@•••.test");
    assert.equal(seen.ip, "203.0.•.•");
    assert.equal(seen.isMasked, true);
    assert.equal(seen.identityVerified, false);
  });

  it("shows them in full when the policy turns display masking off", async () => {
    await h.putPolicy({ redaction: { mode: "off" } });
    const conversation = await startConversation(h.deps, visitor, {});
    const seen = await getConversationVisitor(h.deps, agent, { conversationId: conversation.id });
    assert.equal(seen.email, "visitor@example.test");
    assert.equal(seen.ip, "203.0.113.0");
    await h.putPolicy({});
  });

  // Attack: an agent of another department reads a visitor's details by conversation id.
  it("answers not found to a member who may not read the conversation", async () => {
    const conversation = await startConversation(h.deps, visitor, {});
    await rejectsWithCode(
      getConversationVisitor(h.deps, outsider, { conversationId: conversation.id }),
      "resource.not_found",
    );
  });

  it("masks addresses of every shape", () => {
    assert.equal(maskEmail("ana@example.com"), "a•••@•••.com");
    assert.equal(maskEmail("bad"), "•••");
    assert.equal(maskIp("2001:db8:1::"), "2001:db8:•");
    assert.equal(maskIp("nonsense"), "•••");
  });
});
