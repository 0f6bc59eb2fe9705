import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import {
  ZWidgetConsentResponse,
  ZWidgetListMessagesResponse,
  ZWidgetRealtimeServerFrame,
  ZWidgetSendMessageResponse,
  ZWidgetSessionResponse,
} from "@tawkster/core/widget";
import {
  readConsentResponse,
  readErrorCode,
  readListMessagesResponse,
  readSendMessageResponse,
  readServerFrame,
  readSessionResponse,
} from "./read-responses";

const token = "v1.eyJ4IjoxfQ.c2lnbmF0dXJl";
const conversation = { id: randomUUID(), status: "open" };
const message = {
  id: randomUUID(),
  seq: 1,
  author: "agent",
  agentName: "Sam",
  body: "Hi <b>there</b>",
  createdAt: "2025-06-01T12:00:00.000Z",
};
const session = {
  visitorToken: token,
  visitorId: randomUUID(),
  persistent: false,
  site: { name: "Shop", privacyPolicyUrl: "https://shop.example.com/privacy", consentMode: "essential" },
  conversation,
  identityVerified: false,
};

/** Each reader paired with the core schema of the same answer: they must agree on every sample. */
const pairs = [
  {
    name: "session",
    read: readSessionResponse,
    schema: ZWidgetSessionResponse,
    good: [session, { ...session, conversation: null, site: { ...session.site, privacyPolicyUrl: null } }],
    bad: [
      { ...session, visitorToken: "nope" },
      { ...session, site: { ...session.site, privacyPolicyUrl: "javascript:alert(1)" } },
      { ...session, site: { ...session.site, consentMode: "everything" } },
      { ...session, conversation: { id: "1", status: "open" } },
      { ...session, persistent: "yes" },
      null,
    ],
  },
  {
    name: "send message",
    read: readSendMessageResponse,
    schema: ZWidgetSendMessageResponse,
    good: [{ message }, { message: { ...message, author: "visitor", agentName: undefined } }],
    bad: [
      { message: { ...message, seq: 0 } },
      { message: { ...message, author: "member" } },
      { message: { ...message, body: "" } },
    ],
  },
  {
    name: "message listing",
    read: readListMessagesResponse,
    schema: ZWidgetListMessagesResponse,
    good: [
      { messages: [message], conversation },
      { messages: [], conversation },
    ],
    bad: [
      { messages: [{ ...message, id: 5 }], conversation },
      { messages: [message] },
      { messages: "x", conversation },
    ],
  },
  {
    name: "consent",
    read: readConsentResponse,
    schema: ZWidgetConsentResponse,
    good: [{ persistent: true, visitorToken: token }],
    bad: [{ persistent: true }, { persistent: 1, visitorToken: token }],
  },
  {
    name: "realtime frame",
    read: readServerFrame,
    schema: ZWidgetRealtimeServerFrame,
    good: [
      { type: "message", message },
      { type: "conversation", conversation: { ...conversation, status: "closed" } },
      { type: "error", error: { code: "auth.required", message: "Log in again." } },
      { type: "sent", clientMessageId: randomUUID(), message: { ...message, author: "visitor" } },
      { type: "error", clientMessageId: randomUUID(), error: { code: "rate.limited", message: "Wait." } },
      { type: "error", error: { code: "rate.limited", message: "Wait.", retryAfterSeconds: 7 } },
    ],
    bad: [
      { type: "message", message: { ...message, createdAt: "soon" } },
      { type: "eval" },
      { type: "error", error: {} },
      { type: "sent", message },
      { type: "sent", clientMessageId: "1", message },
      { type: "sent", clientMessageId: randomUUID(), message: { ...message, seq: 0 } },
      { type: "error", clientMessageId: "<img src=x>", error: { code: "x", message: "y" } },
      { type: "error", clientMessageId: null, error: { code: "x", message: "y" } },
      { type: "error", error: { code: "rate.limited", message: "Wait.", retryAfterSeconds: 0 } },
      { type: "error", error: { code: "rate.limited", message: "Wait.", retryAfterSeconds: 1.5 } },
      { type: "error", error: { code: "rate.limited", message: "Wait.", retryAfterSeconds: "7" } },
      { type: "error", error: { code: "rate.limited", message: "Wait.", retryAfterSeconds: 86_401 } },
    ],
  },
];

describe("frame response readers", () => {
  for (const { name, read, schema, good, bad } of pairs) {
    it(`accept what the core schema accepts: ${name}`, () => {
      for (const value of good) {
        assert.ok(schema.safeParse(value).success, `core refused ${JSON.stringify(value)}`);
        assert.notEqual(read(value), null, JSON.stringify(value));
      }
    });

    it(`refuse what the core schema refuses: ${name}`, () => {
      for (const value of bad) {
        assert.equal(schema.safeParse(value).success, false, `core accepted ${JSON.stringify(value)}`);
        assert.equal(read(value), null, JSON.stringify(value));
      }
    });
  }

  it("keeps the retry time of a rate.limited frame", () => {
    const frame = readServerFrame({
      type: "error",
      error: { code: "rate.limited", message: "W", retryAfterSeconds: 7 },
    });
    assert.deepEqual(frame, {
      type: "error",
      error: { code: "rate.limited", message: "W", retryAfterSeconds: 7 },
    });
  });

  it("reads the error code of a failed call", () => {
    assert.equal(readErrorCode({ error: { code: "auth.required", message: "x" } }), "auth.required");
    assert.equal(readErrorCode("<html>"), null);
  });
});
