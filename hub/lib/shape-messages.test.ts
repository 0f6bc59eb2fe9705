import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type TMessage, ZConsoleServerFrame } from "@tawkster/core/schemas";
import type { ScopedStore } from "@tawkster/core/store";
import { ZWidgetRealtimeServerFrame } from "@tawkster/core/widget";
import {
  toConsoleMessages,
  toConsoleMessagesNow,
  toWidgetMessages,
  toWidgetMessagesNow,
} from "./shape-messages";

const MEMBER_ID = "5b0c3f39-2f8e-4a43-9a53-0d3c2b1f6a11";
const VISITOR_ID = "c7d5e2a0-51b4-4a8e-8f8e-2f7f4f0b9c22";
const CONVERSATION_ID = "0e0d4c59-6d0e-4f3b-a7c5-7f5d9f2b7e33";

/** A message as core hands it over, with the fields no client may see (workspace, conversation). */
function message(seq: number, author: TMessage["author"]): TMessage {
  return {
    id: `9a0f1c2e-0d1b-4c5e-8f7a-${String(seq).padStart(12, "0")}`,
    workspaceId: "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10",
    conversationId: CONVERSATION_ID,
    seq,
    author,
    body: `body ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)),
  };
}

const scope = {
  members: { get: async (id: string) => (id === MEMBER_ID ? { id, name: "Alice Agent" } : null) },
} as unknown as ScopedStore;

const messages = [
  message(1, { type: "visitor", id: VISITOR_ID }),
  message(2, { type: "member", id: MEMBER_ID }),
  message(3, { type: "system" }),
];

// The realtime layer sends the shapers' output without parsing it again (send-frame.ts): each
// frame must be exactly what the protocol's schema would let through, nothing more.
describe("message shapers", () => {
  it("shape widget messages as the widget protocol names them, with no agent id", async () => {
    const shaped = await toWidgetMessages(scope, messages);
    for (const item of shaped) {
      const frame = { type: "message" as const, message: item };
      assert.deepEqual(ZWidgetRealtimeServerFrame.parse(frame), frame);
    }
    assert.deepEqual(
      shaped.map((m) => [m.author, m.agentName]),
      [
        ["visitor", undefined],
        ["agent", "Alice Agent"],
        ["system", undefined],
      ],
    );
    assert.doesNotMatch(JSON.stringify(shaped), new RegExp(`${MEMBER_ID}|workspaceId|conversationId`));
  });

  it("shape console messages as the console protocol names them, with the authors' names", async () => {
    const shaped = await toConsoleMessages(scope, messages, "Vera Visitor");
    for (const item of shaped) {
      const frame = { type: "message" as const, conversationId: CONVERSATION_ID, message: item };
      assert.deepEqual(ZConsoleServerFrame.parse(frame), frame);
    }
    assert.deepEqual(
      shaped.map((m) => m.author),
      [
        { type: "visitor", id: VISITOR_ID, name: "Vera Visitor" },
        { type: "member", id: MEMBER_ID, name: "Alice Agent" },
        { type: "system", id: null, name: null },
      ],
    );
  });

  it("shape without waiting exactly as they shape when no member's name is needed, and decline otherwise", async () => {
    const noMember = messages.filter((m) => m.author.type !== "member");
    assert.deepEqual(toWidgetMessagesNow(noMember), await toWidgetMessages(scope, noMember));
    assert.deepEqual(
      toConsoleMessagesNow(noMember, "Vera Visitor"),
      await toConsoleMessages(scope, noMember, "Vera Visitor"),
    );
    assert.equal(toWidgetMessagesNow(messages), null);
    assert.equal(toConsoleMessagesNow(messages, "Vera Visitor"), null);
  });
});
