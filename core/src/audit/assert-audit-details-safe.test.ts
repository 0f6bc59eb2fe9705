// Stops message text, credentials and email addresses leaking into the audit log, which outlives
// retention and which erasure cannot reach.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "../errors/app-error";
import { ZAuditEventInput } from "../schemas/audit-event";
import { assertAuditDetailsSafe } from "./assert-audit-details-safe";
import { chainAuditEvent } from "./chain-audit-event";

const input = (details: Record<string, string | number>) => ({
  actor: { type: "member" as const, id: "m1" },
  action: "conversation.read",
  resource: { type: "conversation", id: "c1" },
  outcome: "success" as const,
  details,
});
const meta = {
  id: "00000000-0000-4000-8000-000000000002",
  workspaceId: "00000000-0000-4000-8000-000000000001",
  at: new Date(),
};

const SENSITIVE = [
  "body",
  "text",
  "message",
  "password",
  "token",
  "secret",
  "email",
  "Email",
  "messageBody",
  "message_text",
  "messages",
  "visitorEmail",
  "accessToken",
  "refresh-token",
  "clientSecret",
  "passwordHash",
  "newpassword",
];
const HARMLESS = [
  "messageId",
  "messageCount",
  "deletedMessageCount",
  "conversationIds",
  "scope",
  "context",
  "bodyLength",
];

describe("assertAuditDetailsSafe", () => {
  it("refuses keys that look like content, credentials or email, naming the key and not the value", () => {
    for (const key of SENSITIVE) {
      assert.throws(
        () => assertAuditDetailsSafe({ [key]: "hunter2-value" }),
        (error) =>
          isAppError(error) &&
          error.code === "request.invalid" &&
          error.message.includes(key) &&
          !error.message.includes("hunter2"),
        key,
      );
    }
  });

  it("lists every offending key at once", () => {
    assert.throws(
      () => assertAuditDetailsSafe({ body: "x", ok: 1, token: "y" }),
      (error) => isAppError(error) && /body, token/.test(error.message),
    );
  });

  it("lets ids, counts and setting names through", () => {
    for (const key of HARMLESS) assert.doesNotThrow(() => assertAuditDetailsSafe({ [key]: 1 }), key);
  });

  it("is enforced by ZAuditEventInput and by chainAuditEvent", () => {
    assert.equal(ZAuditEventInput.safeParse(input({ body: "hello" })).success, false);
    assert.equal(ZAuditEventInput.safeParse(input({ messageId: "m-1" })).success, true);
    assert.throws(
      () => chainAuditEvent(null, input({ visitorEmail: "a@b.example" }), meta),
      (error) =>
        isAppError(error) && error.code === "request.invalid" && !error.message.includes("a@b.example"),
    );
    assert.equal(chainAuditEvent(null, input({ messageCount: 3 }), meta).seq, 1);
  });
});
