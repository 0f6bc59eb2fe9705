import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { ZClientMessageId } from "../schemas/message";
import {
  ZWidgetListMessagesQuery,
  ZWidgetMessage,
  ZWidgetOrigin,
  ZWidgetRealtimeClientFrame,
  ZWidgetRealtimeServerFrame,
  ZWidgetSendMessageRequest,
  ZWidgetSessionRequest,
  ZWidgetSessionResponse,
} from "./api-schemas";

const siteKey = "site_abcdefghijklmnopqrst";
const token = "v1.eyJ4IjoxfQ.c2lnbmF0dXJl";

describe("widget API schemas", () => {
  it("accepts a minimal and a full session request", () => {
    assert.ok(ZWidgetSessionRequest.safeParse({ siteKey }).success);
    const full = {
      siteKey,
      visitorToken: token,
      identity: { email: "alice@example.com", name: "Alice", userHash: "a".repeat(64) },
      consent: { functional: true },
    };
    assert.deepEqual(ZWidgetSessionRequest.parse(full), full);
  });

  it("refuses unknown fields and bad values in requests", () => {
    assert.equal(ZWidgetSessionRequest.safeParse({ siteKey, isAdmin: true }).success, false);
    assert.equal(ZWidgetSessionRequest.safeParse({ siteKey: "site_x" }).success, false);
    assert.equal(
      ZWidgetSessionRequest.safeParse({ siteKey, identity: { email: "a@b.co", userHash: "xyz" } }).success,
      false,
    );
    const message = { conversationId: randomUUID(), body: "hi", clientMessageId: randomUUID() };
    assert.ok(ZWidgetSendMessageRequest.safeParse(message).success);
    assert.equal(ZWidgetSendMessageRequest.safeParse({ ...message, body: "  " }).success, false);
    assert.equal(ZWidgetSendMessageRequest.safeParse({ ...message, clientMessageId: "1" }).success, false);
  });

  it("accepts as a clientMessageId only what core stores as one (a UUID, 36 characters at most)", () => {
    const uuid = randomUUID();
    const candidates = [
      uuid,
      uuid.toUpperCase(),
      "00000000-0000-0000-0000-000000000000",
      `${uuid}0`,
      `{${uuid}}`,
      `urn:uuid:${uuid}`,
      uuid.replaceAll("-", ""),
      `${uuid.slice(0, 35)}\u0000`,
      "x".repeat(64),
    ];
    const widget = ZWidgetSendMessageRequest.shape.clientMessageId;
    for (const id of candidates) {
      if (widget.safeParse(id).success) {
        assert.ok(ZClientMessageId.safeParse(id).success, `${id} passes the widget edge but not core`);
        assert.ok(id.length <= 36);
      }
    }
    assert.ok(widget.safeParse(uuid).success && widget.safeParse(uuid.toUpperCase()).success);
  });

  it("refuses a privacy policy link that is not http(s), so the frame never renders javascript: URLs", () => {
    const response = {
      visitorToken: token,
      visitorId: randomUUID(),
      persistent: false,
      site: { name: "Shop", privacyPolicyUrl: "https://shop.example.com/privacy", consentMode: "essential" },
      conversation: null,
      identityVerified: false,
    };
    assert.ok(ZWidgetSessionResponse.safeParse(response).success);
    const hostile = { ...response, site: { ...response.site, privacyPolicyUrl: "javascript:alert(1)" } };
    assert.equal(ZWidgetSessionResponse.safeParse(hostile).success, false);
  });

  it("reads the message listing query from a URL", () => {
    const id = randomUUID();
    const query = (search: string) =>
      ZWidgetListMessagesQuery.safeParse(Object.fromEntries(new URLSearchParams(search)));
    assert.deepEqual(query(`conversationId=${id}&afterSeq=12`).data, { conversationId: id, afterSeq: 12 });
    assert.deepEqual(query(`conversationId=${id}`).data, { conversationId: id, afterSeq: 0 });
    for (const bad of [
      `conversationId=${id}&afterSeq=-1`,
      `conversationId=${id}&afterSeq=1e3`,
      "afterSeq=1",
    ]) {
      assert.equal(query(bad).success, false, bad);
    }
  });

  it("accepts agent messages with and without a name", () => {
    const message = {
      id: randomUUID(),
      seq: 3,
      author: "agent",
      body: "Hello",
      createdAt: "2025-06-01T12:00:00.000Z",
    };
    assert.ok(ZWidgetMessage.safeParse(message).success);
    assert.ok(ZWidgetMessage.safeParse({ ...message, agentName: null }).success);
    assert.ok(ZWidgetMessage.safeParse({ ...message, agentName: "Sam" }).success);
    assert.equal(ZWidgetMessage.safeParse({ ...message, author: "member" }).success, false);
  });

  it("normalizes the widget origin header and the realtime auth frame", () => {
    assert.equal(ZWidgetOrigin.parse("HTTPS://Shop.Example.com:443"), "https://shop.example.com");
    assert.equal(ZWidgetOrigin.safeParse("null").success, false);
    const auth = ZWidgetRealtimeClientFrame.parse({
      type: "auth",
      visitorToken: token,
      origin: "http://localhost:3001",
    });
    assert.deepEqual(auth, { type: "auth", visitorToken: token, origin: "http://localhost:3001" });
    assert.equal(
      ZWidgetRealtimeClientFrame.safeParse({ type: "subscribe", conversationId: randomUUID() }).success,
      false,
    );
  });

  it("reads a send frame with the POST's rules, and refuses it with any other field or a bad value", () => {
    const request = { conversationId: randomUUID(), body: "hi", clientMessageId: randomUUID() };
    assert.deepEqual(ZWidgetRealtimeClientFrame.parse({ type: "send", ...request }), {
      type: "send",
      ...request,
    });
    for (const bad of [
      { ...request, body: "  " },
      { ...request, body: "x".repeat(8001) },
      { ...request, clientMessageId: "1" },
      { ...request, conversationId: "nope" },
      { ...request, visitorId: randomUUID() },
      { conversationId: request.conversationId, body: "hi" },
    ]) {
      assert.equal(ZWidgetRealtimeClientFrame.safeParse({ type: "send", ...bad }).success, false);
      // The two edges must agree: whatever the socket refuses, the POST refuses too.
      assert.equal(ZWidgetSendMessageRequest.safeParse(bad).success, false);
    }
  });

  it("answers a send with `sent`, or with an error naming its clientMessageId; other errors stay valid", () => {
    const message = {
      id: randomUUID(),
      seq: 1,
      author: "visitor",
      body: "hi",
      createdAt: "2025-06-01T12:00:00.000Z",
    };
    const clientMessageId = randomUUID();
    const error = { code: "rate.limited", message: "Too many requests." };
    for (const good of [
      { type: "sent", clientMessageId, message },
      { type: "error", clientMessageId, error },
      { type: "error", error },
    ]) {
      assert.ok(ZWidgetRealtimeServerFrame.safeParse(good).success, JSON.stringify(good));
    }
    for (const bad of [
      { type: "sent", message },
      { type: "sent", clientMessageId: "1", message },
      { type: "error", clientMessageId: "<script>", error },
    ]) {
      assert.equal(ZWidgetRealtimeServerFrame.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});
