import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { transferConversation } from "@tawkster/core/chat";
import { deactivateMember, updateMember } from "@tawkster/core/workspace";
import { createTestWorkspace, type TTestWorkspace } from "../api/routes/test-workspace";
import { authDepsOf } from "../lib/auth/auth-deps";
import { TEST_ORIGIN } from "../lib/auth/test-hub";
import { ACCESS_TTL_MS } from "./access-cache";
import { startTestRealtime, type TTestRealtime } from "./test-realtime-server";
import { errorCodeOf, type TestSocket } from "./test-socket";

/**
 * Live delivery keeps the member's and the conversation's rows for a moment (access-cache.ts) and
 * delivers a message its sender just stored from memory. Neither may let a message through to a
 * console that lost sight of the conversation: each test first has a message delivered (so the
 * rows are kept), then changes who may see what, and sends the next message well within
 * ACCESS_TTL_MS, which must not arrive.
 */
describe("realtime: a change of access applies to the next message, whatever delivery keeps", () => {
  let ws: TTestWorkspace;
  let rt: TTestRealtime;

  before(async () => {
    ws = await createTestWorkspace();
  });
  after(async () => ws.dispose());

  beforeEach(async () => {
    rt = await startTestRealtime(ws.hub, { heartbeatMs: 600_000 });
  });
  afterEach(() => rt.close());

  const seqsOf = (socket: TestSocket, conversationId: string) =>
    socket
      .ofType("message")
      .filter((f) => f.conversationId === conversationId)
      .map((f) => (f.message as { seq: number }).seq);

  /** Alice follows a new conversation of General and has received its first message. */
  async function aliceFollowing() {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const cookie = (await ws.signIn(ws.alice)).header();
    const alice = await rt.open({ Origin: TEST_ORIGIN, Cookie: cookie });
    alice.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await alice.waitFor((f) => f.type === "conversation");
    await ws.sendAsVisitor(visitor, conversationId, "first");
    await alice.waitFor((f) => f.type === "message");
    return { visitor, conversationId, alice, startedAt: Date.now() };
  }

  function assertWithinTtl(startedAt: number): void {
    assert.ok(Date.now() - startedAt < ACCESS_TTL_MS, "the test ran within the cache's lifetime");
  }

  it("a transfer to another department: the next message does not reach the agent", async () => {
    const { visitor, conversationId, alice, startedAt } = await aliceFollowing();
    await transferConversation(authDepsOf(ws.hub), ws.manager.actor, {
      conversationId,
      departmentId: ws.billing.id,
    });
    await ws.sendAsVisitor(visitor, conversationId, "after the transfer");
    const [dropped] = await alice.waitFor((f) => f.type === "error");
    assert.equal(errorCodeOf(dropped), "resource.not_found");
    await alice.settle();
    assertWithinTtl(startedAt);
    assert.deepEqual(seqsOf(alice, conversationId), [1]);
  });

  it("the agent moved out of the department: the next message does not reach them", async () => {
    const { visitor, conversationId, alice, startedAt } = await aliceFollowing();
    const deps = authDepsOf(ws.hub);
    await updateMember(deps, ws.admin.actor, {
      memberId: ws.alice.actor.memberId,
      departmentIds: [ws.billing.id],
    });
    try {
      await ws.sendAsVisitor(visitor, conversationId, "after the move");
      const [dropped] = await alice.waitFor((f) => f.type === "error");
      assert.equal(errorCodeOf(dropped), "resource.not_found");
      await alice.settle();
      assertWithinTtl(startedAt);
      assert.deepEqual(seqsOf(alice, conversationId), [1]);
    } finally {
      await updateMember(deps, ws.admin.actor, {
        memberId: ws.alice.actor.memberId,
        departmentIds: [ws.general.id],
      });
    }
  });

  it("the agent deactivated: signed out, and the next message does not reach them", async () => {
    const { visitor, conversationId, alice } = await aliceFollowing();
    const deps = authDepsOf(ws.hub);
    const members = ws.hub.store.scoped(ws.workspaceId).members;
    await deactivateMember(deps, ws.admin.actor, { memberId: ws.alice.actor.memberId });
    try {
      await ws.sendAsVisitor(visitor, conversationId, "after the removal");
      await alice.closed;
      assert.equal(alice.ofType("signed-out").length, 1);
      assert.deepEqual(seqsOf(alice, conversationId), [1]);
    } finally {
      await members.update(ws.alice.actor.memberId, { status: "active" });
    }
  });

  // No bus event says so (a member row changed by another path than core's operations): the
  // store write alone must empty what delivery keeps.
  it("a member row changed without any bus event: the next message does not reach them", async () => {
    const { visitor, conversationId, alice, startedAt } = await aliceFollowing();
    const members = ws.hub.store.scoped(ws.workspaceId).members;
    await members.update(ws.alice.actor.memberId, { departmentIds: [ws.billing.id] });
    try {
      await ws.sendAsVisitor(visitor, conversationId, "after a quiet move");
      const [dropped] = await alice.waitFor((f) => f.type === "error");
      assert.equal(errorCodeOf(dropped), "resource.not_found");
      await alice.settle();
      assertWithinTtl(startedAt);
      assert.deepEqual(seqsOf(alice, conversationId), [1]);
    } finally {
      await members.update(ws.alice.actor.memberId, { departmentIds: [ws.general.id] });
    }
  });

  it("a conversation row changed without any bus event: the next message is judged by the new row", async () => {
    const { visitor, conversationId, startedAt } = await aliceFollowing();
    const bob = await rt.open({ Origin: TEST_ORIGIN, Cookie: (await ws.signIn(ws.bob)).header() });
    bob.send({ type: "watch-inbox" });
    await bob.settle();
    // Billing's inbox heard nothing of General's conversation so far (its row is kept meanwhile).
    await ws.sendAsVisitor(visitor, conversationId, "still General");
    await bob.settle();
    assert.deepEqual(bob.ofType("inbox-changed"), []);
    await ws.hub.store
      .scoped(ws.workspaceId)
      .conversations.update(conversationId, { departmentId: ws.billing.id });
    await ws.sendAsVisitor(visitor, conversationId, "now Billing's");
    await bob.waitFor((f) => f.type === "inbox-changed" && f.conversationId === conversationId);
    assertWithinTtl(startedAt);
  });
});
