import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toErrorResponse, ZErrorBody } from "../errors/app-error";
import { ZAllowedDomain, ZDisplayName, ZMessageBody, ZPolicySettings } from "./index";

describe("schemas", () => {
  it("accepts exact and wildcard domains and refuses paths, spaces and bare wildcards", () => {
    for (const ok of [
      "shop.example.com",
      "*.example.com",
      "http://localhost:3001",
      "xn--bcher-kva.example",
    ]) {
      assert.equal(ZAllowedDomain.safeParse(ok).success, true, ok);
    }
    for (const bad of ["", "*", "example.com/path", "a b.com", "user@example.com", "*.*.example.com"]) {
      assert.equal(ZAllowedDomain.safeParse(bad).success, false, bad);
    }
  });

  it("refuses empty or control-character names and blank messages", () => {
    assert.equal(ZDisplayName.safeParse("  Sales ").data, "Sales");
    assert.equal(ZDisplayName.safeParse("   ").success, false);
    assert.equal(ZDisplayName.safeParse("a\u0000b").success, false);
    assert.equal(ZMessageBody.safeParse(" \n ").success, false);
    assert.equal(ZMessageBody.safeParse("x".repeat(8001)).success, false);
  });

  it("lets a department override only part of a policy", () => {
    const parsed = ZPolicySettings.parse({ retention: { conversationDays: 30 } });
    assert.deepEqual(parsed, { retention: { conversationDays: 30 } });
    assert.equal(ZPolicySettings.safeParse({ retention: { conversationDays: 0 } }).success, false);
  });

  it("turns validation errors into the one error shape without echoing input", () => {
    const result = ZDisplayName.safeParse("");
    assert.equal(result.success, false);
    const { status, body } = toErrorResponse(result.error);
    assert.equal(status, 400);
    assert.equal(ZErrorBody.safeParse(body).success, true);
    assert.equal(body.error.code, "request.invalid");
  });

  it("hides unknown errors behind a generic 500", () => {
    const { status, body } = toErrorResponse(new Error("SQLITE_CORRUPT at /secret/path"));
    assert.equal(status, 500);
    assert.doesNotMatch(body.error.message, /secret/);
  });
});
