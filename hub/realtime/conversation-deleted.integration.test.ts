import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { eraseVisitors, runRetention } from "@tawkster/core/lifecycle";
import type { TVisitorActor } from "@tawkster/core/rbac";
import { MAX_INBOX_IDS } from "@tawkster/core/schemas";
import { createTestWorkspace, SITE_ORIGIN, type TTestWorkspace } from "../api/routes/test-workspace";
import { authDepsOf } from "../lib/auth/auth-deps";
import { TEST_ORIGIN } from "../lib/auth/test-hub";
import { startTestRealtime, type TTestRealtime } from "./test-realtime-server";
import { errorCodeOf, type TestSocket } from "./test-socket";

const DAY_MS = 86_400_000;

/** The `error.message` of an error frame ("" for anything else). */
function errorMessageOf(frame: { type: string; [key: string]: unknown } | undefined): string {
  const error = frame?.error as { message?: unknown } | undefined;
  return typeof error?.message === "string" ? error.message : "";
}

/**
 * A conversation deleted under open clients (a visitor's erasure, or retention): the consoles
 * following it and the visitor's widget lose it at once with `resource.gone`, the inboxes that
 * listed it hear `inbox-changed` so the row goes, and nobody else hears anything.
 */
describe("realtime: a conversation erased or purged while it is open", () => {
  let ws: TTestWorkspace;
  let rt: TTestRealtime;
  let aliceCookie: string;
  let bobCookie: string;
  let managerCookie: string;

  before(async () => {
    ws = await createTestWorkspace();
    aliceCookie = (await ws.signIn(ws.alice)).header();
    bobCookie = (await ws.signIn(ws.bob)).header();
    managerCookie = (await ws.signIn(ws.manager)).header();
  });
  after(async () => ws.dispose());

  beforeEach(async () => {
    rt = await startTestRealtime(ws.hub, { heartbeatMs: 250, authTimeoutMs: 400 });
  });
  afterEach(() => rt.close());

  const open = (headers: Record<string, string>) => rt.open(headers);
  const asConsole = (cookie: string) => open({ Origin: TEST_ORIGIN, Cookie: cookie });

  /**
   * A visitor chatting in General with their widget open, Alice following the chat and watching
   * the inbox, Maria (manager) watching the inbox only, Bob (Billing) watching his.
   */
  async function openEverything() {
    const { visitor, conversationId } = await ws.startVisitorConversation({ name: "Dora Doomed" });
    const alice = await asConsole(aliceCookie);
    const maria = await asConsole(managerCookie);
    const bob = await asConsole(bobCookie);
    for (const socket of [alice, maria, bob]) socket.send({ type: "watch-inbox" });
    alice.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await alice.waitFor((f) => f.type === "conversation");
    const widget = await open({ Origin: TEST_ORIGIN });
    widget.send({ type: "auth", visitorToken: ws.visitorToken(visitor), origin: SITE_ORIGIN });
    widget.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await widget.waitFor((f) => f.type === "conversation");
    await bob.settle();
    // The message tells both inboxes of General about the chat, so they list it.
    await ws.sendAsVisitor(visitor, conversationId, "Dora's diagnosis is nephrolithiasis");
    await alice.waitFor((f) => f.type === "message" && f.conversationId === conversationId);
    await widget.waitFor((f) => f.type === "message");
    await maria.waitFor((f) => f.type === "inbox-changed" && f.conversationId === conversationId);
    // (The widget protocol has no ping: its frames are awaited instead.)
    for (const socket of [alice, maria, bob]) await socket.settle();
    const mark = { alice: alice.frames.length, maria: maria.frames.length, bob: bob.frames.length };
    return { visitor, conversationId, alice, maria, bob, widget, mark };
  }

  /** Another chat Alice follows, which must not be touched. */
  async function followAnother(alice: TestSocket) {
    const other = await ws.startVisitorConversation();
    alice.send({ type: "subscribe", conversationId: other.conversationId, afterSeq: 0 });
    await alice.waitFor(
      (f) => f.type === "conversation" && (f.conversation as { id: string }).id === other.conversationId,
    );
    return other;
  }

  /** Waits for one more frame matching `predicate` than had arrived by `mark`. */
  const waitForNew = (
    socket: TestSocket,
    mark: number,
    predicate: (f: { type: string; [k: string]: unknown }) => boolean,
  ) => socket.waitFor(predicate, socket.frames.slice(0, mark).filter(predicate).length + 1);

  type TOpen = Awaited<ReturnType<typeof openEverything>>;

  /** What every connection must have received once the conversation is gone. */
  async function expectLetGo(
    world: TOpen,
    other: { visitor: TVisitorActor; conversationId: string },
  ): Promise<void> {
    const { conversationId, alice, maria, bob, widget, mark } = world;
    const isGone = (f: { type: string }) => f.type === "error" && errorCodeOf(f) === "resource.gone";
    const [aliceGone] = await alice.waitFor(isGone);
    assert.match(errorMessageOf(aliceGone), new RegExp(conversationId));
    const [widgetGone] = await widget.waitFor(isGone);
    assert.match(errorMessageOf(widgetGone), new RegExp(conversationId));
    const isNotice = (f: { type: string; conversationId?: unknown }) =>
      f.type === "inbox-changed" && f.conversationId === conversationId;
    await waitForNew(alice, mark.alice, isNotice);
    await waitForNew(maria, mark.maria, isNotice);
    for (const socket of [alice, maria, bob]) await socket.settle();

    // Exactly one error each, for that conversation; the manager (not following it) gets none, and
    // one notice about it (the other chat started meanwhile is news of its own).
    assert.deepEqual(alice.ofType("error").map(errorCodeOf), ["resource.gone"]);
    assert.deepEqual(widget.ofType("error").map(errorCodeOf), ["resource.gone"]);
    assert.deepEqual(
      maria.frames.slice(mark.maria).filter((f) => f.type === "error" || f.conversationId === conversationId),
      [{ type: "inbox-changed", conversationId }],
    );
    // Bob's inbox never listed it: he learns nothing, not even that it existed.
    assert.deepEqual(
      bob.frames.slice(mark.bob).filter((f) => f.type !== "pong"),
      [],
    );
    // Ids only: nothing of what was said reaches anyone with the news.
    assert.doesNotMatch(
      JSON.stringify([...alice.frames.slice(mark.alice), ...maria.frames, ...widget.ofType("error")]),
      /nephrolithiasis|Dora/,
    );

    // The subscription is over, the connections are not: Alice still follows the other chat.
    await ws.sendAsVisitor(other.visitor, other.conversationId, "still here");
    await alice.waitFor((f) => f.type === "message" && f.conversationId === other.conversationId);
    assert.ok(
      alice.frames
        .slice(mark.alice)
        .every((f) => f.type !== "message" || f.conversationId !== conversationId),
    );
  }

  it("ends the subscriptions and clears the inboxes when the visitor is erased", async () => {
    const world = await openEverything();
    const other = await followAnother(world.alice);
    world.mark.alice = world.alice.frames.length;
    await eraseVisitors(ws.hub, ws.admin.actor, { visitorIds: [world.visitor.visitorId], source: "console" });
    await expectLetGo(world, other);
    assert.match(errorMessageOf(world.alice.ofType("error")[0]), /erased/);
  });

  it("does the same when retention purges the conversation", async () => {
    const world = await openEverything();
    await ws.hub.store.scoped(ws.workspaceId).policies.put(
      { type: "workspace" },
      {
        retention: { conversationDays: 30 },
      },
    );
    try {
      // Forty days on, every conversation of the workspace is due: the chat Alice follows besides
      // is started after the purge, so that it stays.
      const run = await runRetention(authDepsOf(ws.hub), {
        now: new Date(Date.now() + 40 * DAY_MS),
        workspaceId: ws.workspaceId,
        batchSize: 1,
      });
      assert.ok(run.workspaces[0]?.conversationIds.includes(world.conversationId));
      await expectLetGo(world, await followAnother(world.alice));
      assert.match(errorMessageOf(world.alice.ofType("error")[0]), /deleted by the retention policy/);
    } finally {
      await ws.hub.store.scoped(ws.workspaceId).policies.put(
        { type: "workspace" },
        {
          retention: { conversationDays: null },
        },
      );
    }
  });

  // An inbox page rendered on the server lists conversations its socket was never told of: the ids
  // it names when it starts watching are what make it hear of their deletion.
  it("clears a listed row of an inbox that only knew it from the page it rendered", async () => {
    const { visitor, conversationId } = await ws.startVisitorConversation({ name: "Dora Doomed" });
    await ws.sendAsVisitor(visitor, conversationId, "before anyone watched");
    const maria = await asConsole(managerCookie);
    const bob = await asConsole(bobCookie);
    // Bob names it too (another department's id): he must learn nothing from that.
    for (const socket of [maria, bob])
      socket.send({ type: "watch-inbox", conversationIds: [conversationId] });
    for (const socket of [maria, bob]) await socket.settle();
    const mark = { maria: maria.frames.length, bob: bob.frames.length };
    await eraseVisitors(ws.hub, ws.admin.actor, { visitorIds: [visitor.visitorId], source: "console" });
    await maria.waitFor((f) => f.type === "inbox-changed" && f.conversationId === conversationId);
    for (const socket of [maria, bob]) await socket.settle();
    assert.deepEqual(
      maria.frames.slice(mark.maria).filter((f) => f.type !== "pong"),
      [{ type: "inbox-changed", conversationId }],
    );
    assert.deepEqual(
      bob.frames.slice(mark.bob).filter((f) => f.type !== "pong"),
      [],
    );
  });

  it("refuses a watch-inbox naming more conversations than an inbox remembers", async () => {
    const maria = await asConsole(managerCookie);
    const ids = Array.from({ length: MAX_INBOX_IDS + 1 }, () => randomUUID());
    maria.send({ type: "watch-inbox", conversationIds: ids });
    const [refusal] = await maria.waitFor((f) => f.type === "error");
    assert.equal(errorCodeOf(refusal), "request.invalid");
  });
});
