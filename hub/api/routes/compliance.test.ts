import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type CookieJar, callApi } from "../../lib/auth/test-hub";
import type { TApiAccessReview, TApiComplianceReport } from "../../lib/lifecycle/compliance-schemas";
import { createTestWorkspace, type TTestWorkspace } from "./test-workspace";

describe("/api/v1/compliance access review and report", () => {
  let ws: TTestWorkspace;
  let admin: CookieJar;
  let alice: CookieJar;
  before(async () => {
    ws = await createTestWorkspace();
    [admin, alice] = await Promise.all([ws.signIn(ws.admin), ws.signIn(ws.alice)]);
  });
  after(async () => ws.dispose());

  it("lists every member with role, departments, 2FA, last sign-in and live sessions, flagging members without 2FA", async () => {
    const response = await callApi(ws.hub, "GET", "/api/v1/compliance/access-review", { jar: admin });
    assert.equal(response.status, 200);
    const review = (await response.json()) as TApiAccessReview;
    assert.equal(review.counts.members, 4);
    const alicesRow = review.members.find((m) => m.email === ws.alice.email);
    assert.deepEqual(alicesRow?.departments, ["General"]);
    assert.ok(alicesRow?.flags.includes("no-2fa"));
    assert.ok((alicesRow?.activeSessionCount ?? 0) >= 1);
    assert.doesNotMatch(JSON.stringify(review), /argon2|passwordHash|totp/i);
  });

  it("downloads the review as CSV", async () => {
    const response = await callApi(ws.hub, "GET", "/api/v1/compliance/access-review?format=csv", {
      jar: admin,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(
      response.headers.get("content-disposition") ?? "",
      /^attachment; filename="tawkster-access-review-/,
    );
    const [header, ...rows] = (await response.text()).trimEnd().split("\r\n");
    assert.match(
      header ?? "",
      /^Name,Email,Role,Departments,Status,Two-factor,Last sign-in,Active sessions,Flags$/,
    );
    assert.equal(rows.length, 4);
  });

  it("reports each item met or needing attention with its fix, and says it does not certify", async () => {
    const response = await callApi(ws.hub, "GET", "/api/v1/compliance/report", { jar: admin });
    assert.equal(response.status, 200);
    const report = (await response.json()) as TApiComplianceReport;
    assert.match(report.disclaimer, /does not certify/);
    const items = report.sections.flatMap((s) => s.items);
    assert.equal(report.summary.met + report.summary.needsAttention, items.length);
    assert.ok(items.every((i) => (i.status === "met") === (i.fix === null)));
    assert.deepEqual([...new Set(report.sections.map((s) => s.framework))], ["GDPR", "CCPA", "HIPAA"]);
  });

  // Attack: an agent reading who lacks a second factor (a map of the weakest accounts).
  it("refuses agents", async () => {
    for (const path of ["/api/v1/compliance/access-review", "/api/v1/compliance/report"]) {
      const response = await callApi(ws.hub, "GET", path, { jar: alice });
      assert.ok([403, 404].includes(response.status), `${path}: ${response.status}`);
    }
  });
});
