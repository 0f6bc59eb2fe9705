import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSession } from "./check-session";

const created = new Date("2026-03-01T08:00:00Z");
const minutes = (n: number) => new Date(created.getTime() + n * 60_000);
const session = {
  createdAt: created,
  lastSeenAt: minutes(100),
  expiresAt: minutes(12 * 60),
  revokedAt: null,
};
const rules = { idleMinutes: 30, maxAgeHours: 12 };

describe("checkSession", () => {
  it("accepts a session in use within its limits", () => {
    assert.equal(checkSession(session, { ...rules, now: minutes(129) }), "ok");
  });

  it("expires a session idle for the policy's minutes", () => {
    assert.equal(checkSession(session, { ...rules, now: minutes(130) }), "expired-idle");
  });

  it("expires at the maximum age even while in use, and a shorter policy applies at once", () => {
    const busy = { ...session, lastSeenAt: minutes(12 * 60 - 1) };
    assert.equal(checkSession(busy, { ...rules, now: minutes(12 * 60) }), "expired-age");
    assert.equal(checkSession(session, { ...rules, maxAgeHours: 1, now: minutes(101) }), "expired-age");
    // A longer policy never stretches a session past the expiry stamped at sign-in.
    assert.equal(checkSession(busy, { ...rules, maxAgeHours: 24, now: minutes(12 * 60) }), "expired-age");
  });

  it("reports a revoked session as revoked, whatever its times", () => {
    assert.equal(
      checkSession({ ...session, revokedAt: minutes(101) }, { ...rules, now: minutes(102) }),
      "revoked",
    );
  });
});
