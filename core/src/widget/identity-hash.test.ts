import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { computeIdentityHash, isIdentityHashValid } from "./identity-hash";

const secret = "site-identity-secret-0123456789";

describe("computeIdentityHash", () => {
  it("is the hex HMAC-SHA-256 of the trimmed, lower-cased email (what site backends compute)", () => {
    const expected = createHmac("sha256", secret).update("alice@example.com").digest("hex");
    assert.equal(computeIdentityHash(secret, "alice@example.com"), expected);
    assert.equal(computeIdentityHash(secret, "  Alice@Example.COM\n"), expected);
  });

  it("refuses to compute without a secret", () => {
    assert.throws(() => computeIdentityHash("", "alice@example.com"), { code: "config.invalid" });
  });
});

describe("isIdentityHashValid", () => {
  const hash = computeIdentityHash(secret, "alice@example.com");

  it("accepts the right hash, in either hex case", () => {
    assert.equal(isIdentityHashValid(secret, "alice@example.com", hash), true);
    assert.equal(isIdentityHashValid(secret, "ALICE@example.com ", hash.toUpperCase()), true);
  });

  // Identity spoofing: a visitor who types someone else's email into identify() must not be
  // shown as verified without the hash only the site's backend can compute.
  it("refuses a hash for another email, another secret, or none", () => {
    assert.equal(isIdentityHashValid(secret, "mallory@example.com", hash), false);
    assert.equal(isIdentityHashValid("other-secret", "alice@example.com", hash), false);
    assert.equal(isIdentityHashValid("", "alice@example.com", hash), false);
  });

  it("is false for malformed hashes, never an exception", () => {
    for (const userHash of [
      "",
      "zz",
      hash.slice(0, 62),
      `${hash}00`,
      `${hash.slice(0, 63)}g`,
      ` ${hash}`,
      null,
      7,
    ]) {
      assert.equal(
        isIdentityHashValid(secret, "alice@example.com", userHash as string),
        false,
        String(userHash),
      );
    }
  });
});
