import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  isRecoveryCodeShape,
  normalizeRecoveryCode,
} from "./recovery-codes";

describe("recovery codes", () => {
  it("makes ten distinct xxxx-xxxx-xxxx codes of 60 bits each", () => {
    const codes = generateRecoveryCodes();
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) {
      assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
      assert.ok(isRecoveryCodeShape(code));
    }
    // 12 symbols from an alphabet of 32 = 60 bits.
    assert.ok(12 * Math.log2(32) >= 60);
  });

  it("uses every symbol of the alphabet (no bias towards a subset)", () => {
    const seen = new Set(generateRecoveryCodes(400).join("").replace(/-/g, ""));
    assert.equal(seen.size, 32);
  });

  it("hashes the normalized code, so case, spaces, hyphens and look-alikes do not matter", () => {
    const code = "k7mq-x2pa-9rtd";
    assert.match(hashRecoveryCode(code), /^[0-9a-f]{64}$/);
    assert.equal(hashRecoveryCode(" K7MQ X2PA 9RTD "), hashRecoveryCode(code));
    assert.equal(normalizeRecoveryCode("O0-Il-1"), "00111");
    assert.notEqual(hashRecoveryCode("k7mq-x2pa-9rte"), hashRecoveryCode(code));
    assert.equal(isRecoveryCodeShape("123456"), false);
    assert.equal(isRecoveryCodeShape("k7mq-x2pa-9rt!"), false);
  });
});
