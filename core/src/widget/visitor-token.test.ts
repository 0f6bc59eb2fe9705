import assert from "node:assert/strict";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import { checkVisitorToken, verifyVisitorToken } from "./check-visitor-token";
import { deriveWidgetTokenKey } from "./derive-widget-token-key";
import { signVisitorToken } from "./sign-visitor-token";
import type { TVisitorTokenClaims } from "./visitor-token-claims";

const key = deriveWidgetTokenKey(randomBytes(32));
const now = new Date("2025-06-01T12:00:00.000Z");
const origin = "https://shop.example.com";
const claims: TVisitorTokenClaims = {
  workspaceId: randomUUID(),
  siteId: randomUUID(),
  visitorId: randomUUID(),
  origin,
  persistent: false,
  issuedAt: now,
  expiresAt: new Date(now.getTime() + 86_400_000),
};
const expected = { siteId: claims.siteId, origin, now };
const token = signVisitorToken(key, claims);

/** Re-signs a token whose payload was edited, as an attacker with the key could (they do not have it). */
function editPayload(edit: (payload: Record<string, unknown>) => void): string {
  const [version, payload] = token.split(".");
  const json = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
  edit(json);
  return `${version}.${Buffer.from(JSON.stringify(json)).toString("base64url")}.${token.split(".")[2]}`;
}

describe("signVisitorToken / checkVisitorToken", () => {
  it("round-trips the claims", () => {
    assert.match(token, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(checkVisitorToken(key, token, expected), { ok: true, claims });
    assert.deepEqual(verifyVisitorToken(key, token, expected), claims);
  });

  // Token forgery: changing any claim (another visitor, site or origin) without the key must fail.
  it("refuses a token whose payload was edited", () => {
    const forged = editPayload((payload) => {
      payload.visitorId = randomUUID();
    });
    assert.deepEqual(checkVisitorToken(key, forged, expected), { ok: false, problem: "bad_signature" });
  });

  it("refuses a token signed with another key", () => {
    const other = signVisitorToken(deriveWidgetTokenKey(randomBytes(32)), claims);
    assert.deepEqual(checkVisitorToken(key, other, expected), { ok: false, problem: "bad_signature" });
  });

  // Widget hijacking with a stolen token: a token bound to one site or origin must not work for another.
  it("refuses a token presented for another site or origin", () => {
    assert.deepEqual(checkVisitorToken(key, token, { ...expected, siteId: randomUUID() }), {
      ok: false,
      problem: "wrong_site",
    });
    for (const other of ["https://evil.test", "https://shop.example.com:8443", "http://shop.example.com"]) {
      assert.deepEqual(checkVisitorToken(key, token, { ...expected, origin: other }), {
        ok: false,
        problem: "wrong_origin",
      });
    }
  });

  it("refuses an expired token, at the exact expiry instant too", () => {
    assert.equal(checkVisitorToken(key, token, { ...expected, now: claims.expiresAt }).ok, false);
    assert.deepEqual(
      checkVisitorToken(key, token, { ...expected, now: new Date(claims.expiresAt.getTime() + 1) }),
      {
        ok: false,
        problem: "expired",
      },
    );
    assert.equal(
      checkVisitorToken(key, token, { ...expected, now: new Date(claims.expiresAt.getTime() - 1) }).ok,
      true,
    );
  });

  it("allows 60 s of clock skew on the issue time, and no more", () => {
    const early = (ms: number) => ({ ...expected, now: new Date(now.getTime() - ms) });
    assert.equal(checkVisitorToken(key, token, early(60_000)).ok, true);
    assert.deepEqual(checkVisitorToken(key, token, early(60_001)), {
      ok: false,
      problem: "issued_in_future",
    });
  });

  it("refuses malformed tokens without throwing", () => {
    const [version, payload, mac] = token.split(".");
    const malformed = [
      "",
      "v1",
      "v1..",
      `${payload}.${mac}`,
      `v2.${payload}.${mac}`,
      `V1.${payload}.${mac}`,
      `${version}.${payload}.${mac}.x`,
      `${version}.${payload}+.${mac}`,
      `${version}.${payload}.${mac}=`,
      `${version}.${payload}.${mac?.slice(0, 20)}`,
      `${token}${"A".repeat(3000)}`,
      42,
      null,
    ];
    for (const value of malformed) {
      const result = checkVisitorToken(key, value as string, expected);
      assert.equal(result.ok, false, String(value));
    }
  });

  it("refuses a correctly signed payload that is not valid claims", () => {
    const sign = (json: string) => {
      const body = `v1.${Buffer.from(json).toString("base64url")}`;
      return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
    };
    for (const json of ["not json", "null", "[]", JSON.stringify({ ...claims, issuedAt: "yesterday" })]) {
      assert.deepEqual(checkVisitorToken(key, sign(json), expected), { ok: false, problem: "malformed" });
    }
  });

  it("throws one generic auth.required error from the throwing variant", () => {
    const messages = new Set<string>();
    for (const attempt of [
      () => verifyVisitorToken(key, "junk", expected),
      () => verifyVisitorToken(key, token, { ...expected, origin: "https://evil.test" }),
      () => verifyVisitorToken(key, token, { ...expected, now: claims.expiresAt }),
    ]) {
      assert.throws(attempt, (error) => {
        assert.ok(isAppError(error));
        assert.equal(error.code, "auth.required");
        messages.add(error.message);
        return true;
      });
    }
    assert.equal(messages.size, 1);
  });

  it("refuses to sign inconsistent claims or with a short key", () => {
    assert.throws(() => signVisitorToken(key, { ...claims, expiresAt: claims.issuedAt }), {
      code: "internal.error",
    });
    assert.throws(() => signVisitorToken(key, { ...claims, siteId: "site-1" }), { code: "internal.error" });
    assert.throws(() => signVisitorToken(randomBytes(16), claims), { code: "config.invalid" });
    assert.throws(() => checkVisitorToken(randomBytes(16), token, expected), { code: "config.invalid" });
  });
});

describe("deriveWidgetTokenKey", () => {
  it("is deterministic, 32 bytes, and differs from the master key and between master keys", () => {
    const master = randomBytes(32);
    const derived = deriveWidgetTokenKey(master);
    assert.equal(derived.length, 32);
    assert.deepEqual(deriveWidgetTokenKey(Uint8Array.from(master)), derived);
    assert.notDeepEqual(derived, master);
    assert.notDeepEqual(deriveWidgetTokenKey(randomBytes(32)), derived);
  });

  it("refuses a short master key", () => {
    assert.throws(() => deriveWidgetTokenKey(randomBytes(31)), { code: "config.invalid" });
  });
});
