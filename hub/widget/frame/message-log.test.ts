import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import type { TWidgetMessage } from "@tawkster/core/widget";
import { MessageLog } from "./message-log";

const conversationA = randomUUID();
const conversationB = randomUUID();

function message(seq: number, overrides: Partial<TWidgetMessage> = {}): TWidgetMessage {
  return {
    id: randomUUID(),
    seq,
    author: "agent",
    agentName: null,
    body: `m${seq}`,
    createdAt: "2025-06-01T12:00:00.000Z",
    ...overrides,
  };
}

describe("MessageLog", () => {
  it("orders by seq and drops duplicates by id and by seq (history and feed overlap)", () => {
    const log = new MessageLog();
    const [m1, m2, m3] = [message(1), message(2), message(3)];
    assert.equal(log.merge(conversationA, [m3, m1]), true);
    assert.equal(log.merge(conversationA, [m1, m2, m3]), true);
    assert.equal(log.merge(conversationA, [m2, { ...m3, id: randomUUID() }]), false);
    assert.deepEqual(
      log.list().map((item) => item.body),
      ["m1", "m2", "m3"],
    );
    assert.equal(log.lastSeq(conversationA), 3);
    assert.equal(log.lastSeq(conversationB), 0);
  });

  it("keeps conversations apart (seq restarts in a new one) and in the order they appeared", () => {
    const log = new MessageLog();
    log.merge(conversationA, [message(1), message(2)]);
    log.merge(conversationB, [message(1, { body: "b1" })]);
    assert.deepEqual(
      log.list().map((item) => item.body),
      ["m1", "m2", "b1"],
    );
    assert.equal(log.lastSeq(conversationB), 1);
  });

  it("shows a sent message as sending until acknowledged, under one key throughout", () => {
    const log = new MessageLog();
    log.addPending("c1", "hello");
    assert.deepEqual(
      log.list().map(({ key, status }) => ({ key, status })),
      [{ key: "c1", status: "sending" }],
    );
    log.confirm(conversationA, "c1", message(1, { author: "visitor", body: "hello" }));
    assert.deepEqual(
      log.list().map(({ key, status }) => ({ key, status })),
      [{ key: "c1", status: "sent" }],
    );
  });

  it("does not show the visitor's message twice when the feed echoes it before the 201", () => {
    const log = new MessageLog();
    log.addPending("c1", "hello");
    const stored = message(1, { author: "visitor", body: "hello" });
    log.merge(conversationA, [stored]);
    log.confirm(conversationA, "c1", stored);
    assert.deepEqual(
      log.list().map(({ key, status }) => ({ key, status })),
      [{ key: "c1", status: "sent" }],
    );
  });

  it("marks a failed message for retry and keeps its body", () => {
    const log = new MessageLog();
    log.addPending("c1", "hello");
    log.setPendingStatus("c1", "failed");
    assert.equal(log.list()[0]?.status, "failed");
    assert.equal(log.list()[0]?.clientMessageId, "c1");
    assert.equal(log.pendingBody("c1"), "hello");
    assert.equal(log.pendingBody("nope"), null);
  });

  it("keeps unsent messages after the stored ones", () => {
    const log = new MessageLog();
    log.addPending("c1", "mine");
    log.merge(conversationA, [message(1)]);
    assert.deepEqual(
      log.list().map((item) => item.body),
      ["m1", "mine"],
    );
  });
});
