import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ZErrorBody } from "@tawkster/core/errors";
import { putPolicy, verifyAuditLog } from "@tawkster/core/workspace";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { type CookieJar, callApi } from "../../lib/auth/test-hub";
import { type TPurgeReport, ZPurgeReport } from "../../lib/lifecycle/purge-report";
import { daysAgo, seedVisitorChats } from "../../lib/lifecycle/test-seed";
import { createTestWorkspace, type TTestWorkspace } from "./test-workspace";

describe("/api/v1/retention preview and run", () => {
  let ws: TTestWorkspace;
  let admin: CookieJar;
  let alice: CookieJar;
  let maria: CookieJar;
  const old: string[] = [];
  let recent: string[] = [];
  before(async () => {
    ws = await createTestWorkspace();
    [admin, alice, maria] = await Promise.all([
      ws.signIn(ws.admin),
      ws.signIn(ws.alice),
      ws.signIn(ws.manager),
    ]);
    const seed = (at: Date, bodies: string[][], departmentId = ws.general.id) =>
      seedVisitorChats(ws.hub, {
        workspaceId: ws.workspaceId,
        siteId: ws.siteId,
        departmentId,
        at,
        conversations: bodies,
      });
    old.push(...(await seed(daysAgo(45), [["old secret alpha"], ["old secret beta"]])).conversationIds);
    old.push(...(await seed(daysAgo(31), [["old secret gamma"]], ws.billing.id)).conversationIds);
    recent = (await seed(daysAgo(2), [["recent hello"]])).conversationIds;
    await putPolicy(
      authDepsOf(ws.hub),
      ws.admin.actor,
      { type: "workspace" },
      {
        twoFactor: { requiredRoles: [] },
        retention: { conversationDays: 30 },
      },
    );
  });
  after(async () => ws.dispose());

  const conversationExists = async (id: string) =>
    (await ws.hub.store.scoped(ws.workspaceId).conversations.get(id)) !== null;

  it("previews exactly the conversations past their period, with department, site and age, no content; deletes nothing", async () => {
    const response = await callApi(ws.hub, "POST", "/api/v1/retention/preview", { jar: admin });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.doesNotMatch(text, /secret|hello/);
    const report: TPurgeReport = ZPurgeReport.parse(JSON.parse(text));
    assert.equal(report.dryRun, true);
    assert.equal(report.totals.conversations, 3);
    assert.equal(report.totals.messages, 3);
    const [workspace] = report.workspaces;
    assert.deepEqual(workspace?.conversations.map((c) => c.id).sort(), [...old].sort());
    const billing = workspace?.conversations.find((c) => c.departmentName === "Billing");
    assert.equal(billing?.siteName, "Shop");
    assert.ok((billing?.ageDays ?? 0) >= 31);
    for (const id of [...old, ...recent])
      assert.ok(await conversationExists(id), "a dry run deletes nothing");
  });

  // Attack: an agent or a manager purging the workspace's history (or probing what would go).
  it("refuses agents and managers, and deletes nothing", async () => {
    for (const jar of [alice, maria]) {
      for (const path of ["/api/v1/retention/preview", "/api/v1/retention/run"]) {
        const response = await callApi(ws.hub, "POST", path, { jar });
        assert.ok([403, 404].includes(response.status), `${path}: ${response.status}`);
        assert.ok(ZErrorBody.safeParse(await response.json()).success);
      }
    }
    const noSession = await callApi(ws.hub, "POST", "/api/v1/retention/run");
    assert.equal(noSession.status, 401);
    // Attack: a page on another site making an admin's browser run a purge (CSRF).
    const crossSite = await callApi(ws.hub, "POST", "/api/v1/retention/run", {
      jar: admin,
      origin: "https://evil.example",
    });
    assert.equal(crossSite.status, 403);
    for (const id of old) assert.ok(await conversationExists(id));
  });

  it("runs: the due conversations go, the rest stay, the run is audited and the chain verifies", async () => {
    const response = await callApi(ws.hub, "POST", "/api/v1/retention/run", { jar: admin });
    assert.equal(response.status, 200);
    const report = ZPurgeReport.parse(await response.json());
    assert.equal(report.status, "completed");
    assert.equal(report.dryRun, false);
    assert.deepEqual(report.workspaces[0]?.conversations.map((c) => c.id).sort(), [...old].sort());
    assert.ok(
      report.workspaces[0]?.conversations.every((c) => c.departmentName !== null),
      "described from the preview",
    );
    assert.ok(report.workspaces[0]?.auditEventId);
    for (const id of old) assert.equal(await conversationExists(id), false);
    for (const id of recent) assert.equal(await conversationExists(id), true);
    const audit = await ws.hub.store.scoped(ws.workspaceId).audit.list({ limit: 1000 });
    assert.ok(audit.some((e) => e.action === "retention.run" && e.actor.id === ws.admin.actor.memberId));
    assert.equal((await verifyAuditLog(authDepsOf(ws.hub), ws.admin.actor)).ok, true);
    const again = ZPurgeReport.parse(
      await (await callApi(ws.hub, "POST", "/api/v1/retention/preview", { jar: admin })).json(),
    );
    assert.equal(again.totals.conversations, 0);
  });
});
