import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeBase32, encodeBase32 } from "./base32";
import { computeHotp } from "./hotp";
import { buildOtpauthUri, groupSecret } from "./otpauth-uri";
import { computeTotp, generateTotpSecret, totpStepAt, verifyTotp } from "./totp";

// The RFC test key: the ASCII bytes of "12345678901234567890" (SHA-1 variant).
const RFC_KEY = Buffer.from("12345678901234567890", "ascii");
const RFC_SECRET = encodeBase32(RFC_KEY);

describe("HOTP (RFC 4226 Appendix D)", () => {
  it("produces the ten published codes for counters 0..9", () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    assert.deepEqual(
      expected.map((_, counter) => computeHotp(RFC_KEY, counter)),
      expected,
    );
  });
});

describe("TOTP (RFC 6238 Appendix B, SHA-1, last 6 of the 8 published digits)", () => {
  const vectors: [number, string][] = [
    [59, "287082"],
    [1111111109, "081804"],
    [1111111111, "050471"],
    [1234567890, "005924"],
    [2000000000, "279037"],
    [20000000000, "353130"],
  ];
  for (const [seconds, code] of vectors) {
    it(`T = ${seconds} s gives ${code}, and verifies at that step`, () => {
      const now = new Date(seconds * 1000);
      assert.equal(computeTotp(RFC_SECRET, now), code);
      assert.deepEqual(verifyTotp(RFC_SECRET, code, { now }), { ok: true, step: totpStepAt(now) });
    });
  }

  it("accepts one step of drift either way, not two", () => {
    const now = new Date(1111111111 * 1000);
    const earlier = computeTotp(RFC_SECRET, new Date(now.getTime() - 30_000));
    const later = computeTotp(RFC_SECRET, new Date(now.getTime() + 30_000));
    const tooLate = computeTotp(RFC_SECRET, new Date(now.getTime() + 60_000));
    assert.equal(verifyTotp(RFC_SECRET, earlier, { now }).ok, true);
    assert.equal(verifyTotp(RFC_SECRET, later, { now }).ok, true);
    assert.equal(verifyTotp(RFC_SECRET, tooLate, { now }).ok, false);
    assert.equal(verifyTotp(RFC_SECRET, tooLate, { now, window: 2 }).ok, true);
  });

  // Attack: replaying a code seen over a shoulder or captured by a phishing page, within its 30 s.
  it("refuses a code whose step was already used, or an earlier one", () => {
    const now = new Date(1234567890 * 1000);
    const code = computeTotp(RFC_SECRET, now);
    const first = verifyTotp(RFC_SECRET, code, { now, lastUsedStep: null });
    assert.ok(first.ok);
    assert.deepEqual(verifyTotp(RFC_SECRET, code, { now, lastUsedStep: first.step }), { ok: false });
    const previous = computeTotp(RFC_SECRET, new Date(now.getTime() - 30_000));
    assert.deepEqual(verifyTotp(RFC_SECRET, previous, { now, lastUsedStep: first.step }), { ok: false });
  });

  it("still accepts the next step's code after one was used (legitimate next sign-in)", () => {
    const now = new Date(1234567890 * 1000);
    const used = totpStepAt(now);
    const next = computeTotp(RFC_SECRET, new Date(now.getTime() + 30_000));
    assert.deepEqual(verifyTotp(RFC_SECRET, next, { now, lastUsedStep: used }), { ok: true, step: used + 1 });
  });

  it("refuses malformed codes and secrets without throwing, and ignores spaces", () => {
    const now = new Date(59_000);
    for (const bad of ["", "28708", "2870822", "abcdef", "２８７０８２", "287 08", "-28708"]) {
      assert.deepEqual(verifyTotp(RFC_SECRET, bad, { now }), { ok: false }, bad);
    }
    assert.equal(verifyTotp(RFC_SECRET, "287 082", { now }).ok, true);
    assert.deepEqual(verifyTotp("not base32!", "287082", { now }), { ok: false });
    assert.deepEqual(verifyTotp("", "287082", { now }), { ok: false });
  });
});

describe("TOTP secrets and otpauth URIs", () => {
  it("generates 20 random bytes as 32 base32 characters that round-trip", () => {
    const a = generateTotpSecret();
    const b = generateTotpSecret();
    assert.match(a, /^[A-Z2-7]{32}$/);
    assert.notEqual(a, b);
    assert.equal(decodeBase32(a)?.length, 20);
    assert.equal(encodeBase32(decodeBase32(a) ?? new Uint8Array()), a);
    assert.deepEqual(decodeBase32("gezd gnbv-gy3t qojq"), new Uint8Array(Buffer.from("1234567890")));
    assert.equal(decodeBase32("ABC1"), null);
  });

  it("builds the key URI apps import, escaping the account, and groups the secret for reading", () => {
    const uri = buildOtpauthUri({
      secret: "JBSWY3DPEHPK3PXP",
      account: "ada+ops@example.com",
      issuer: "Tawkster",
    });
    const url = new URL(uri);
    assert.equal(url.protocol, "otpauth:");
    assert.equal(
      decodeURIComponent(url.pathname.replace(/^\/\/totp\//, "").replace(/^\//, "")),
      "Tawkster:ada+ops@example.com",
    );
    assert.equal(url.searchParams.get("secret"), "JBSWY3DPEHPK3PXP");
    assert.equal(url.searchParams.get("issuer"), "Tawkster");
    assert.equal(url.searchParams.get("digits"), "6");
    assert.equal(url.searchParams.get("period"), "30");
    assert.equal(groupSecret("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
  });
});
