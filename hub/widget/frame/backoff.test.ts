import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeReconnectDelay, RECONNECT_MAX_MS } from "./backoff";
import { createUuid } from "./create-uuid";

describe("computeReconnectDelay", () => {
  it("doubles from 500 ms, with the jitter between half and all of it", () => {
    assert.equal(
      computeReconnectDelay(0, () => 0),
      250,
    );
    assert.equal(
      computeReconnectDelay(0, () => 1),
      500,
    );
    assert.equal(
      computeReconnectDelay(1, () => 1),
      1000,
    );
    assert.equal(
      computeReconnectDelay(3, () => 0.5),
      3000,
    );
  });

  it("is capped at 30 s, also for absurd attempts and random values", () => {
    for (const attempt of [6, 10, 100, Number.MAX_SAFE_INTEGER]) {
      assert.equal(
        computeReconnectDelay(attempt, () => 1),
        RECONNECT_MAX_MS,
      );
    }
    assert.equal(
      computeReconnectDelay(-5, () => 7),
      500,
    );
    assert.equal(
      computeReconnectDelay(100, () => -1),
      RECONNECT_MAX_MS / 2,
    );
  });
});

describe("createUuid", () => {
  it("makes version-4 UUIDs", () => {
    const ids = new Set(Array.from({ length: 100 }, () => createUuid()));
    assert.equal(ids.size, 100);
    for (const id of ids)
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
