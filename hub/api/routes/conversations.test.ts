import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ZErrorBody } from "@tawkster/core/errors";
import { type CookieJar, callApi } from "../../lib/auth/test-hub";
import { createTestWorkspace, type TTestWorkspace } from "./test-workspace";

async function codeOf(response: Response): Promise<string> {
  return ZErrorBody.parse(await response.json()).error.code;
}

describe("/api/v1/conversations", () => {
  let ws: TTestWorkspace;
  let alice: CookieJar;
  let bob: CookieJar;
  let maria: CookieJar;
  before(async () => {
    ws = await createTestWorkspace();
    [alice, bob, maria] = await Promise.all([ws.signIn(ws.alice), ws.signIn(ws.bob), ws.signIn(ws.manager)]);
  });
  after(async () => ws.dispose());

  it("lists what the member may see, by view and department", async () => {
    const { conversationId } = await ws.startVisitorConversation({ name: "Vera" });
    const listed = await callApi(ws.hub, "GET", "/api/v1/conversations?view=waiting", { jar: alice });
    assert.equal(listed.status, 200);
    const { conversations } = (await listed.json()) as {
      conversations: { conversation: { id: string; createdAt: string }; visitorName: string }[];
    };
    const row = conversations.find((c) => c.conversation.id === conversationId);
    assert.equal(row?.visitorName, "Vera");
    assert.match(row?.conversation.createdAt ?? "", /^\d{4}-\d\d-\d\dT.*Z$/);
    const forBob = (await (await callApi(ws.hub, "GET", "/api/v1/conversations", { jar: bob })).json()) as {
      conversations: { conversation: { id: string } }[];
    };
    assert.equal(
      forBob.conversations.some((c) => c.conversation.id === conversationId),
      false,
    );
    const badView = await callApi(ws.hub, "GET", "/api/v1/conversations?view=everything", { jar: alice });
    assert.equal(badView.status, 400);
    assert.equal(await codeOf(badView), "request.invalid");
  });

  it("reads a transcript masked per policy, replies with 201 once stored, and moves the read marker", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation({ name: "Vera" });
    await ws.sendAsVisitor(visitor, conversationId, "Reach me at vera@example.org");
    const read = await callApi(ws.hub, "GET", `/api/v1/conversations/${conversationId}`, { jar: alice });
    assert.equal(read.status, 200);
    const transcript = (await read.json()) as {
      messages: { seq: number; body: string; author: { name: string } }[];
    };
    assert.equal(transcript.messages.length, 1);
    assert.doesNotMatch(transcript.messages[0]?.body ?? "", /vera@example\.org/);
    assert.equal(transcript.messages[0]?.author.name, "Vera");

    const reply = await callApi(ws.hub, "POST", `/api/v1/conversations/${conversationId}/messages`, {
      jar: alice,
      body: { body: "Hello Vera" },
    });
    assert.equal(reply.status, 201);
    const { message } = (await reply.json()) as {
      message: { seq: number; author: { type: string; name: string } };
    };
    assert.deepEqual([message.seq, message.author.type, message.author.name], [2, "member", "Alice Agent"]);
    const after1 = (await (
      await callApi(ws.hub, "GET", `/api/v1/conversations/${conversationId}?afterSeq=1`, { jar: alice })
    ).json()) as { messages: { seq: number }[]; conversation: { status: string; assigneeId: string } };
    assert.deepEqual(
      after1.messages.map((m) => m.seq),
      [2],
    );
    assert.equal(after1.conversation.status, "open", "the first reply opens the conversation");
    const marked = await callApi(ws.hub, "POST", `/api/v1/conversations/${conversationId}/read`, {
      jar: alice,
      body: { seq: 99 },
    });
    assert.deepEqual(await marked.json(), { lastReadSeq: 2 });
  });

  it("claims, assigns, transfers and closes through core's rules", async () => {
    const { conversationId } = await ws.startVisitorConversation();
    const path = `/api/v1/conversations/${conversationId}`;
    const claimed = await callApi(ws.hub, "POST", `${path}/claim`, { jar: alice });
    assert.equal(claimed.status, 200);
    assert.equal(
      ((await claimed.json()) as { conversation: { assigneeId: string } }).conversation.assigneeId,
      ws.alice.actor.memberId,
    );
    const agentAssigns = await callApi(ws.hub, "POST", `${path}/assign`, {
      jar: alice,
      body: { assigneeId: null },
    });
    assert.equal(agentAssigns.status, 403, "assigning is a manager's call");
    const assigned = await callApi(ws.hub, "POST", `${path}/assign`, {
      jar: maria,
      body: { assigneeId: null },
    });
    assert.equal(
      ((await assigned.json()) as { conversation: { status: string } }).conversation.status,
      "waiting",
    );
    const badDepartment = await callApi(ws.hub, "POST", `${path}/transfer`, {
      jar: maria,
      body: { departmentId: randomUUID() },
    });
    assert.equal(badDepartment.status, 400);
    const moved = await callApi(ws.hub, "POST", `${path}/transfer`, {
      jar: maria,
      body: { departmentId: ws.billing.id },
    });
    assert.equal(moved.status, 200);
    const closed = await callApi(ws.hub, "POST", `${path}/close`, { jar: bob });
    assert.equal(
      ((await closed.json()) as { conversation: { status: string } }).conversation.status,
      "closed",
    );
    // A closed chat is history: the agent no longer sees it; the admin does, and may not reply.
    const agentReplies = await callApi(ws.hub, "POST", `${path}/messages`, {
      jar: bob,
      body: { body: "hi" },
    });
    assert.equal(agentReplies.status, 404);
    const admin = await ws.signIn(ws.admin);
    const replyToClosed = await callApi(ws.hub, "POST", `${path}/messages`, {
      jar: admin,
      body: { body: "hi" },
    });
    assert.equal(replyToClosed.status, 409);
  });

  // Attack: an agent opening or acting on another department's conversation by its id.
  it("answers 404 for another department's conversation and changes nothing", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    await ws.sendAsVisitor(visitor, conversationId, "for General only");
    const before = await ws.hub.store.scoped(ws.workspaceId).conversations.get(conversationId);
    for (const [method, suffix, body] of [
      ["GET", "", undefined],
      ["POST", "/messages", { body: "let me in" }],
      ["POST", "/claim", undefined],
      ["POST", "/close", undefined],
      ["POST", "/read", { seq: 1 }],
    ] as const) {
      const response = await callApi(ws.hub, method, `/api/v1/conversations/${conversationId}${suffix}`, {
        jar: bob,
        body,
      });
      assert.equal(response.status, 404, `${method} ${suffix}`);
    }
    assert.deepEqual(await ws.hub.store.scoped(ws.workspaceId).conversations.get(conversationId), before);
    assert.equal(await ws.hub.store.scoped(ws.workspaceId).messages.count(conversationId), 1);
    const unknown = await callApi(ws.hub, "GET", "/api/v1/conversations/not-an-id", { jar: alice });
    assert.equal(unknown.status, 404);
  });

  // Attack: cross-site request forgery — another site's page posting with the agent's cookie.
  it("refuses state changes from another origin or without one, and calls without a session", async () => {
    const { conversationId } = await ws.startVisitorConversation();
    const path = `/api/v1/conversations/${conversationId}/messages`;
    const evil = await callApi(ws.hub, "POST", path, {
      jar: alice,
      origin: "https://evil.example",
      body: { body: "x" },
    });
    assert.equal(evil.status, 403);
    assert.equal(await codeOf(evil), "access.origin_not_allowed");
    const none = await callApi(ws.hub, "POST", path, { jar: alice, origin: null, body: { body: "x" } });
    assert.equal(none.status, 403);
    assert.equal(await ws.hub.store.scoped(ws.workspaceId).messages.count(conversationId), 0);
    const anonymous = await callApi(ws.hub, "GET", "/api/v1/conversations");
    assert.equal(anonymous.status, 401);
    const legit = await callApi(ws.hub, "POST", path, { jar: alice, body: { body: "hello" } });
    assert.equal(legit.status, 201);
  });

  it("answers caller mistakes with 4xx, never 500", async () => {
    const { conversationId } = await ws.startVisitorConversation();
    const path = `/api/v1/conversations/${conversationId}/messages`;
    for (const body of [{}, { body: "" }, { body: "x".repeat(8001) }, { body: "ok", extra: 1 }, [], "text"]) {
      const response = await callApi(ws.hub, "POST", path, { jar: alice, body });
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 40));
    }
    const notJson = new Request(`http://127.0.0.1:3000${path}`, {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3000", cookie: alice.header(), "content-type": "text/plain" },
      body: "hello",
    });
    const { dispatch } = await import("../dispatch");
    const { ROUTES } = await import("./index");
    assert.equal((await dispatch(ROUTES, notJson, ws.hub, null)).status, 415);
    const wrongMethod = await callApi(ws.hub, "DELETE", `/api/v1/conversations/${conversationId}`, {
      jar: alice,
    });
    assert.equal(wrongMethod.status, 405);
    const badSeq = await callApi(ws.hub, "GET", `/api/v1/conversations/${conversationId}?afterSeq=-1`, {
      jar: alice,
    });
    assert.equal(badSeq.status, 400);
  });
});
