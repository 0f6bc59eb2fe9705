import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isAppError } from "../errors/app-error";
import { decryptField, encryptField, FIELD_CIPHERTEXT_VERSION, type TCipherContext } from "./encrypt-field";

const isUnreadable = (error: unknown) => isAppError(error) && error.code === "crypto.unreadable";

const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary" }));
const ctx: TCipherContext = {
  workspaceId: "ws-1",
  keyId: "key-1",
  table: "messages",
  rowId: "row-1",
  column: "body",
};

describe("encryptField / decryptField", () => {
  it("round-trips any Unicode text, the empty string included, in the documented layout", () => {
    const key = randomBytes(32);
    fc.assert(
      fc.property(text, (plaintext) => {
        const sealed = encryptField(key, ctx, plaintext);
        assert.equal(sealed[0], FIELD_CIPHERTEXT_VERSION);
        assert.equal(sealed.length, 1 + 12 + Buffer.byteLength(plaintext) + 16);
        assert.equal(decryptField(key, ctx, sealed), plaintext);
      }),
      { numRuns: 200 },
    );
    assert.equal(decryptField(key, ctx, encryptField(key, ctx, "")), "");
  });

  it("uses a fresh nonce each time, so equal plaintexts do not give equal ciphertexts", () => {
    const key = randomBytes(32);
    assert.notDeepEqual(encryptField(key, ctx, "same"), encryptField(key, ctx, "same"));
  });

  // Attack: a repeated GCM nonce under one key leaks the XOR of two plaintexts and lets tags be
  // forged. Nonces come from a pool refilled every 256 (aes-gcm.ts): none may come back, across
  // refills, and each ciphertext must keep opening after later seals.
  it("never repeats a nonce, across many refills of the nonce pool", () => {
    const key = randomBytes(32);
    const nonces = new Set<string>();
    const sealed = Array.from({ length: 5_000 }, (_, i) => encryptField(key, ctx, `message ${i}`));
    for (const ciphertext of sealed) nonces.add(ciphertext.subarray(1, 13).toString("hex"));
    assert.equal(nonces.size, sealed.length);
    sealed.forEach((ciphertext, i) => {
      assert.equal(decryptField(key, ctx, ciphertext), `message ${i}`);
    });
  });

  // Attack: an attacker with write access to the database moves a ciphertext from one row, column
  // or table to another (e.g. a visitor's message into an agent-visible field) with the same key.
  it("refuses a ciphertext moved to any other context, even under the very same data key", () => {
    const key = randomBytes(32);
    const field = fc.constantFrom<keyof TCipherContext>("workspaceId", "keyId", "table", "rowId", "column");
    fc.assert(
      fc.property(text, field, fc.string({ unit: "binary", maxLength: 12 }), (plaintext, name, other) => {
        fc.pre(other !== ctx[name]);
        const sealed = encryptField(key, ctx, plaintext);
        assert.throws(() => decryptField(key, { ...ctx, [name]: other }, sealed), isUnreadable);
      }),
      { numRuns: 150 },
    );
    // Boundary shifting between adjacent parts must not be a way around the binding.
    const sealed = encryptField(key, { ...ctx, table: "ab", rowId: "c" }, "x");
    assert.throws(() => decryptField(key, { ...ctx, table: "a", rowId: "bc" }, sealed), isUnreadable);
  });

  it("refuses a wrong key, and an ill-formed context, with the same error", () => {
    const sealed = encryptField(randomBytes(32), ctx, "secret");
    assert.throws(() => decryptField(randomBytes(32), ctx, sealed), isUnreadable);
    assert.throws(() => decryptField(randomBytes(32), { ...ctx, rowId: "\uDC00" }, sealed), isUnreadable);
  });
});
