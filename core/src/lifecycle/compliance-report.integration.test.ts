import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { rejectsWithCode } from "../chat/test-harness";
import { createSqliteDriver, openSqliteDatabase } from "../store/sqlite";
import {
  buildComplianceReport,
  COMPLIANCE_DISCLAIMER,
  type TComplianceReport,
} from "./build-compliance-report";
import { runRetention } from "./run-retention";
import { createLifecycleHarness, daysAfter, type TLifecycleHarness } from "./test-fixtures";

function find(report: TComplianceReport, id: string) {
  const item = report.sections.flatMap((s) => s.items).find((i) => i.id === id);
  assert.ok(item, `no item ${id}`);
  return item;
}

describe("compliance report", () => {
  let h: TLifecycleHarness;

  before(async () => {
    h = await createLifecycleHarness();
    await h.addMember("agent", [h.general.id]);
  });
  after(() => h.dispose());

  it("covers each article and section asked for, with a disclaimer", async () => {
    const report = await buildComplianceReport(h.deps, h.admin, { now: daysAfter(1) });
    assert.deepEqual(
      report.sections.map((s) => `${s.framework} ${s.reference}`),
      [
        "GDPR Art. 5(1)(e)",
        "GDPR Art. 15",
        "GDPR Art. 17",
        "GDPR Art. 20",
        "GDPR Art. 25",
        "GDPR Art. 30",
        "GDPR Art. 32",
        "CCPA Cal. Civ. Code § 1798.110",
        "CCPA Cal. Civ. Code § 1798.105",
        "HIPAA 45 CFR 164.312(a)",
        "HIPAA 45 CFR 164.312(b)",
        "HIPAA 45 CFR 164.312(c)",
        "HIPAA 45 CFR 164.312(d)",
        "HIPAA 45 CFR 164.312(e)",
      ],
    );
    assert.equal(report.disclaimer, COMPLIANCE_DISCLAIMER);
    assert.match(report.disclaimer, /does not certify/);
    for (const item of report.sections.flatMap((s) => s.items)) {
      assert.equal(item.fix === null, item.status === "met", item.id);
    }
    assert.match(find(report, "gdpr.32.encryption").state, /AES-256-GCM .*KEK id [0-9a-f]{16}/);
  });

  it("reflects settings as they change", async () => {
    const scope = h.store.scoped(h.workspaceId);
    const before = await buildComplianceReport(h.deps, h.admin, { now: daysAfter(1) });
    assert.equal(find(before, "gdpr.5-1-e.conversations").status, "needs-attention");
    assert.match(find(before, "gdpr.5-1-e.conversations").state, /kept forever/);
    assert.equal(find(before, "hipaa.d.2fa").status, "needs-attention");
    assert.match(find(before, "hipaa.d.2fa").state, /^2FA: 0 of 2 active members/);
    assert.equal(find(before, "hipaa.e.transport").status, "needs-attention");
    assert.match(find(before, "hipaa.e.transport").state, /localhost only/);
    assert.equal(find(before, "hipaa.b.audit").status, "met");

    await h.putPolicy({ retention: { conversationDays: 30, visitorDays: 60, auditDays: 365 } });
    for (const member of await scope.members.list())
      await scope.members.update(member.id, { twoFactorEnabled: true });
    await runRetention(h.deps, { now: daysAfter(1) });
    const after = await buildComplianceReport(h.deps, h.admin, {
      now: daysAfter(1),
      publicUrl: "https://chat.acme.test",
    });
    assert.equal(find(after, "gdpr.5-1-e.conversations").status, "met");
    assert.match(find(after, "gdpr.5-1-e.conversations").state, /30 days after last activity/);
    assert.equal(find(after, "gdpr.5-1-e.visitors").status, "met");
    assert.equal(find(after, "gdpr.5-1-e.job").status, "met");
    assert.equal(find(after, "hipaa.d.2fa").status, "met");
    assert.match(find(after, "hipaa.d.2fa").state, /^2FA: 2 of 2 active members/);
    assert.equal(find(after, "hipaa.e.transport").status, "met");
    // Six years of audit records for HIPAA: a year is not enough.
    assert.equal(find(after, "hipaa.b.audit").status, "needs-attention");
    assert.ok(after.summary.met > before.summary.met);

    // A department that keeps its chats forever, and a legal hold, show up too.
    await scope.policies.put(
      { type: "department", id: h.general.id },
      { retention: { conversationDays: null }, legalHold: true },
    );
    const held = await buildComplianceReport(h.deps, h.admin, {
      now: daysAfter(1),
      publicUrl: "https://chat.acme.test",
    });
    assert.match(find(held, "gdpr.5-1-e.legal-hold").state, /1 department/);
    await scope.policies.delete({ type: "department", id: h.general.id });
  });

  it("shows a tampered audit chain as needing attention", async () => {
    const driver = createSqliteDriver(openSqliteDatabase(h.dbPath));
    await driver.run("UPDATE audit_events SET outcome = 'failure' WHERE workspace_id = ? AND seq = 2", [
      h.workspaceId,
    ]);
    await driver.close();
    const report = await buildComplianceReport(h.deps, h.admin, { now: daysAfter(1) });
    assert.equal(find(report, "hipaa.c.integrity").status, "needs-attention");
    assert.match(find(report, "gdpr.30.audit").state, /broken: tampered event at seq 2/);
  });

  it("is for admins only", async () => {
    const manager = await h.addMember("manager", [h.general.id], `m-${randomUUID()}@acme.test`);
    await rejectsWithCode(buildComplianceReport(h.deps, manager, { now: daysAfter(1) }), "access.denied");
  });
});
