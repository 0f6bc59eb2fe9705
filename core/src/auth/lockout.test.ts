import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeLockout, countFailure, lockSecondsFor } from "./lockout";

const t0 = new Date("2026-03-01T12:00:00Z");
const after = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("computeLockout", () => {
  it("does not lock before the fifth failure", () => {
    for (const failures of [0, 1, 4]) {
      assert.deepEqual(computeLockout({ failures, lastFailureAt: t0, now: t0 }), { isLocked: false });
    }
  });

  it("locks for 30 s after five failures, doubling per further failure, up to one hour", () => {
    assert.deepEqual(
      [5, 6, 7, 8, 11, 12, 13, 50].map(lockSecondsFor),
      [30, 60, 120, 240, 1920, 3600, 3600, 3600],
    );
    assert.deepEqual(computeLockout({ failures: 5, lastFailureAt: t0, now: after(1) }), {
      isLocked: true,
      lockedUntil: after(30),
      retryAfterSeconds: 29,
    });
    assert.equal(computeLockout({ failures: 5, lastFailureAt: t0, now: after(0.2) }).isLocked, true);
    assert.deepEqual(computeLockout({ failures: 6, lastFailureAt: t0, now: after(30) }), {
      isLocked: true,
      lockedUntil: after(60),
      retryAfterSeconds: 30,
    });
  });

  it("unlocks when the lock has passed", () => {
    assert.deepEqual(computeLockout({ failures: 5, lastFailureAt: t0, now: after(30) }), { isLocked: false });
    assert.deepEqual(computeLockout({ failures: 40, lastFailureAt: t0, now: after(3600) }), {
      isLocked: false,
    });
  });

  it("counts failures in a row, starting over after a day without one", () => {
    assert.equal(countFailure(null, t0), 1);
    assert.equal(countFailure({ failures: 4, lastFailureAt: t0 }, after(60)), 5);
    assert.equal(countFailure({ failures: 9, lastFailureAt: t0 }, after(24 * 3600 + 1)), 1);
  });
});
