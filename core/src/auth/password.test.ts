import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import { checkNewPassword } from "./check-new-password";
import { loadCommonPasswords } from "./common-passwords";
import { ARGON2_PARAMS, hashPassword, needsRehash, verifyPassword } from "./password-hash";

async function refusal(
  password: unknown,
  account = { email: "ada.lovelace@example.com", name: "Ada Lovelace" },
) {
  try {
    await checkNewPassword(password, account);
  } catch (error) {
    assert.ok(isAppError(error));
    assert.equal(error.code, "request.invalid");
    return error.message;
  }
  return null;
}

describe("hashPassword / verifyPassword", () => {
  it("hashes with argon2id at the chosen parameters in 50–500 ms, and verifies", async () => {
    const started = performance.now();
    const stored = await hashPassword("correct horse battery staple");
    const elapsed = performance.now() - started;
    assert.match(stored, /^\$argon2id\$v=19\$m=65536,t=8,p=4\$/);
    assert.equal(ARGON2_PARAMS.memoryCost, 65_536);
    // Generous upper bound: the test runner shares two cores with other suites.
    assert.ok(elapsed > 20 && elapsed < 2_000, `one hash took ${elapsed.toFixed(0)} ms`);
    assert.equal(await verifyPassword(stored, "correct horse battery staple"), true);
    assert.equal(await verifyPassword(stored, "correct horse battery stapler"), false);
    assert.equal(needsRehash(stored), false);
  });

  it("treats malformed hashes as no match and old parameters as needing a rehash", async () => {
    assert.equal(await verifyPassword("not a hash", "x"), false);
    assert.equal(await verifyPassword("$argon2id$v=19$m=1,t=1,p=1$garbage", "x"), false);
    assert.equal(needsRehash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), true);
    assert.equal(needsRehash("$2b$10$bcrypt"), true);
  });
});

describe("checkNewPassword", () => {
  it("accepts a long, uncommon password that has nothing of the account in it", async () => {
    assert.equal(await refusal("violet tractor umbrella 42"), null);
  });

  it("refuses fewer than 12 or more than 256 characters, counting characters not bytes", async () => {
    assert.match((await refusal("short pass1")) ?? "", /at least 12/);
    assert.match((await refusal("x".repeat(257))) ?? "", /at most 256/);
    assert.equal(await refusal("🦄".repeat(12)), null);
    assert.match((await refusal("🦄".repeat(11))) ?? "", /at least 12/);
    assert.match((await refusal(42)) ?? "", /text/);
  });

  it("refuses the 10,000 most common passwords, whatever their case", async () => {
    const common = await loadCommonPasswords();
    assert.equal(common.size <= 10_000 && common.size > 9_000, true);
    const longCommon = [...common].filter((p) => p.length >= 12);
    assert.ok(longCommon.length > 0);
    for (const password of longCommon.slice(0, 20)) {
      assert.match((await refusal(password)) ?? "", /most common/, password);
      assert.match((await refusal(password.toUpperCase())) ?? "", /most common/, password);
    }
  });

  it("refuses passwords that contain the email's local part or the name", async () => {
    assert.match((await refusal("ada.lovelace@2026!")) ?? "", /email/);
    assert.match((await refusal("XX-ADA.LOVELACE-XX")) ?? "", /email/);
    assert.match((await refusal("i am ada lovelace!!")) ?? "", /name/);
    assert.match((await refusal("lovelace forever and ever")) ?? "", /name/);
    // Two-letter name parts are too short to mean anything.
    assert.equal(await refusal("a quiet bo river", { email: "x@example.com", name: "Bo Li" }), null);
  });
});
