import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createHarness, rejectsWithCode, type THarness } from "../chat/test-harness";
import { RETENTION_RUN_ACTION, toCheckpointDetails } from "../lifecycle/audit-checkpoint";
import { createSqliteDriver, openSqliteDatabase } from "../store/sqlite";
import { readAuditLog } from "./read-audit-log";
import { verifyAuditLog } from "./verify-audit-log";

describe("audit log", () => {
  let h: THarness;

  before(async () => {
    h = await createHarness();
    const audit = h.store.scoped(h.workspaceId).audit;
    // More than two store pages, so verification has to carry the chain across pages.
    for (let i = 0; i < 2100; i++) {
      await audit.append({
        actor: { type: "member", id: i % 3 === 0 ? h.admin.memberId : null },
        action: i % 2 === 0 ? "conversation.read" : "conversation.close",
        resource: { type: "conversation", id: null },
        outcome: "success",
        details: { n: i },
      });
    }
  });
  after(() => h.dispose());

  it("verifies the whole chain page by page", async () => {
    const result = await verifyAuditLog(h.deps, h.admin);
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.count, (await h.store.scoped(h.workspaceId).audit.last())?.seq);
    assert.equal(result.firstSeq, 1);
  });

  it("reads pages with filters and a cursor", async () => {
    const page = await readAuditLog(h.deps, h.admin, { limit: 5 });
    assert.deepEqual(
      page.events.map((e) => e.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal(page.nextAfterSeq, 5);
    const closes = await readAuditLog(h.deps, h.admin, { action: "conversation.close", limit: 1000 });
    assert.equal(closes.events.length, 1000);
    assert.ok(closes.events.every((e) => e.action === "conversation.close"));
    const rest = await readAuditLog(h.deps, h.admin, {
      action: "conversation.close",
      afterSeq: closes.nextAfterSeq ?? 0,
      limit: 1000,
    });
    assert.equal(rest.events.length, 50);
    assert.equal(rest.nextAfterSeq, null);
    const byActor = await readAuditLog(h.deps, h.admin, { actorId: h.admin.memberId, limit: 1000 });
    assert.ok(byActor.events.every((e) => e.actor.id === h.admin.memberId));
    const manager = await h.addMember("manager", [h.general.id]);
    await rejectsWithCode(readAuditLog(h.deps, manager), "access.denied");
    await rejectsWithCode(verifyAuditLog(h.deps, manager), "access.denied");
  });

  it("verifies from the oldest kept event after retention, and catches tampering in a later page", async () => {
    const audit = h.store.scoped(h.workspaceId).audit;
    const [hundredth] = await audit.list({ afterSeq: 99, limit: 1 });
    await audit.deleteBefore(101);
    // Deleting the head of the chain is only accepted where a retention run recorded a checkpoint.
    const unvouched = await verifyAuditLog(h.deps, h.admin);
    assert.deepEqual(unvouched, { ok: false, problem: "missing", seq: 1, index: 0, firstSeq: 101 });
    await audit.append({
      actor: { type: "system", id: "retention" },
      action: RETENTION_RUN_ACTION,
      resource: { type: "workspace", id: h.workspaceId },
      outcome: "success",
      details: toCheckpointDetails({ seq: 100, hash: hundredth?.hash ?? "" }),
    });
    const trimmed = await verifyAuditLog(h.deps, h.admin);
    assert.equal(trimmed.ok, true);
    assert.equal(trimmed.firstSeq, 101);
    // A hand edit of one stored row, as someone with access to the database file would make.
    const raw = createSqliteDriver(openSqliteDatabase(h.dbPath));
    await raw.run("UPDATE audit_events SET outcome = 'denied' WHERE workspace_id = ? AND seq = ?", [
      h.workspaceId,
      1500,
    ]);
    await raw.close();
    const tampered = await verifyAuditLog(h.deps, h.admin);
    assert.equal(tampered.ok, false);
    assert.equal(tampered.ok ? 0 : tampered.seq, 1500);
  });
});
