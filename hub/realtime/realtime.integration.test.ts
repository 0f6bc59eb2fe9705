import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { revokeOwnSession } from "@tawkster/core/auth";
import { sendMessage, transferConversation } from "@tawkster/core/chat";
import { CLOSE_SIGNED_OUT } from "@tawkster/core/schemas";
import { createTestWorkspace, SITE_ORIGIN, type TTestWorkspace } from "../api/routes/test-workspace";
import { authDepsOf } from "../lib/auth/auth-deps";
import { TEST_ORIGIN } from "../lib/auth/test-hub";
import { startTestRealtime, type TTestRealtime } from "./test-realtime-server";
import { errorCodeOf, type TestSocket } from "./test-socket";

describe("realtime: console and widget over WebSocket", () => {
  let ws: TTestWorkspace;
  let rt: TTestRealtime;
  let aliceCookie: string;
  let bobCookie: string;

  before(async () => {
    ws = await createTestWorkspace();
    aliceCookie = (await ws.signIn(ws.alice)).header();
    bobCookie = (await ws.signIn(ws.bob)).header();
  });
  after(async () => ws.dispose());

  beforeEach(async () => {
    rt = await startTestRealtime(ws.hub, { heartbeatMs: 250, authTimeoutMs: 400 });
  });
  afterEach(() => rt.close());

  const open = (headers: Record<string, string>, path?: string) => rt.open(headers, path);
  const asConsole = (cookie: string) => open({ Origin: TEST_ORIGIN, Cookie: cookie });
  const seqsOf = (socket: TestSocket, conversationId: string) =>
    socket
      .ofType("message")
      .filter((f) => f.conversationId === conversationId)
      .map((f) => (f.message as { seq: number }).seq);

  it("delivers a visitor's message live to a console of the department, with the inbox notice", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation({ name: "Vera Visitor" });
    const alice = await asConsole(aliceCookie);
    alice.send({ type: "watch-inbox" });
    alice.send({ type: "subscribe", conversationId, afterSeq: 0 });
    const [state] = await alice.waitFor((f) => f.type === "conversation");
    assert.deepEqual(state?.conversation, {
      id: conversationId,
      status: "waiting",
      assigneeId: null,
      departmentId: ws.general.id,
    });
    await ws.sendAsVisitor(visitor, conversationId, "Hello, my card is 4111 1111 1111 1111");
    const [frame] = await alice.waitFor((f) => f.type === "message");
    const message = frame?.message as { seq: number; author: unknown; body: string };
    assert.equal(frame?.conversationId, conversationId);
    assert.equal(message.seq, 1);
    assert.deepEqual(message.author, { type: "visitor", id: visitor.visitorId, name: "Vera Visitor" });
    // The default policy masks PII on display: the console never receives the card number.
    assert.doesNotMatch(message.body, /4111/);
    await alice.waitFor((f) => f.type === "inbox-changed" && f.conversationId === conversationId);
  });

  it("resumes after a disconnect with exactly the missed messages, and never sends one twice", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const first = await asConsole(aliceCookie);
    first.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await first.waitFor((f) => f.type === "conversation");
    for (const body of ["one", "two"]) await ws.sendAsVisitor(visitor, conversationId, body);
    await first.waitFor((f) => f.type === "message", 2);
    first.close();
    await first.closed;

    for (const body of ["three", "four", "five"]) await ws.sendAsVisitor(visitor, conversationId, body);
    const second = await asConsole(aliceCookie);
    second.send({ type: "subscribe", conversationId, afterSeq: 2 });
    // Messages arriving while the catch-up runs must neither be lost nor repeated.
    const burst = Array.from({ length: 15 }, (_, i) =>
      ws.sendAsVisitor(visitor, conversationId, `burst ${i}`),
    );
    await Promise.all(burst);
    await second.waitFor((f) => f.type === "message", 18);
    await second.settle();
    assert.deepEqual(
      seqsOf(second, conversationId),
      Array.from({ length: 18 }, (_, i) => i + 3),
    );
    assert.deepEqual(
      second
        .ofType("message")
        .map((f) => (f.message as { body: string }).body)
        .slice(0, 3),
      ["three", "four", "five"],
    );
  });

  // Attack: an agent of another department following a conversation by its id, or reading the
  // inbox feed for conversations outside their departments.
  it("gives an agent of another department nothing, until the conversation is transferred to them", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const bob = await asConsole(bobCookie);
    bob.send({ type: "watch-inbox" });
    bob.send({ type: "subscribe", conversationId, afterSeq: 0 });
    const [refusal] = await bob.waitFor((f) => f.type === "error");
    assert.equal(errorCodeOf(refusal), "resource.not_found");
    await ws.sendAsVisitor(visitor, conversationId, "private to General");
    await bob.settle();
    assert.deepEqual(bob.ofType("message"), []);
    assert.deepEqual(bob.ofType("inbox-changed"), []);
    assert.deepEqual(bob.ofType("conversation"), []);

    const alice = await asConsole(aliceCookie);
    alice.send({ type: "watch-inbox" });
    alice.send({ type: "subscribe", conversationId, afterSeq: 1 });
    await alice.waitFor((f) => f.type === "conversation");
    await transferConversation(authDepsOf(ws.hub), ws.manager.actor, {
      conversationId,
      departmentId: ws.billing.id,
    });
    // Bob may see it now; Alice loses it (her subscription ends, her inbox hears it moved).
    await bob.waitFor((f) => f.type === "inbox-changed" && f.conversationId === conversationId);
    const [dropped] = await alice.waitFor((f) => f.type === "error");
    assert.equal(errorCodeOf(dropped), "resource.not_found");
    await alice.waitFor((f) => f.type === "inbox-changed" && f.conversationId === conversationId);
    await ws.sendAsVisitor(visitor, conversationId, "now for Billing");
    await alice.settle();
    assert.deepEqual(seqsOf(alice, conversationId), []);
  });

  // Attack: Cross-Site WebSocket Hijacking — a page on another site opening the live feed with the
  // agent's cookie, which the browser attaches to the handshake.
  it("refuses an agent's cookie from another origin, or without an Origin, at the HTTP upgrade", async () => {
    await assert.rejects(open({ Origin: "https://evil.example", Cookie: aliceCookie }), /HTTP 403/);
    await assert.rejects(open({ Cookie: aliceCookie }), /HTTP 403/);
    await assert.rejects(open({ Origin: TEST_ORIGIN, Cookie: "tawkster.session=forged" }), /HTTP 401/);
    assert.equal(rt.realtime.connectionCount, 0);
    const alice = await asConsole(aliceCookie);
    await alice.settle();
  });

  it("drops upgrades to any other path", async () => {
    await assert.rejects(
      open({ Origin: TEST_ORIGIN, Cookie: aliceCookie }, rt.url.replace("/realtime", "/other")),
    );
  });

  // Attack: widget hijacking — a visitor token lifted from the shop's page and replayed from
  // another site (its Origin), or presented for another page origin than it was issued for.
  it("refuses a widget token from another origin, and serves it from the hub's frame for its page", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const token = ws.visitorToken(visitor);
    const fromEvil = await open({ Origin: "https://evil.example" });
    fromEvil.send({ type: "auth", visitorToken: token, origin: SITE_ORIGIN });
    assert.equal((await fromEvil.closed).code, 4403);
    assert.equal(errorCodeOf(fromEvil.ofType("error")[0]), "auth.required");

    const otherPage = await open({ Origin: TEST_ORIGIN });
    otherPage.send({ type: "auth", visitorToken: token, origin: "https://evil.example" });
    assert.equal((await otherPage.closed).code, 4403);

    const wrongSite = await open({ Origin: "https://evil.example" });
    wrongSite.send({
      type: "auth",
      visitorToken: ws.visitorToken(visitor, "https://evil.example"),
      origin: "https://evil.example",
    });
    assert.equal((await wrongSite.closed).code, 4403, "a token for a page the site does not allow");

    const widget = await open({ Origin: TEST_ORIGIN });
    widget.send({ type: "auth", visitorToken: token, origin: SITE_ORIGIN });
    widget.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await widget.waitFor((f) => f.type === "conversation");
    await ws.sendAsVisitor(visitor, conversationId, "hi");
    await sendMessage(authDepsOf(ws.hub), ws.alice.actor, { conversationId, body: "Hello, how can I help?" });
    const frames = await widget.waitFor((f) => f.type === "message", 2);
    assert.deepEqual(
      frames.map((f) => {
        const { author, agentName, seq } = f.message as { author: string; agentName?: string; seq: number };
        return { author, agentName, seq };
      }),
      [
        { author: "visitor", agentName: undefined, seq: 1 },
        { author: "agent", agentName: "Alice Agent", seq: 2 },
      ],
    );
    assert.doesNotMatch(
      JSON.stringify(frames),
      new RegExp(ws.alice.actor.memberId),
      "no agent id reaches the visitor",
    );
    await widget.waitFor(
      (f) => f.type === "conversation" && (f.conversation as { status: string }).status === "open",
    );
  });

  it("keeps a widget to the visitor's own conversation and closes one that never authenticates", async () => {
    const mine = await ws.startVisitorConversation();
    const theirs = await ws.startVisitorConversation();
    const widget = await open({ Origin: TEST_ORIGIN });
    widget.send({ type: "auth", visitorToken: ws.visitorToken(mine.visitor), origin: SITE_ORIGIN });
    widget.send({ type: "subscribe", conversationId: theirs.conversationId, afterSeq: 0 });
    const [refusal] = await widget.waitFor((f) => f.type === "error");
    assert.equal(errorCodeOf(refusal), "resource.not_found");
    await ws.sendAsVisitor(theirs.visitor, theirs.conversationId, "not for you");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(widget.ofType("message"), []);

    const silent = await open({ Origin: TEST_ORIGIN });
    assert.equal((await silent.closed).code, CLOSE_SIGNED_OUT);
  });

  it("ends a live widget when its page's domain is removed from the site", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await open({ Origin: TEST_ORIGIN });
    widget.send({ type: "auth", visitorToken: ws.visitorToken(visitor), origin: SITE_ORIGIN });
    widget.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await widget.waitFor((f) => f.type === "conversation");
    const sites = ws.hub.store.scoped(ws.workspaceId).sites;
    await sites.update(ws.siteId, { allowedDomains: ["other.example.com"] });
    try {
      assert.equal((await widget.closed).code, 4403);
    } finally {
      await sites.update(ws.siteId, { allowedDomains: ["shop.example.com"] });
    }
  });

  it("answers a bad frame with an error and keeps the connection; drops oversized frames", async () => {
    const alice = await asConsole(aliceCookie);
    alice.send("not json");
    alice.send({ type: "subscribe", conversationId: "nope", afterSeq: -1 });
    alice.send({ type: "shout" });
    await alice.waitFor((f) => f.type === "error", 3);
    await alice.settle();
    alice.send({ type: "ping", padding: "x".repeat(17 * 1024) });
    assert.equal((await alice.closed).code, 1009);
  });

  it("signs a console out when its session is revoked, at once by the bus or at the next check", async () => {
    const jar = await ws.signIn(ws.alice);
    const byBus = await asConsole(jar.header());
    byBus.send({ type: "watch-inbox" });
    await byBus.settle();
    const session = (
      await ws.hub.store.scoped(ws.workspaceId).sessions.listActiveByMember(ws.alice.actor.memberId)
    )[0];
    assert.ok(session);
    await revokeOwnSession(authDepsOf(ws.hub), ws.alice.actor, session.id);
    await byBus.waitFor((f) => f.type === "signed-out");
    assert.equal((await byBus.closed).code, CLOSE_SIGNED_OUT);

    // Revoked behind the hub's back (another process, no bus event): the periodic check catches it.
    const other = await ws.signIn(ws.alice);
    const byCheck = await asConsole(other.header());
    await byCheck.settle();
    const [row] = await ws.hub.store
      .scoped(ws.workspaceId)
      .sessions.listActiveByMember(ws.alice.actor.memberId);
    assert.ok(row);
    await ws.hub.store.scoped(ws.workspaceId).sessions.revoke(row.id, new Date());
    await byCheck.waitFor((f) => f.type === "signed-out");
    assert.equal((await byCheck.closed).code, CLOSE_SIGNED_OUT);
  });
});
