import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import type { TWidgetRealtimeServerFrame } from "@tawkster/core/widget";
import { REALTIME_MAX_FRAME_BYTES } from "./api-paths";
import { connectRealtime, SEND_TIMEOUT_MS, type TSocketSendResult } from "./realtime";
import { createFakeSocket, createManualTimers, type TFakeSocket } from "./test-doubles";

const conversationId = randomUUID();

function setup() {
  const sockets: TFakeSocket[] = [];
  const frames: TWidgetRealtimeServerFrame[] = [];
  const statuses: string[] = [];
  const timers = createManualTimers();
  let afterSeq = 0;
  let clock = 0;
  const client = connectRealtime({
    url: "wss://chat.example.net/api/v1/realtime",
    createSocket: () => {
      const socket = createFakeSocket();
      sockets.push(socket);
      return socket;
    },
    getAuth: () => ({ visitorToken: "v1.a.b", origin: "https://shop.example.com" }),
    getSubscription: () => ({ conversationId, afterSeq }),
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    now: () => clock,
    random: () => 1,
  });
  return {
    client,
    sockets,
    frames,
    statuses,
    timers,
    setAfterSeq: (seq: number) => {
      afterSeq = seq;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe("connectRealtime", () => {
  it("authenticates first, in a frame (never in the URL), then subscribes", () => {
    const { sockets, statuses } = setup();
    sockets[0]?.open();
    assert.deepEqual(sockets[0]?.sent, [
      { type: "auth", visitorToken: "v1.a.b", origin: "https://shop.example.com" },
      { type: "subscribe", conversationId, afterSeq: 0 },
    ]);
    assert.deepEqual(statuses, ["connecting", "online"]);
  });

  it("reconnects with growing delays and resubscribes from the last seq seen", () => {
    const { sockets, timers, setAfterSeq } = setup();
    sockets[0]?.open();
    setAfterSeq(7);
    sockets[0]?.drop();
    assert.equal(timers.runNext(), 500);
    sockets[1]?.drop();
    assert.equal(timers.runNext(), 1000);
    sockets[2]?.open();
    assert.deepEqual(sockets[2]?.sent.at(-1), { type: "subscribe", conversationId, afterSeq: 7 });
  });

  it("reconnects no sooner than a rate.limited frame about the connection says", () => {
    const { sockets, timers } = setup();
    sockets[0]?.open();
    sockets[0]?.receive({
      type: "error",
      error: { code: "rate.limited", message: "Too many frames.", retryAfterSeconds: 8 },
    });
    sockets[0]?.drop();
    assert.equal(timers.runNext(), 8_000, "not the backoff's 500 ms");
    sockets[1]?.drop();
    assert.equal(timers.runNext(), 8_000, "the hub's time still holds");
  });

  it("starts the backoff afresh after a healthy connection", () => {
    const { sockets, timers, advance } = setup();
    sockets[0]?.drop();
    timers.runNext();
    sockets[1]?.open();
    advance(60_000);
    sockets[1]?.drop();
    assert.equal(timers.runNext(), 500);
  });

  it("passes on valid frames only", () => {
    const { sockets, frames } = setup();
    sockets[0]?.open();
    sockets[0]?.receive({ type: "conversation", conversation: { id: conversationId, status: "closed" } });
    sockets[0]?.receive("not json");
    sockets[0]?.receive({ type: "message", message: { body: "<img src=x onerror=alert(1)>" } });
    assert.deepEqual(frames, [
      { type: "conversation", conversation: { id: conversationId, status: "closed" } },
    ]);
  });

  it("stops for good: no reconnect after stop()", () => {
    const { client, sockets, timers } = setup();
    sockets[0]?.open();
    client.stop();
    assert.equal(timers.pending.length, 0);
    assert.equal(sockets.length, 1);
  });
});

describe("connectRealtime: sending messages", () => {
  const request = () => ({ conversationId, body: "Hello <b>there</b>", clientMessageId: randomUUID() });
  const message = (body: string) => ({
    id: randomUUID(),
    seq: 4,
    author: "visitor" as const,
    agentName: null,
    body,
    createdAt: "2025-06-01T12:00:00.000Z",
  });
  const settled = async (promise: Promise<TSocketSendResult>) => {
    let result: TSocketSendResult | "pending" = "pending";
    void promise.then((value) => {
      result = value;
    });
    await new Promise((resolve) => setImmediate(resolve));
    return result;
  };

  it("sends a `send` frame after auth and resolves with the message of the `sent` frame naming it", async () => {
    const { client, sockets, frames } = setup();
    sockets[0]?.open();
    const mine = request();
    const answer = client.sendMessage(mine);
    assert.deepEqual(sockets[0]?.sent.at(-1), { type: "send", ...mine });
    // Another send's answer (an older tab of the same visitor, a late one) settles nothing.
    sockets[0]?.receive({ type: "sent", clientMessageId: randomUUID(), message: message("other") });
    assert.equal(await settled(answer), "pending");
    const stored = message(mine.body);
    sockets[0]?.receive({ type: "sent", clientMessageId: mine.clientMessageId, message: stored });
    assert.deepEqual(await answer, { message: stored });
    assert.equal(frames.at(-1)?.type, "sent", "the frame is still passed on");
  });

  it("resolves with the code of the error frame naming the send; other errors settle nothing", async () => {
    const { client, sockets } = setup();
    sockets[0]?.open();
    const mine = request();
    const answer = client.sendMessage(mine);
    sockets[0]?.receive({ type: "error", error: { code: "resource.not_found", message: "Gone." } });
    assert.equal(await settled(answer), "pending");
    sockets[0]?.receive({
      type: "error",
      clientMessageId: mine.clientMessageId,
      error: { code: "resource.conflict", message: "This conversation is closed." },
    });
    assert.deepEqual(await answer, { code: "resource.conflict" });
  });

  it("answers null (send it over HTTP) when not open, or when the frame is over the hub's limit", async () => {
    const { client, sockets } = setup();
    assert.equal(await client.sendMessage(request()), null, "still connecting");
    sockets[0]?.open();
    // 8000 characters are allowed, but 3 bytes each in UTF-8 exceed what one frame may carry.
    const long = { ...request(), body: "€".repeat(8000) };
    assert.ok(long.body.length * 3 > REALTIME_MAX_FRAME_BYTES);
    assert.equal(await client.sendMessage(long), null);
    assert.equal(sockets[0]?.sent.filter((frame) => (frame as { type: string }).type === "send").length, 0);
  });

  it(`answers null after ${SEND_TIMEOUT_MS / 1000} s without an answer, or at once when the socket drops or stops`, async () => {
    const { client, sockets, timers } = setup();
    sockets[0]?.open();
    const silent = client.sendMessage(request());
    assert.equal(timers.runNext(), SEND_TIMEOUT_MS);
    assert.equal(await silent, null);

    const dropped = client.sendMessage(request());
    sockets[0]?.drop();
    assert.equal(await dropped, null);
    assert.deepEqual(
      timers.pending.map((timer) => timer.ms),
      [500],
      "only the reconnect is left: the send's timeout was cleared",
    );

    timers.runNext();
    sockets[1]?.open();
    const stopped = client.sendMessage(request());
    client.stop();
    assert.equal(await stopped, null);
    assert.equal(timers.pending.length, 0);
  });

  it("sends one frame for the same clientMessageId in flight twice, and both get its answer", async () => {
    const { client, sockets } = setup();
    sockets[0]?.open();
    const mine = request();
    const first = client.sendMessage(mine);
    const second = client.sendMessage(mine);
    assert.equal(sockets[0]?.sent.filter((frame) => (frame as { type: string }).type === "send").length, 1);
    const stored = message(mine.body);
    sockets[0]?.receive({ type: "sent", clientMessageId: mine.clientMessageId, message: stored });
    assert.deepEqual(await first, { message: stored });
    assert.deepEqual(await second, { message: stored });
  });
});
