import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createMemoryBus } from "../bus/create-memory-bus";
import { createKeyring, createVault } from "../crypto";
import type { TVisitorActor } from "../rbac/actors";
import { openSqliteStore } from "../store/sqlite";
import { closeConversation } from "./close-conversation";
import type { TChatDeps } from "./deps";
import { listMessages } from "./list-messages";
import { sendMessage } from "./send-message";
import { startConversation } from "./start-conversation";
import { createHarness, rejectsWithCode, type THarness } from "./test-harness";

describe("sendMessage with a clientMessageId: the database keeps one message per author and id", () => {
  let h: THarness;
  let vera: TVisitorActor;
  let otto: TVisitorActor;

  before(async () => {
    h = await createHarness();
    vera = await h.newVisitor({ name: "Vera" });
    otto = await h.newVisitor({ name: "Otto" });
  });
  after(() => h.dispose());

  const rowsOf = async (conversationId: string) =>
    (await h.store.scoped(h.workspaceId).messages.list(conversationId)).length;
  const createdEvents = (conversationId: string) =>
    h.events.filter((e) => e.type === "message.created" && e.conversationId === conversationId).length;

  it("returns the stored message for the same id again: one row, one event", async () => {
    const conversation = await startConversation(h.deps, vera, {});
    const clientMessageId = randomUUID();
    const input = { conversationId: conversation.id, body: "Where is my parcel?", clientMessageId };
    const first = await sendMessage(h.deps, vera, input);
    const again = await sendMessage(h.deps, vera, input);
    assert.deepEqual(again, first);
    assert.equal(await rowsOf(conversation.id), 1);
    assert.equal(createdEvents(conversation.id), 1, "a repeat is not announced again");
    // The next message, with a new id, gets the next seq (the refused duplicate used none).
    const next = await sendMessage(h.deps, vera, { ...input, body: "Hello?", clientMessageId: randomUUID() });
    assert.equal(next.seq, 2);
    const read = await listMessages(h.deps, vera, { conversationId: conversation.id });
    assert.deepEqual(
      read.messages.map((m) => m.body),
      ["Where is my parcel?", "Hello?"],
    );
  });

  it("keeps another visitor's message with the same id apart: neither sees nor blocks it", async () => {
    const clientMessageId = randomUUID();
    const veraConversation = await startConversation(h.deps, vera, {});
    const ottoConversation = await startConversation(h.deps, otto, {});
    const mine = await sendMessage(h.deps, vera, {
      conversationId: veraConversation.id,
      body: "Vera's private question",
      clientMessageId,
    });
    const theirs = await sendMessage(h.deps, otto, {
      conversationId: ottoConversation.id,
      body: "Otto's own question",
      clientMessageId,
    });
    assert.notEqual(theirs.id, mine.id);
    assert.equal(theirs.body, "Otto's own question");
    assert.deepEqual(theirs.author, { type: "visitor", id: otto.visitorId });
    assert.equal(await rowsOf(veraConversation.id), 1);
    assert.equal(await rowsOf(ottoConversation.id), 1);
    // Otto naming Vera's conversation with her id learns nothing about it.
    await rejectsWithCode(
      sendMessage(h.deps, otto, {
        conversationId: veraConversation.id,
        body: "Vera's private question",
        clientMessageId,
      }),
      "resource.not_found",
    );
  });

  it("stores one row when the same send arrives many times at once", async () => {
    const conversation = await startConversation(h.deps, vera, {});
    const input = {
      conversationId: conversation.id,
      body: "sent from two tabs",
      clientMessageId: randomUUID(),
    };
    const results = await Promise.all(Array.from({ length: 6 }, () => sendMessage(h.deps, vera, input)));
    assert.equal(new Set(results.map((m) => m.id)).size, 1);
    assert.deepEqual(
      results.map((m) => m.seq),
      [1, 1, 1, 1, 1, 1],
    );
    assert.equal(await rowsOf(conversation.id), 1);
    assert.equal(createdEvents(conversation.id), 1);
  });

  it("refuses the id reused for another body or conversation, and stores nothing", async () => {
    const conversation = await startConversation(h.deps, vera, {});
    const clientMessageId = randomUUID();
    await sendMessage(h.deps, vera, { conversationId: conversation.id, body: "first", clientMessageId });
    await rejectsWithCode(
      sendMessage(h.deps, vera, { conversationId: conversation.id, body: "changed", clientMessageId }),
      "resource.conflict",
    );
    const elsewhere = await startConversation(h.deps, vera, {});
    await rejectsWithCode(
      sendMessage(h.deps, vera, { conversationId: elsewhere.id, body: "first", clientMessageId }),
      "resource.conflict",
    );
    assert.equal(await rowsOf(conversation.id), 1);
    assert.equal(await rowsOf(elsewhere.id), 0);
  });

  it("still answers a retry with its message after the conversation closed", async () => {
    const conversation = await startConversation(h.deps, vera, {});
    const input = { conversationId: conversation.id, body: "bye", clientMessageId: randomUUID() };
    const sent = await sendMessage(h.deps, vera, input);
    await closeConversation(h.deps, vera, { conversationId: conversation.id });
    assert.deepEqual(await sendMessage(h.deps, vera, input), sent);
    await rejectsWithCode(
      sendMessage(h.deps, vera, { ...input, clientMessageId: randomUUID() }),
      "resource.conflict",
    );
  });

  it("recognises a repeat whose body was masked before storage, also once the conversation closed", async () => {
    await h.putPolicy({ redaction: { mode: "mask-before-storage" } });
    try {
      const conversation = await startConversation(h.deps, vera, {});
      const input = {
        conversationId: conversation.id,
        body: "Write to vera.visitor@example.com please",
        clientMessageId: randomUUID(),
      };
      const sent = await sendMessage(h.deps, vera, input);
      assert.ok(!sent.body.includes("vera.visitor@example.com"), "stored masked");
      assert.deepEqual(await sendMessage(h.deps, vera, input), sent);
      await closeConversation(h.deps, vera, { conversationId: conversation.id });
      assert.deepEqual(await sendMessage(h.deps, vera, input), sent);
      assert.equal(await rowsOf(conversation.id), 1);
    } finally {
      await h.putPolicy({ redaction: { mode: "off" } });
    }
  });

  it("refuses an empty, over-long or oddly spelled id with request.invalid", async () => {
    const conversation = await startConversation(h.deps, vera, {});
    for (const clientMessageId of ["", "x".repeat(65), "has space", "a/b", "é", "id\n"]) {
      await rejectsWithCode(
        sendMessage(h.deps, vera, { conversationId: conversation.id, body: "hi", clientMessageId }),
        "request.invalid",
      );
    }
    // What the widget sends (a UUID, either case) and any short token of the charset are fine.
    for (const clientMessageId of [randomUUID(), randomUUID().toUpperCase(), "x".repeat(64), "a_b-C9"]) {
      await sendMessage(h.deps, vera, { conversationId: conversation.id, body: "hi", clientMessageId });
    }
    assert.equal(await rowsOf(conversation.id), 4);
  });

  it("holds across two processes on one database: a send on one and its retry on the other store once", async () => {
    // A second hub instance: its own connection, driver, write lock and bus, the same file and key.
    const store = await openSqliteStore(h.dbPath);
    const other: TChatDeps = {
      store,
      vault: createVault({ keyring: createKeyring(h.masterKey), keys: store.keys }),
      bus: createMemoryBus(),
    };
    try {
      const conversation = await startConversation(h.deps, vera, {});
      const input = {
        conversationId: conversation.id,
        body: "socket, then POST",
        clientMessageId: randomUUID(),
      };
      const first = await sendMessage(h.deps, vera, input);
      assert.deepEqual(await sendMessage(other, vera, input), first);
      // And both at once, one on each.
      const racing = { ...input, body: "both at once", clientMessageId: randomUUID() };
      const [a, b] = await Promise.all([sendMessage(h.deps, vera, racing), sendMessage(other, vera, racing)]);
      assert.equal(a.id, b.id);
      assert.equal(await rowsOf(conversation.id), 2);
    } finally {
      await other.bus.close();
      await store.close();
    }
  });
});
