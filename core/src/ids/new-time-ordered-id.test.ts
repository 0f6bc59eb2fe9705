import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { ZId } from "../schemas/common";
import { newTimeOrderedId, timeOfTimeOrderedId } from "./new-time-ordered-id";

describe("newTimeOrderedId", () => {
  it("is a version-7 UUID (RFC 9562) that every id schema accepts", () => {
    for (let i = 0; i < 1000; i++) {
      const id = newTimeOrderedId();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(ZId.parse(id), id);
      assert.equal(z.uuid({ version: "v7" }).parse(id), id);
    }
  });

  it("carries the time it was made for, to the millisecond, across the whole 48-bit range", () => {
    for (const ms of [0, 1, 1_764_860_000_123, 2 ** 32, 2 ** 32 - 1, 2 ** 48 - 1]) {
      assert.equal(timeOfTimeOrderedId(newTimeOrderedId(ms)), ms);
    }
    const before = Date.now();
    const time = timeOfTimeOrderedId(newTimeOrderedId());
    assert.ok(time !== null && time >= before && time <= Date.now());
  });

  it("sorts as text in the order of the times it carries (what keeps an id index in time order)", () => {
    const times = Array.from({ length: 2000 }, (_, i) => 1_600_000_000_000 + i * 997 + (i % 7));
    const ids = times.map((ms) => newTimeOrderedId(ms));
    const shuffled = [...ids].sort(() => Math.random() - 0.5);
    assert.deepEqual(shuffled.sort(), ids);
  });

  it("never repeats, even for many ids in one millisecond (74 random bits each)", () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => newTimeOrderedId(1_700_000_000_000)));
    assert.equal(ids.size, 50_000);
  });

  it("keeps the random part random: no bit of it is fixed across ids", () => {
    let and = -1n;
    let or = 0n;
    for (let i = 0; i < 2000; i++) {
      const hex = newTimeOrderedId(5).replaceAll("-", "");
      // rand_a (12 bits after the version nibble) and rand_b (62 bits after the variant).
      const bits =
        (BigInt(`0x${hex.slice(13, 16)}`) << 62n) | (BigInt(`0x${hex.slice(16)}`) & ((1n << 62n) - 1n));
      and &= bits;
      or |= bits;
    }
    assert.equal(and, 0n);
    assert.equal(or, (1n << 74n) - 1n);
  });

  it("clamps a time outside 48 bits instead of writing a malformed id", () => {
    assert.equal(timeOfTimeOrderedId(newTimeOrderedId(-5)), 0);
    assert.equal(timeOfTimeOrderedId(newTimeOrderedId(2 ** 60)), 2 ** 48 - 1);
    assert.equal(timeOfTimeOrderedId(newTimeOrderedId(Number.NaN)), 0);
  });

  it("reads no time out of an id that is not version 7", () => {
    assert.equal(timeOfTimeOrderedId(crypto.randomUUID()), null);
    assert.equal(timeOfTimeOrderedId("not an id"), null);
  });
});
