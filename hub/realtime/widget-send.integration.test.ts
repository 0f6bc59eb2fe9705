import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { closeConversation, listMessages, sendMessage } from "@tawkster/core/chat";
import { ZErrorBody } from "@tawkster/core/errors";
import type { TVisitorActor } from "@tawkster/core/rbac";
import type { MessageRepo, Store } from "@tawkster/core/store";
import {
  signVisitorToken,
  type TWidgetMessage,
  WIDGET_API_PATHS,
  ZWidgetRealtimeServerFrame,
  ZWidgetSendMessageRequest,
  ZWidgetSendMessageResponse,
} from "@tawkster/core/widget";
import { createTestWorkspace, SITE_ORIGIN, type TTestWorkspace } from "../api/routes/test-workspace";
import { WIDGET_ROUTES } from "../api/routes/widget";
import { authDepsOf } from "../lib/auth/auth-deps";
import { TEST_ORIGIN } from "../lib/auth/test-hub";
import type { THub } from "../lib/hub-context";
import { callWidget } from "../lib/widget/test-hub";
import { WIDGET_LIMITS } from "../lib/widget/widget-state";
import { CLOSE_WIDGET_REFUSED } from "./sign-out";
import { startTestRealtime, type TTestRealtime } from "./test-realtime-server";
import { errorCodeOf, type TestSocket } from "./test-socket";

type TFrame = TestSocket["frames"][number];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const BLNS_PATH = fileURLToPath(new URL("../../../shared/fuzz/blns.json", import.meta.url));

function loadNaughtyStrings(): string[] {
  assert.ok(
    existsSync(BLNS_PATH),
    `the fuzz corpus is missing: expected the BLNS JSON array at ${BLNS_PATH}`,
  );
  const corpus: unknown = JSON.parse(readFileSync(BLNS_PATH, "utf8"));
  assert.ok(
    Array.isArray(corpus) && corpus.length >= 500 && corpus.every((value) => typeof value === "string"),
    "blns.json is a JSON array of strings",
  );
  return corpus as string[];
}

/**
 * Runs `before(n)` ahead of the n-th message append of the store (0-based), until `restore()`: to
 * look at what the hub does before a message is stored, or to make some appends slower.
 */
function delayAppends(store: Store, before: (index: number) => Promise<void>) {
  const scoped = store.scoped;
  let count = 0;
  store.scoped = (workspaceId) => {
    const scope = scoped.call(store, workspaceId);
    const messages = new Proxy(scope.messages, {
      get(target, key) {
        if (key === "append") {
          return async (...args: Parameters<MessageRepo["append"]>) => {
            await before(count++);
            return target.append(...args);
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return new Proxy(scope, {
      get: (target, key) => (key === "messages" ? messages : Reflect.get(target, key)),
    });
  };
  return () => {
    store.scoped = scoped;
  };
}

/** Holds every message append until `release()`; `waiting` resolves once one is held. */
function holdAppends(store: Store) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let markWaiting: () => void = () => undefined;
  const waiting = new Promise<void>((resolve) => {
    markWaiting = resolve;
  });
  const restore = delayAppends(store, async () => {
    markWaiting();
    await released;
  });
  return { waiting, release, restore };
}

describe("realtime: the widget sends its messages over its socket", () => {
  let ws: TTestWorkspace;
  let clock = Date.now();
  let rt: TTestRealtime;

  before(async () => {
    ws = await createTestWorkspace({ now: () => new Date(clock) });
  });
  after(async () => ws.dispose());

  beforeEach(async () => {
    // No heartbeat during a test (expiry is tested at the send, not at the sweep); frames are not
    // counted against the per-connection limit (the fuzz sends thousands).
    rt = await startTestRealtime(ws.hub, { heartbeatMs: 600_000, maxFramesPerWindow: 1_000_000 });
  });
  afterEach(() => rt.close());

  const open = (headers: Record<string, string>) => rt.open(headers);

  /** A widget connection of the visitor, authenticated (the hub handles its frames in order). */
  async function openWidget(visitor: TVisitorActor, token = ws.visitorToken(visitor)): Promise<TestSocket> {
    const widget = await open({ Origin: TEST_ORIGIN });
    widget.send({ type: "auth", visitorToken: token, origin: SITE_ORIGIN });
    return widget;
  }

  /** Sends a `send` frame and waits for the answer naming its clientMessageId. */
  async function sendOver(
    widget: TestSocket,
    frame: { conversationId: string; body: string; clientMessageId?: string },
  ): Promise<TFrame> {
    const clientMessageId = frame.clientMessageId ?? randomUUID();
    const before = answersTo(widget, clientMessageId).length;
    widget.send({ type: "send", ...frame, clientMessageId });
    const answers = await widget.waitFor((f) => isAnswerTo(f, clientMessageId), before + 1);
    const answer = answers.at(-1);
    assert.ok(answer);
    assert.ok(ZWidgetRealtimeServerFrame.safeParse(answer).success, "the answer is a protocol frame");
    return answer;
  }

  const isAnswerTo = (frame: TFrame, clientMessageId: string) =>
    (frame.type === "sent" || frame.type === "error") && frame.clientMessageId === clientMessageId;
  const answersTo = (widget: TestSocket, clientMessageId: string) =>
    widget.frames.filter((frame) => isAnswerTo(frame, clientMessageId));

  const postMessage = (visitor: TVisitorActor, body: unknown, token = ws.visitorToken(visitor)) =>
    callWidget(ws.hub, WIDGET_ROUTES, "POST", WIDGET_API_PATHS.messages, { token, body });

  /** What the visitor's conversation holds, read as the visitor (verbatim: no display masking). */
  async function storedOf(
    visitor: TVisitorActor,
    conversationId: string,
  ): Promise<{ id: string; body: string }[]> {
    const stored: { id: string; body: string }[] = [];
    for (;;) {
      const { messages } = await listMessages(authDepsOf(ws.hub), visitor, {
        conversationId,
        afterSeq: stored.length,
        limit: 500,
      });
      if (messages.length === 0) return stored;
      stored.push(...messages.map(({ id, body }) => ({ id, body })));
    }
  }

  const messageOf = (frame: TFrame | undefined) => frame?.message as TWidgetMessage;

  it("acknowledges a send only once the message is stored, and handles the next frames meanwhile", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    const hold = holdAppends(ws.hub.store);
    const clientMessageId = randomUUID();
    try {
      widget.send({ type: "send", conversationId, body: "Is my order on its way?", clientMessageId });
      widget.send({ type: "subscribe", conversationId, afterSeq: 0 });
      await hold.waiting;
      // The subscription is served while the message waits for the store.
      await widget.waitFor((f) => f.type === "conversation");
      await sleep(50);
      assert.deepEqual(answersTo(widget, clientMessageId), [], "no ack before the message is stored");
      assert.deepEqual(await storedOf(visitor, conversationId), []);
    } finally {
      hold.release();
      hold.restore();
    }
    const [sent] = await widget.waitFor((f) => isAnswerTo(f, clientMessageId));
    assert.equal(sent?.type, "sent");
    const message = messageOf(sent);
    assert.equal(message.author, "visitor");
    assert.equal(message.body, "Is my order on its way?");
    assert.equal(message.seq, 1);
    assert.deepEqual(await storedOf(visitor, conversationId), [{ id: message.id, body: message.body }]);
  });

  it("stores a connection's sends in the order they were sent, and acknowledges them in that order", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    const bodies = ["one", "two", "three", "four", "five", "six"];
    const ids = bodies.map(() => randomUUID());
    // The earlier a message, the slower its write: sends that raced would be stored backwards.
    const restore = delayAppends(ws.hub.store, (index) => sleep((bodies.length - index) * 15));
    let acks: TFrame[];
    try {
      for (const [i, body] of bodies.entries()) {
        widget.send({ type: "send", conversationId, body, clientMessageId: ids[i] });
      }
      acks = await widget.waitFor((f) => f.type === "sent", bodies.length);
    } finally {
      restore();
    }
    assert.deepEqual(
      acks.map((f) => f.clientMessageId),
      ids,
    );
    assert.deepEqual(
      acks.map((f) => messageOf(f).seq),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepEqual(
      (await storedOf(visitor, conversationId)).map((m) => m.body),
      bodies,
    );
  });

  it("answers a retry over the socket, then over POST, with the same message, stored once", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    const request = { conversationId, body: "Hello?", clientMessageId: randomUUID() };
    const first = await sendOver(widget, request);
    assert.equal(first.type, "sent");
    const again = await sendOver(widget, request);
    assert.deepEqual(again, first);
    const overHttp = await postMessage(visitor, request);
    assert.equal(overHttp.status, 201);
    assert.deepEqual(ZWidgetSendMessageResponse.parse(await overHttp.json()).message, first.message);
    assert.equal((await storedOf(visitor, conversationId)).length, 1);

    // The same clientMessageId for another text is refused as over HTTP; the connection stays.
    const reused = await sendOver(widget, { ...request, body: "Something else" });
    assert.equal(errorCodeOf(reused), "resource.conflict");
    const reusedOverHttp = await postMessage(visitor, { ...request, body: "Something else" });
    assert.equal(reusedOverHttp.status, 409);
    assert.equal(ZErrorBody.parse(await reusedOverHttp.json()).error.code, "resource.conflict");
    assert.equal((await sendOver(widget, { conversationId, body: "Still here" })).type, "sent");
    assert.equal((await storedOf(visitor, conversationId)).length, 2);
  });

  it("makes a POST retry of a send still being stored wait for it, and stores the message once", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    const request = { conversationId, body: "Slow disk today", clientMessageId: randomUUID() };
    const hold = holdAppends(ws.hub.store);
    let overHttp: Promise<Response>;
    try {
      widget.send({ type: "send", ...request });
      await hold.waiting;
      // The widget gave up waiting (its timeout) and sends the same message over HTTP.
      overHttp = postMessage(visitor, request);
      await sleep(50);
    } finally {
      hold.release();
      hold.restore();
    }
    const [sent] = await widget.waitFor((f) => isAnswerTo(f, request.clientMessageId));
    const response = await overHttp;
    assert.equal(response.status, 201);
    assert.deepEqual(ZWidgetSendMessageResponse.parse(await response.json()).message, sent?.message);
    assert.equal((await storedOf(visitor, conversationId)).length, 1);
  });

  it("stores a socket send once when the widget's POST fallback reaches another hub instance", async () => {
    // Behind a load balancer the POST may land on another instance: its own memory, the same database.
    const other: THub = { ...ws.hub };
    const postOnOther = (visitor: TVisitorActor, body: unknown) =>
      callWidget(other, WIDGET_ROUTES, "POST", WIDGET_API_PATHS.messages, {
        token: ws.visitorToken(visitor),
        body,
      });
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    const request = { conversationId, body: "Socket here, POST there", clientMessageId: randomUUID() };
    const sent = await sendOver(widget, request);
    assert.equal(sent.type, "sent");
    const overHttp = await postOnOther(visitor, request);
    assert.equal(overHttp.status, 201);
    assert.deepEqual(ZWidgetSendMessageResponse.parse(await overHttp.json()).message, sent.message);
    assert.equal((await storedOf(visitor, conversationId)).length, 1);

    // The socket send still being stored when the POST arrives there (the widget's 10 s timeout).
    const slow = { conversationId, body: "Slow disk, two instances", clientMessageId: randomUUID() };
    const hold = holdAppends(ws.hub.store);
    let posted: Promise<Response>;
    try {
      widget.send({ type: "send", ...slow });
      await hold.waiting;
      posted = postOnOther(visitor, slow);
      await sleep(50);
    } finally {
      hold.release();
      hold.restore();
    }
    const [answer] = await widget.waitFor((f) => isAnswerTo(f, slow.clientMessageId));
    assert.equal(answer?.type, "sent");
    const response = await posted;
    assert.equal(response.status, 201);
    assert.deepEqual(ZWidgetSendMessageResponse.parse(await response.json()).message, answer?.message);
    assert.deepEqual(
      (await storedOf(visitor, conversationId)).map((m) => m.body),
      [request.body, slow.body],
    );
  });

  it("limits sends per visitor with the POST's limiter: rate.limited names the send, the connection stays", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    const { limit, windowMs } = WIDGET_LIMITS.messagesPerVisitor;
    for (let i = 0; i < limit - 1; i++)
      widget.send({ type: "send", conversationId, body: `m${i}`, clientMessageId: randomUUID() });
    await widget.waitFor((f) => f.type === "sent", limit - 1);
    // The POST draws on the same allowance.
    assert.equal(
      (await postMessage(visitor, { conversationId, body: "last", clientMessageId: randomUUID() })).status,
      201,
    );
    const refused = await sendOver(widget, { conversationId, body: "one too many" });
    assert.equal(refused.type, "error");
    assert.equal(errorCodeOf(refused), "rate.limited");
    // It says when to come back: the rest of the limiter's window, in whole seconds.
    const { retryAfterSeconds } = refused.error as { retryAfterSeconds?: unknown };
    assert.ok(
      typeof retryAfterSeconds === "number" &&
        Number.isInteger(retryAfterSeconds) &&
        retryAfterSeconds >= 1 &&
        retryAfterSeconds <= windowMs / 1000,
      `retryAfterSeconds ${String(retryAfterSeconds)}`,
    );
    assert.equal((await storedOf(visitor, conversationId)).length, limit);
    const refusedOverHttp = await postMessage(visitor, {
      conversationId,
      body: "x",
      clientMessageId: randomUUID(),
    });
    assert.equal(refusedOverHttp.status, 429);

    clock += windowMs;
    assert.equal((await sendOver(widget, { conversationId, body: "later" })).type, "sent");
  });

  it("closes a connection over its frame limit with rate.limited saying when to reconnect", async () => {
    const limited = await startTestRealtime(ws.hub, {
      heartbeatMs: 600_000,
      maxFramesPerWindow: 3,
      frameWindowMs: 20_000,
    });
    try {
      const { visitor, conversationId } = await ws.startVisitorConversation();
      const widget = await limited.open({ Origin: TEST_ORIGIN });
      widget.send({ type: "auth", visitorToken: ws.visitorToken(visitor), origin: SITE_ORIGIN });
      for (let i = 0; i < 3; i++) widget.send({ type: "subscribe", conversationId, afterSeq: 0 });
      assert.equal((await widget.closed).code, 1008);
      const refusal = widget.ofType("error").find((f) => errorCodeOf(f) === "rate.limited");
      assert.ok(refusal, "a rate.limited frame before the close");
      assert.ok(ZWidgetRealtimeServerFrame.safeParse(refusal).success, "a protocol frame");
      assert.equal((refusal.error as { retryAfterSeconds?: unknown }).retryAfterSeconds, 20);
    } finally {
      await limited.close();
    }
  });

  // Attack: a visitor writing into another visitor's conversation by its id.
  it("answers not_found for another visitor's conversation and stores nothing there", async () => {
    const mine = await ws.startVisitorConversation();
    const theirs = await ws.startVisitorConversation();
    const widget = await openWidget(mine.visitor);
    const refused = await sendOver(widget, { conversationId: theirs.conversationId, body: "let me in" });
    assert.equal(errorCodeOf(refused), "resource.not_found");
    assert.deepEqual(await storedOf(theirs.visitor, theirs.conversationId), []);
    const overHttp = await postMessage(mine.visitor, {
      conversationId: theirs.conversationId,
      body: "let me in",
      clientMessageId: randomUUID(),
    });
    assert.equal(overHttp.status, 404);
    assert.deepEqual(await storedOf(theirs.visitor, theirs.conversationId), []);
    // Legitimate use on the same connection still works.
    assert.equal(
      (await sendOver(widget, { conversationId: mine.conversationId, body: "mine" })).type,
      "sent",
    );
  });

  it("refuses a send to a closed conversation with resource.conflict, as the POST does", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    await closeConversation(authDepsOf(ws.hub), ws.manager.actor, { conversationId });
    const widget = await openWidget(visitor);
    assert.equal(
      errorCodeOf(await sendOver(widget, { conversationId, body: "hello?" })),
      "resource.conflict",
    );
    const overHttp = await postMessage(visitor, {
      conversationId,
      body: "hello?",
      clientMessageId: randomUUID(),
    });
    assert.equal(overHttp.status, 409);
    assert.deepEqual(await storedOf(visitor, conversationId), []);
  });

  // Attack: a visitor keeps chatting into a conversation that was closed a moment ago, because the
  // realtime server kept its row from the previous send (send-store.ts). The row is changed here
  // without any bus event, so only the store's write watch can tell the cache.
  it("refuses the next send once the conversation was closed, even right after a send and without a bus event", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    assert.equal((await sendOver(widget, { conversationId, body: "still open" })).type, "sent");
    await ws.hub.store
      .scoped(ws.workspaceId)
      .conversations.update(conversationId, { status: "closed", closedAt: new Date(clock) });
    assert.equal(
      errorCodeOf(await sendOver(widget, { conversationId, body: "after closing" })),
      "resource.conflict",
    );
    assert.deepEqual(
      (await storedOf(visitor, conversationId)).map((m) => m.body),
      ["still open"],
    );
  });

  // Attack: a message stored for a visitor whose row is gone (erased) under the key id the realtime
  // server kept from their previous send. Deleted here without any bus event.
  it("refuses the next send once the visitor's row is gone, even right after a send, and stores nothing", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    assert.equal((await sendOver(widget, { conversationId, body: "before" })).type, "sent");
    const scope = ws.hub.store.scoped(ws.workspaceId);
    assert.equal(await scope.visitors.delete(visitor.visitorId), true);
    assert.equal(
      errorCodeOf(await sendOver(widget, { conversationId, body: "after the erasure" })),
      "resource.gone",
    );
    assert.equal(await scope.messages.count(conversationId), 1);
  });

  // Attack: an email reaches the database after an admin turned masking before storage on, because
  // the realtime server kept the policies it stored the visitor's previous send under. The policy
  // is put here without any bus event.
  it("stores the next send under a policy changed right after a send: masked before storage", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    const first = await sendOver(widget, { conversationId, body: "mail me at ada@example.com" });
    assert.equal(first.type, "sent");
    const policies = ws.hub.store.scoped(ws.workspaceId).policies;
    const scope = { type: "site" as const, id: ws.siteId };
    await policies.put(scope, { redaction: { mode: "mask-before-storage" } });
    try {
      assert.equal((await sendOver(widget, { conversationId, body: "or bob@example.com" })).type, "sent");
      const [before, after] = (await storedOf(visitor, conversationId)).map((m) => m.body);
      assert.equal(before, "mail me at ada@example.com");
      assert.ok(after?.startsWith("or "), "the second message is stored");
      assert.ok(!after?.includes("bob@example.com"), "its email never reached the database");
    } finally {
      await policies.delete(scope);
    }
  });

  it("keeps accepting a visitor's sends while their conversation and row stay as they were", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    for (const body of ["one", "two", "three"]) {
      assert.equal((await sendOver(widget, { conversationId, body })).type, "sent");
    }
    assert.deepEqual(
      (await storedOf(visitor, conversationId)).map((m) => m.body),
      ["one", "two", "three"],
    );
  });

  it("tells a send before auth to authenticate, keeps the connection, and takes the send after auth", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await open({ Origin: TEST_ORIGIN });
    const request = { conversationId, body: "too early", clientMessageId: randomUUID() };
    const early = await sendOver(widget, request);
    assert.equal(errorCodeOf(early), "auth.required");
    assert.deepEqual(await storedOf(visitor, conversationId), []);
    widget.send({ type: "auth", visitorToken: ws.visitorToken(visitor), origin: SITE_ORIGIN });
    assert.equal((await sendOver(widget, request)).type, "sent");
  });

  it("refuses a send once the token expired, as the POST does (auth.required), and ends the session", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const now = clock;
    const token = signVisitorToken(ws.hub.widgetTokenKey, {
      workspaceId: ws.workspaceId,
      siteId: ws.siteId,
      visitorId: visitor.visitorId,
      origin: SITE_ORIGIN,
      persistent: false,
      issuedAt: new Date(now),
      expiresAt: new Date(now + 60_000),
    });
    const widget = await openWidget(visitor, token);
    assert.equal((await sendOver(widget, { conversationId, body: "in time" })).type, "sent");
    clock += 60_000;
    const late = await sendOver(widget, { conversationId, body: "too late" });
    assert.equal(errorCodeOf(late), "auth.required");
    assert.equal((await widget.closed).code, CLOSE_WIDGET_REFUSED);
    const overHttp = await postMessage(
      visitor,
      { conversationId, body: "too late", clientMessageId: randomUUID() },
      token,
    );
    assert.equal(overHttp.status, 401);
    assert.deepEqual(
      (await storedOf(visitor, conversationId)).map((m) => m.body),
      ["in time"],
    );
  });

  // Attack: a live widget on a page whose domain an admin has just removed keeps chatting.
  it("refuses a send once the page's domain was removed from the site, as the POST does", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    assert.equal((await sendOver(widget, { conversationId, body: "allowed" })).type, "sent");
    const sites = ws.hub.store.scoped(ws.workspaceId).sites;
    await sites.update(ws.siteId, { allowedDomains: ["other.example.com"] });
    try {
      const refused = await sendOver(widget, { conversationId, body: "not any more" });
      assert.equal(errorCodeOf(refused), "access.origin_not_allowed");
      assert.equal((await widget.closed).code, CLOSE_WIDGET_REFUSED);
      const overHttp = await postMessage(visitor, {
        conversationId,
        body: "x",
        clientMessageId: randomUUID(),
      });
      assert.equal(overHttp.status, 403);
    } finally {
      await sites.update(ws.siteId, { allowedDomains: ["shop.example.com"] });
    }
    assert.deepEqual(
      (await storedOf(visitor, conversationId)).map((m) => m.body),
      ["allowed"],
    );
  });

  it("delivers a message sent over the widget's socket live to an agent's console", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation({ name: "Vera Visitor" });
    const alice = await open({ Origin: TEST_ORIGIN, Cookie: (await ws.signIn(ws.alice)).header() });
    alice.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await alice.waitFor((f) => f.type === "conversation");
    const widget = await openWidget(visitor);
    const sent = await sendOver(widget, { conversationId, body: "Anyone there?" });
    assert.equal(sent.type, "sent");
    const [frame] = await alice.waitFor((f) => f.type === "message");
    const message = frame?.message as { id: string; body: string; author: unknown };
    assert.equal(frame?.conversationId, conversationId);
    assert.equal(message.id, messageOf(sent).id);
    assert.equal(message.body, "Anyone there?");
    assert.deepEqual(message.author, { type: "visitor", id: visitor.visitorId, name: "Vera Visitor" });
  });

  it("answers the sender with `sent` and no echo of its own messages, yet delivers a reply stored meanwhile", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation();
    const widget = await openWidget(visitor);
    widget.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await widget.waitFor((f) => f.type === "conversation");
    const first = await sendOver(widget, { conversationId, body: "first" });
    // The agent answers while the visitor's second message waits for the store.
    const hold = holdAppends(ws.hub.store);
    const clientMessageId = randomUUID();
    let reply: { seq: number };
    try {
      widget.send({ type: "send", conversationId, body: "second", clientMessageId });
      await hold.waiting;
      hold.restore();
      reply = await sendMessage(authDepsOf(ws.hub), ws.alice.actor, { conversationId, body: "Hello there" });
    } finally {
      hold.release();
      hold.restore();
    }
    const [second] = await widget.waitFor((f) => isAnswerTo(f, clientMessageId));
    const [delivered] = await widget.waitFor((f) => f.type === "message");
    const third = await sendOver(widget, { conversationId, body: "third" });
    await sleep(100);
    assert.deepEqual(
      [first, second, third].map((f) => [f?.type, messageOf(f).body, messageOf(f).seq]),
      [
        ["sent", "first", 1],
        ["sent", "second", 3],
        ["sent", "third", 4],
      ],
    );
    assert.equal(reply.seq, 2);
    assert.deepEqual(
      widget.frames.filter((f) => f.type === "message").map((f) => [messageOf(f).body, messageOf(f).seq]),
      [["Hello there", 2]],
      "the agent's reply once, and none of the visitor's own messages again",
    );
    assert.equal(messageOf(delivered).author, "agent");
  });

  describe("with the Big List of Naughty Strings", () => {
    // Attack: hostile text in every field of a send frame, and as the frame itself, looking for a
    // crash, a dropped connection, an answer outside the protocol, or text stored altered.
    it("stores every string as a body verbatim or refuses it with request.invalid naming the send", async () => {
      const corpus = loadNaughtyStrings();
      const { visitor, conversationId } = await ws.startVisitorConversation();
      const widget = await openWidget(visitor);
      const accepted: string[] = [];
      for (const [index, body] of corpus.entries()) {
        clock += 1000; // one message a second: the fuzz must not be cut off by the rate limit
        const answer = await sendOver(widget, { conversationId, body });
        if (answer.type === "sent") {
          assert.equal(messageOf(answer).body, body, `string ${index} came back changed`);
          accepted.push(body);
        } else {
          assert.equal(errorCodeOf(answer), "request.invalid", `string ${index}`);
          assert.equal(
            ZWidgetSendMessageRequest.shape.body.safeParse(body).success,
            false,
            `string ${index}`,
          );
        }
      }
      assert.ok(accepted.length > 400, `most strings are ordinary text (${accepted.length} accepted)`);
      assert.deepEqual(
        (await storedOf(visitor, conversationId)).map((m) => m.body),
        accepted,
      );
    });

    it("refuses every string as a clientMessageId, conversationId or whole frame, and keeps the connection", async () => {
      const corpus = loadNaughtyStrings();
      const { visitor, conversationId } = await ws.startVisitorConversation();
      const widget = await openWidget(visitor);
      const errors = () => widget.frames.filter((f) => f.type === "error");
      const expectError = async (frame: unknown, what: string) => {
        const before = errors().length;
        widget.send(frame);
        const [error] = (await widget.waitFor((f) => f.type === "error", before + 1)).slice(before);
        assert.equal(errorCodeOf(error), "request.invalid", what);
        assert.ok(ZWidgetRealtimeServerFrame.safeParse(error).success, `${what}: a protocol frame`);
        return error;
      };
      for (const [index, value] of corpus.entries()) {
        const unnamed = await expectError(
          { type: "send", conversationId, body: "hi", clientMessageId: value },
          `string ${index} as clientMessageId`,
        );
        assert.equal(unnamed?.clientMessageId, undefined, "an invalid id is never echoed");
        const named = await expectError(
          { type: "send", conversationId: value, body: "hi", clientMessageId: randomUUID() },
          `string ${index} as conversationId`,
        );
        assert.equal(typeof named?.clientMessageId, "string");
        await expectError(value, `string ${index} as the frame`);
      }
      assert.deepEqual(await storedOf(visitor, conversationId), [], "nothing was stored");
      assert.equal(widget.socket.readyState, widget.socket.OPEN);
      assert.equal((await sendOver(widget, { conversationId, body: "still fine" })).type, "sent");
    });
  });
});
