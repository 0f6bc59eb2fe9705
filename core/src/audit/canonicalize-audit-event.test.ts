import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TAuditEvent } from "../schemas/audit-event";
import { canonicalizeJson } from "./canonical-json";
import { canonicalizeAuditEvent, HASHED_AUDIT_FIELDS } from "./canonicalize-audit-event";
import { chainAuditEvent } from "./chain-audit-event";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";

const WS = "00000000-0000-4000-8000-000000000001";
const event: TAuditEvent = {
  id: "00000000-0000-4000-8000-000000000002",
  workspaceId: WS,
  seq: 1,
  at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
  prevHash: GENESIS_HASH,
  actor: { type: "member", id: "m1" },
  action: "policy.update",
  resource: { type: "policy", id: null },
  outcome: "success",
  details: { scope: "workspace", fields: ["retention.conversationDays"], count: 2 },
  hash: "f".repeat(64),
};

describe("canonicalizeAuditEvent", () => {
  it("writes sorted keys, ISO dates and no whitespace, and leaves the hash out", () => {
    assert.equal(
      canonicalizeAuditEvent(event),
      '{"action":"policy.update","actor":{"id":"m1","type":"member"},"at":"2026-01-02T03:04:05.006Z",' +
        '"details":{"count":2,"fields":["retention.conversationDays"],"scope":"workspace"},' +
        '"id":"00000000-0000-4000-8000-000000000002","outcome":"success",' +
        `"prevHash":"${GENESIS_HASH}","resource":{"id":null,"type":"policy"},"seq":1,` +
        `"workspaceId":"${WS}"}`,
    );
  });

  it("does not depend on key order, nor on properties outside the hashed fields", () => {
    const shuffled = Object.fromEntries(Object.entries(event).reverse()) as TAuditEvent;
    const withExtra = { ...event, rowid: 42, insertedBy: "sqlite" } as TAuditEvent;
    assert.equal(canonicalizeAuditEvent(shuffled), canonicalizeAuditEvent(event));
    assert.equal(canonicalizeAuditEvent(withExtra), canonicalizeAuditEvent(event));
    assert.equal(hashAuditEvent(withExtra), hashAuditEvent(event));
  });

  it("hashes every field of an event but the hash itself", () => {
    const chained = chainAuditEvent(
      null,
      { actor: event.actor, action: event.action, resource: event.resource, outcome: "success", details: {} },
      { id: event.id, workspaceId: WS, at: event.at },
    );
    const fields = Object.keys(chained).filter((key) => key !== "hash");
    assert.deepEqual([...HASHED_AUDIT_FIELDS].sort(), fields.sort());
  });

  it("hashes to 64 hex characters, the same every time", () => {
    assert.match(hashAuditEvent(event), /^[0-9a-f]{64}$/);
    assert.equal(hashAuditEvent(event), hashAuditEvent({ ...event }));
    assert.notEqual(hashAuditEvent(event), hashAuditEvent({ ...event, seq: 2 }));
  });
});

describe("canonicalizeJson", () => {
  it("refuses values plain JSON would silently change", () => {
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      new Date(Number.NaN),
      [undefined],
      1n,
      () => 1,
    ]) {
      assert.throws(() => canonicalizeJson(bad), TypeError);
    }
  });

  it("leaves out undefined properties and escapes strings like JSON", () => {
    assert.equal(canonicalizeJson({ b: 1, a: undefined, c: 'q"\n' }), '{"b":1,"c":"q\\"\\n"}');
  });
});
