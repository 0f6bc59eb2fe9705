import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { rejectsWithCode } from "../chat/test-harness";
import type { TMemberActor } from "../rbac/actors";
import type { TVisitorRow } from "../store/port";
import { verifyAuditLog } from "../workspace/verify-audit-log";
import { eraseVisitors } from "./erase-visitors";
import { exportVisitor } from "./export-visitor";
import { findVisitors } from "./find-visitors";
import { renderVisitorExportHtml } from "./render-visitor-export-html";
import {
  createLifecycleHarness,
  daysAfter,
  seedConversation,
  seedVisitor,
  type TLifecycleHarness,
} from "./test-fixtures";
import { ZVisitorExport } from "./visitor-export";

describe("right of access: exportVisitor", () => {
  let h: TLifecycleHarness;
  let alice: TVisitorRow;
  let mallory: TVisitorRow;
  let agent: TMemberActor;
  let otherAgent: TMemberActor;
  const aliceBodies = [
    [
      "ALICE-MARKER-a1 hello <script>alert(1)</script>",
      "AGENT-REPLY-a2",
      "ALICE-MARKER-a3 \"quoted\" & 'single'",
    ],
    ["ALICE-MARKER-b1", "AGENT-REPLY-b2"],
    ["ALICE-MARKER-c1"],
  ];

  before(async () => {
    h = await createLifecycleHarness();
    h.clock.now = daysAfter(2);
    agent = await h.addMember("agent", [h.general.id]);
    otherAgent = await h.addMember("agent", [h.general.id]);
    const scope = h.store.scoped(h.workspaceId);
    await scope.members.update(agent.memberId, { name: "Grace Hopper" });
    await scope.members.update(otherAgent.memberId, { name: "Never Replied To Alice" });
    alice = await seedVisitor(h, {
      siteId: h.site.id,
      lastSeenAt: daysAfter(1),
      email: "alice@example.test",
      name: "Alice Liddell",
      verified: true,
      ip: "203.0.113.0",
    });
    mallory = await seedVisitor(h, {
      siteId: h.site.id,
      lastSeenAt: daysAfter(1),
      email: "mallory@example.test",
      name: "MALLORY-NAME",
    });
    for (const [i, bodies] of aliceBodies.entries()) {
      await seedConversation(h, {
        visitor: alice,
        departmentId: h.general.id,
        at: daysAfter(1, i * 1000),
        bodies,
        memberId: agent.memberId,
        ...(i === 0 && { zendesk: { subdomain: "acme", ticketId: 7 } }),
      });
    }
    const malloryChat = await seedConversation(h, {
      visitor: mallory,
      departmentId: h.general.id,
      at: daysAfter(1),
      bodies: ["MALLORY-MARKER-1", "MALLORY-AGENT-REPLY"],
      memberId: otherAgent.memberId,
    });
    // Audit events about each of them (and about nobody in particular).
    for (const [resource, id] of [
      ["visitor", alice.id],
      ["visitor", mallory.id],
      ["conversation", malloryChat.conversation.id],
    ] as const) {
      await scope.audit.append({
        actor: { type: "member", id: agent.memberId },
        action: "conversation.read",
        resource: { type: resource, id },
        outcome: "success",
        details: { note: `about-${id}` },
      });
    }
  });
  after(() => h.dispose());

  it("contains every field and every message of the visitor, decrypted, and reports progress per conversation", async () => {
    const progress: [number, number][] = [];
    const doc = await exportVisitor(
      h.deps,
      h.admin,
      { visitorId: alice.id },
      { onProgress: (d, t) => progress.push([d, t]) },
    );
    assert.equal(ZVisitorExport.safeParse(doc).success, true);
    assert.deepEqual(progress, [
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    assert.deepEqual(doc.visitor, {
      id: alice.id,
      siteName: "Shop",
      email: "alice@example.test",
      name: "Alice Liddell",
      identityVerified: true,
      ip: "203.0.113.0",
      consent: { functional: true, updatedAt: daysAfter(1).toISOString() },
      firstSeenAt: daysAfter(1).toISOString(),
      lastSeenAt: daysAfter(1).toISOString(),
    });
    assert.deepEqual(
      doc.conversations.map((c) => c.messages.map((m) => m.body)),
      aliceBodies,
    );
    assert.deepEqual(
      doc.conversations[0]?.messages.map((m) => [m.from, m.agentName]),
      [
        ["visitor", null],
        ["agent", "Grace Hopper"],
        ["visitor", null],
      ],
    );
    assert.deepEqual(doc.conversations[0]?.agents, ["Grace Hopper"]);
    assert.deepEqual(doc.conversations[0]?.sharedWith, ["zendesk"]);
    assert.deepEqual(doc.conversations[2]?.agents, []);
    assert.ok(doc.auditEvents.some((e) => e.resource.type === "visitor" && e.resource.id === alice.id));
  });

  it("holds nothing about anyone else", async () => {
    const text = JSON.stringify(await exportVisitor(h.deps, h.admin, { visitorId: alice.id }));
    for (const foreign of [
      "MALLORY",
      mallory.id,
      "mallory@example.test",
      "Never Replied To Alice",
      agent.memberId,
      otherAgent.memberId,
      h.admin.memberId,
      "about-",
      "member1@acme.test",
    ]) {
      assert.equal(text.includes(foreign), false, `export leaks ${foreign}`);
    }
  });

  it("is audited with counts only, for admins, the export job and the visitor themself", async () => {
    const visitorActor = {
      type: "visitor" as const,
      workspaceId: h.workspaceId,
      visitorId: alice.id,
      siteId: h.site.id,
    };
    await exportVisitor(h.deps, visitorActor, { visitorId: alice.id });
    await exportVisitor(
      h.deps,
      { type: "system", job: "export", workspaceId: h.workspaceId },
      { visitorId: alice.id },
    );
    const exports = (await h.store.scoped(h.workspaceId).audit.list()).filter(
      (e) => e.action === "privacy.export",
    );
    assert.deepEqual(
      exports.map((e) => e.actor.type),
      ["member", "member", "visitor", "system"],
    );
    assert.deepEqual(exports[0]?.details, { conversationCount: 3, messageCount: 6 });
    assert.equal((await verifyAuditLog(h.deps, h.admin)).ok, true);
  });

  it("finds the visitor to export by email as an access request: audited as a lookup for an export, never as an erasure", async () => {
    const scope = h.store.scoped(h.workspaceId);
    const before = (await scope.audit.list()).length;
    const found = await findVisitors(
      h.deps,
      h.admin,
      { email: " ALICE@example.test" },
      { purpose: "export" },
    );
    assert.deepEqual(
      found.visitors.map((v) => [v.visitorId, v.match, v.conversationCount, v.messageCount]),
      [[alice.id, "email-verified", 3, 6]],
    );
    const written = (await scope.audit.list()).slice(before);
    assert.deepEqual(
      written.map((e) => [e.action, e.outcome, e.resource.type]),
      [["privacy.lookup", "success", "workspace"]],
    );
    assert.deepEqual(written[0]?.details, {
      purpose: "export",
      lookup: "emailIndex",
      matchCount: 1,
      visitorIds: [alice.id],
    });
    assert.doesNotMatch(JSON.stringify(written), /alice@|Liddell|erase/i, "no email, no erasure wording");
    assert.doesNotMatch(JSON.stringify(found), /alice@|Liddell|ALICE-MARKER/);
  });

  // Attack: an agent probing, through the export's lookup, whether an email has chatted here.
  it("answers an agent's lookup 'not found' before looking, and audits the refusal as a lookup", async () => {
    const scope = h.store.scoped(h.workspaceId);
    const before = (await scope.audit.list()).length;
    await rejectsWithCode(
      findVisitors(h.deps, agent, { email: "alice@example.test" }, { purpose: "export" }),
      "resource.not_found",
    );
    const written = (await scope.audit.list()).slice(before);
    assert.deepEqual(
      written.map((e) => [e.action, e.outcome]),
      [["privacy.lookup", "denied"]],
    );
    await rejectsWithCode(
      findVisitors(h.deps, h.admin, { email: "alice@example.test" }, { purpose: "sale" as never }),
      "request.invalid",
    );
  });

  // Attack: an agent, or another visitor, pulling a visitor's whole history through the export.
  it("answers agents and other visitors 'not found'", async () => {
    await rejectsWithCode(exportVisitor(h.deps, agent, { visitorId: alice.id }), "resource.not_found");
    const other = {
      type: "visitor" as const,
      workspaceId: h.workspaceId,
      visitorId: mallory.id,
      siteId: h.site.id,
    };
    await rejectsWithCode(exportVisitor(h.deps, other, { visitorId: alice.id }), "resource.not_found");
  });

  it("renders a standalone HTML page with every value escaped and no script", async () => {
    const doc = await exportVisitor(h.deps, h.admin, { visitorId: alice.id });
    const html = renderVisitorExportHtml(doc);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;/);
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /ALICE-MARKER-a1 hello &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&quot;quoted&quot; &amp; &#39;single&#39;/);
    for (const bodies of aliceBodies)
      for (const body of bodies) assert.ok(html.includes(body.split(" ")[0] ?? ""));
    assert.match(html, /Grace Hopper/);
  });

  it("answers resource.gone once the visitor was erased", async () => {
    const target = await seedVisitor(h, { siteId: h.site.id, lastSeenAt: daysAfter(1), name: "Gone Soon" });
    await seedConversation(h, {
      visitor: target,
      departmentId: h.general.id,
      at: daysAfter(1),
      bodies: ["x"],
    });
    await h.vault.destroyKey(h.workspaceId, target.keyId);
    await rejectsWithCode(exportVisitor(h.deps, h.admin, { visitorId: target.id }), "resource.gone");
    await eraseVisitors(h.deps, h.admin, { visitorIds: [target.id], source: "console" });
    await rejectsWithCode(exportVisitor(h.deps, h.admin, { visitorId: target.id }), "resource.not_found");
  });
});
