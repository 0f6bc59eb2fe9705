import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TWidgetMessage } from "@tawkster/core/widget";
import { RecentMessages, type TRecentSend } from "./recent-messages";

function sendOf(body: string): TRecentSend {
  return { conversationId: "c", body, result: Promise.resolve({ body } as TWidgetMessage) };
}

describe("RecentMessages", () => {
  // Attack: a client inventing a new clientMessageId (or visitor) per request to grow the map.
  it("keeps at most maxPerVisitor ids per visitor and maxVisitors visitors, oldest out first", () => {
    const recent = new RecentMessages({ maxVisitors: 3, maxPerVisitor: 2 });
    for (let i = 0; i < 5; i++) recent.set("v1", `m${i}`, sendOf(`${i}`));
    assert.equal(recent.countOf("v1"), 2);
    assert.equal(recent.get("v1", "m0"), undefined);
    assert.equal(recent.get("v1", "m4")?.body, "4");
    for (const visitor of ["v2", "v3", "v4"]) recent.set(visitor, "m", sendOf(visitor));
    assert.equal(recent.visitorCount, 3);
    assert.equal(recent.get("v1", "m4"), undefined, "the least recently used visitor went first");
  });

  it("keeps a visitor that is still in use and forgets only the send it is told to", () => {
    const recent = new RecentMessages({ maxVisitors: 2 });
    const a = sendOf("a");
    recent.set("v1", "m", a);
    recent.set("v2", "m", sendOf("b"));
    recent.get("v1", "m");
    recent.set("v3", "m", sendOf("c"));
    assert.equal(recent.get("v1", "m"), a, "v1 was used more recently than v2");
    assert.equal(recent.get("v2", "m"), undefined);
    recent.delete("v1", "m", sendOf("a"));
    assert.equal(recent.get("v1", "m"), a, "another send object is not this one");
    recent.delete("v1", "m", a);
    assert.equal(recent.get("v1", "m"), undefined);
  });
});
