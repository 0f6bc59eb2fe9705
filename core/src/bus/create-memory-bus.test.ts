import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import type { TBusEvent } from "./bus-event";
import { createMemoryBus } from "./create-memory-bus";

function messageCreated(seq: number): TBusEvent {
  return {
    type: "message.created",
    workspaceId: randomUUID(),
    conversationId: randomUUID(),
    departmentId: randomUUID(),
    seq,
    authorType: "visitor",
  };
}

describe("createMemoryBus", () => {
  it("delivers every event to every subscriber, in publish order", async () => {
    const bus = createMemoryBus();
    const a: number[] = [];
    const b: number[] = [];
    bus.subscribe((e) => a.push(e.type === "message.created" ? e.seq : 0));
    bus.subscribe((e) => b.push(e.type === "message.created" ? e.seq : 0));
    for (let seq = 1; seq <= 5; seq++) await bus.publish(messageCreated(seq));
    assert.deepEqual(a, [1, 2, 3, 4, 5]);
    assert.deepEqual(b, [1, 2, 3, 4, 5]);
  });

  it("keeps delivering when a subscriber throws or rejects, and counts the failures", async () => {
    const bus = createMemoryBus();
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error("subscriber bug");
    });
    bus.subscribe((async () => {
      throw new Error("async subscriber bug");
    }) as () => void);
    bus.subscribe((e) => seen.push(e.type === "message.created" ? e.seq : 0));
    await bus.publish(messageCreated(1));
    await bus.publish(messageCreated(2));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, [1, 2]);
    assert.equal(bus.failedDeliveries, 4);
  });

  // Attack: a careless publisher (or a compromised one) putting message text on the bus, which a
  // Redis adapter would then carry outside the encrypted store.
  it("refuses events that carry anything but ids, sequence numbers and states", async () => {
    const bus = createMemoryBus();
    const seen: unknown[] = [];
    bus.subscribe((e) => seen.push(e));
    const withBody = { ...messageCreated(1), body: "my card is 4111 1111 1111 1111" };
    await assert.rejects(bus.publish(withBody as TBusEvent), (e: unknown) => {
      assert.ok(isAppError(e) && e.code === "request.invalid");
      assert.doesNotMatch(e.message, /4111/);
      return true;
    });
    await assert.rejects(bus.publish({ ...messageCreated(1), seq: 0 } as TBusEvent));
    assert.deepEqual(seen, []);
  });

  it("stops delivering to a handler once it unsubscribed, and to everyone once closed", async () => {
    const bus = createMemoryBus();
    const seen: string[] = [];
    const stop = bus.subscribe(() => seen.push("a"));
    bus.subscribe(() => seen.push("b"));
    await bus.publish(messageCreated(1));
    stop();
    stop();
    await bus.publish(messageCreated(2));
    await bus.close();
    await bus.publish(messageCreated(3));
    assert.deepEqual(seen, ["a", "b", "b"]);
  });

  it("hands subscribers a frozen event so one cannot change what the next sees", async () => {
    const bus = createMemoryBus();
    const seqs: number[] = [];
    bus.subscribe((e) => {
      assert.throws(() => {
        (e as { seq: number }).seq = 99;
      });
    });
    bus.subscribe((e) => seqs.push(e.type === "message.created" ? e.seq : 0));
    await bus.publish(messageCreated(7));
    assert.deepEqual(seqs, [7]);
    assert.equal(bus.failedDeliveries, 0);
  });

  it("hands an in-process detail to subscribers with its event, frozen, and nothing when there is none", async () => {
    const bus = createMemoryBus();
    const received: unknown[] = [];
    bus.subscribe((event, local) => {
      received.push([event.type, local]);
    });
    const event = messageCreated(1);
    const message = {
      id: randomUUID(),
      workspaceId: randomUUID(),
      conversationId: randomUUID(),
      seq: 1,
      author: { type: "visitor" as const, id: randomUUID() },
      body: "hello",
      createdAt: new Date(0),
    };
    await bus.publish(event, { message });
    await bus.publish(messageCreated(2));
    const [[, local], [, none]] = received as [[string, { message: typeof message }], [string, unknown]];
    assert.deepEqual(local.message, message);
    assert.ok(Object.isFrozen(local.message) && Object.isFrozen(local.message.author));
    assert.equal(none, undefined);
  });
});
