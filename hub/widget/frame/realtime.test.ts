import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import type { TWidgetRealtimeServerFrame } from "@tawkster/core/widget";
import { connectRealtime } from "./realtime";
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
