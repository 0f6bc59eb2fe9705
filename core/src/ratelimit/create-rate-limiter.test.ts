import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError, toErrorResponse } from "../errors/app-error";
import { createRateLimiter } from "./create-rate-limiter";
import { assertWithinRate, rateLimitedError, retryAfterOf } from "./rate-limited-error";

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("createRateLimiter", () => {
  it("allows `limit` takes per key per window, then says how long to wait", () => {
    const c = clock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: c.now });
    assert.deepEqual(
      [1, 2, 3].map(() => limiter.take("ip:1").ok),
      [true, true, true],
    );
    c.advance(15_000);
    assert.deepEqual(limiter.take("ip:1"), { ok: false, retryAfterSeconds: 45 });
    assert.equal(limiter.take("ip:2").ok, true, "other keys are counted apart");
    c.advance(45_000);
    assert.equal(limiter.take("ip:1").ok, true, "a new window starts");
  });

  it("never answers a wait of 0 seconds", () => {
    const c = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, now: c.now });
    limiter.take("k");
    c.advance(999.9);
    assert.deepEqual(limiter.take("k"), { ok: false, retryAfterSeconds: 1 });
  });

  // Attack: a flood of requests from ever-new addresses growing the limiter until the process dies.
  it("keeps at most maxKeys keys, sweeping expired windows first", () => {
    const c = clock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 100, now: c.now });
    for (let i = 0; i < 10_000; i++) limiter.take(`ip:${i}`);
    assert.equal(limiter.size, 100);
    c.advance(1000);
    limiter.take("fresh");
    assert.equal(limiter.size, 1, "expired windows are swept when a new key arrives");
  });

  it("forgets a key on reset, and refuses nonsense options", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    limiter.take("k");
    assert.equal(limiter.take("k").ok, false);
    limiter.reset("k");
    assert.equal(limiter.take("k").ok, true);
    assert.throws(() => createRateLimiter({ limit: 0, windowMs: 1000 }));
    assert.throws(() => createRateLimiter({ limit: 1, windowMs: 0 }));
  });
});

describe("rateLimitedError", () => {
  it("is an AppError rate.limited (429) carrying whole seconds to wait", () => {
    const error = rateLimitedError(12.2);
    assert.ok(isAppError(error));
    assert.equal(error.code, "rate.limited");
    assert.equal(error.status, 429);
    assert.equal(retryAfterOf(error), 13);
    assert.equal(toErrorResponse(error).status, 429);
    assert.equal(retryAfterOf(new Error("x")), null);
    assert.throws(
      () => assertWithinRate({ ok: false, retryAfterSeconds: 3 }),
      (e: unknown) => retryAfterOf(e) === 3,
    );
    assertWithinRate({ ok: true });
  });
});
