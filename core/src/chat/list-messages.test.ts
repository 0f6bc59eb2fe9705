import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createKeyring } from "../crypto/keyring";
import { createVault } from "../crypto/vault";
import type { TMemberActor, TVisitorActor } from "../rbac/actors";
import { openSealedMessage } from "../store/sealed-records";
import { listMessages } from "./list-messages";
import { sendMessage } from "./send-message";
import { startConversation } from "./start-conversation";
import { createHarness, type THarness } from "./test-harness";

const PII_TEXT = "Mail me at jane.doe@example.com or call +1 415 555 2671, card 4111 1111 1111 1111.";

describe("listMessages and redaction", () => {
  let h: THarness;
  let agent: TMemberActor;
  let visitor: TVisitorActor;

  before(async () => {
    h = await createHarness();
    agent = await h.addMember("agent", [h.general.id]);
    visitor = await h.newVisitor({ name: "Paula Private" });
  });
  after(() => h.dispose());

  /** What the store really holds, read with a vault that shares nothing with the one that wrote it. */
  async function storedBodies(conversationId: string): Promise<string[]> {
    const freshVault = createVault({ keyring: createKeyring(h.masterKey), keys: h.store.keys, cacheSize: 0 });
    const rows = await h.store.scoped(h.workspaceId).messages.list(conversationId);
    return Promise.all(
      rows.map(async (row) => (await openSealedMessage(freshVault, h.workspaceId, row)).body),
    );
  }

  it("mask-before-storage: the original never reaches the database", async () => {
    await h.putPolicy({ redaction: { mode: "mask-before-storage" } });
    const conversation = await startConversation(h.deps, visitor, {});
    const sent = await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: PII_TEXT });
    const masked = "Mail me at [email] or call [phone], card [card].";
    assert.equal(sent.body, masked);
    assert.deepEqual(await storedBodies(conversation.id), [masked]);
    assert.equal(
      (await listMessages(h.deps, visitor, { conversationId: conversation.id })).messages[0]?.body,
      masked,
    );
    assert.equal(
      (await listMessages(h.deps, agent, { conversationId: conversation.id })).messages[0]?.body,
      masked,
    );
  });

  it("mask-before-storage follows the policy's rules: a rule turned off keeps that kind", async () => {
    await h.putPolicy({ redaction: { mode: "mask-before-storage", rules: { phone: false } } });
    const conversation = await startConversation(h.deps, visitor, {});
    const sent = await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: PII_TEXT });
    assert.equal(sent.body, "Mail me at [email] or call +1 415 555 2671, card [card].");
  });

  it("mask-on-display: the store keeps the original, agents see masks, the visitor the original", async () => {
    await h.putPolicy({ redaction: { mode: "mask-on-display" } });
    const conversation = await startConversation(h.deps, visitor, {});
    await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: PII_TEXT });
    assert.deepEqual(await storedBodies(conversation.id), [PII_TEXT]);
    const asAgent = await listMessages(h.deps, agent, { conversationId: conversation.id });
    assert.equal(asAgent.messages[0]?.body, "Mail me at [email] or call [phone], card [card].");
    const asVisitor = await listMessages(h.deps, visitor, { conversationId: conversation.id });
    assert.equal(asVisitor.messages[0]?.body, PII_TEXT);
  });

  it("a department's or site's policy overrides the workspace's", async () => {
    await h.putPolicy({ redaction: { mode: "mask-on-display" } });
    await h.store
      .scoped(h.workspaceId)
      .policies.put({ type: "site", id: h.site.id }, { redaction: { mode: "off" } });
    const conversation = await startConversation(h.deps, visitor, {});
    await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: PII_TEXT });
    const asAgent = await listMessages(h.deps, agent, { conversationId: conversation.id });
    assert.equal(asAgent.messages[0]?.body, PII_TEXT);
    await h.store.scoped(h.workspaceId).policies.delete({ type: "site", id: h.site.id });
  });

  it("audits a member's read from the start, not the live fetches after it, nor the visitor's own reads", async () => {
    await h.putPolicy({});
    const conversation = await startConversation(h.deps, visitor, {});
    await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: "one" });
    await sendMessage(h.deps, visitor, { conversationId: conversation.id, body: "two" });
    const reads = async () =>
      (await h.store.scoped(h.workspaceId).audit.list()).filter(
        (e) => e.action === "conversation.read" && e.resource.id === conversation.id,
      );
    await listMessages(h.deps, visitor, { conversationId: conversation.id });
    assert.equal((await reads()).length, 0);
    const first = await listMessages(h.deps, agent, { conversationId: conversation.id });
    assert.deepEqual(
      first.messages.map((m) => m.seq),
      [1, 2],
    );
    const live = await listMessages(h.deps, agent, { conversationId: conversation.id, afterSeq: 1 });
    assert.deepEqual(
      live.messages.map((m) => m.body),
      ["two"],
    );
    const events = await reads();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.actor, { type: "member", id: agent.memberId });
    assert.deepEqual(events[0]?.details, { messageCount: 2 });
    const paged = await listMessages(h.deps, agent, { conversationId: conversation.id, limit: 1 });
    assert.deepEqual(
      paged.messages.map((m) => m.seq),
      [1],
    );
  });
});
