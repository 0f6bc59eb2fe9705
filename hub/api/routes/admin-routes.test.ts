import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ZErrorBody } from "@tawkster/core/errors";
import Database from "better-sqlite3";
import { type CookieJar, callApi } from "../../lib/auth/test-hub";
import { createTestWorkspace, type TTestWorkspace } from "./test-workspace";

async function codeOf(response: Response): Promise<string> {
  return ZErrorBody.parse(await response.json()).error.code;
}

describe("/api/v1 departments, members, sites, policies and audit", () => {
  let ws: TTestWorkspace;
  let admin: CookieJar;
  let alice: CookieJar;
  let maria: CookieJar;
  /** Another workspace's department and member, made behind the API's back. */
  let foreign: { departmentId: string; memberId: string };
  before(async () => {
    ws = await createTestWorkspace();
    [admin, alice, maria] = await Promise.all([
      ws.signIn(ws.admin),
      ws.signIn(ws.alice),
      ws.signIn(ws.manager),
    ]);
    const other = await ws.hub.store.workspaces.create({
      id: randomUUID(),
      name: "Other",
      createdAt: new Date(),
    });
    const scope = ws.hub.store.scoped(other.id);
    const department = await scope.departments.create({
      id: randomUUID(),
      name: "Theirs",
      createdAt: new Date(),
    });
    const member = await scope.members.create({
      id: randomUUID(),
      email: "olga@other.example",
      name: "Olga",
      role: "agent",
      departmentIds: [department.id],
      status: "active",
      twoFactorEnabled: false,
      passwordHash: null,
      keyId: null,
      totpSecretCipher: null,
      createdAt: new Date(),
      lastSignInAt: null,
    });
    foreign = { departmentId: department.id, memberId: member.id };
  });
  after(async () => ws.dispose());

  it("departments: listed for every member, created and renamed by admins", async () => {
    const listed = (await (await callApi(ws.hub, "GET", "/api/v1/departments", { jar: alice })).json()) as {
      departments: { name: string }[];
    };
    assert.deepEqual(listed.departments.map((d) => d.name).sort(), ["Billing", "General"]);
    const created = await callApi(ws.hub, "POST", "/api/v1/departments", {
      jar: admin,
      body: { name: "Clinical" },
    });
    assert.equal(created.status, 201);
    const { department } = (await created.json()) as { department: { id: string } };
    const renamed = await callApi(ws.hub, "PATCH", `/api/v1/departments/${department.id}`, {
      jar: admin,
      body: { name: "Clinical care" },
    });
    assert.equal(
      ((await renamed.json()) as { department: { name: string } }).department.name,
      "Clinical care",
    );
    const duplicate = await callApi(ws.hub, "POST", "/api/v1/departments", {
      jar: admin,
      body: { name: "Billing" },
    });
    assert.equal(duplicate.status, 409);
    const byAgent = await callApi(ws.hub, "POST", "/api/v1/departments", {
      jar: alice,
      body: { name: "Mine" },
    });
    assert.equal(byAgent.status, 403);
  });

  // Attack: an admin of one workspace changing another workspace's rows by id.
  it("answers 404 for another workspace's department or member, and changes nothing", async () => {
    const department = await callApi(ws.hub, "PATCH", `/api/v1/departments/${foreign.departmentId}`, {
      jar: admin,
      body: { name: "Taken over" },
    });
    assert.equal(department.status, 404);
    const member = await callApi(ws.hub, "POST", `/api/v1/members/${foreign.memberId}/deactivate`, {
      jar: admin,
    });
    assert.equal(member.status, 404);
    const [workspace] = (await ws.hub.store.workspaces.list()).filter((w) => w.id !== ws.workspaceId);
    const scope = ws.hub.store.scoped(workspace?.id ?? "");
    assert.equal((await scope.departments.get(foreign.departmentId))?.name, "Theirs");
    assert.equal((await scope.members.get(foreign.memberId))?.status, "active");
  });

  it("members: invited without a password, updated and deactivated by admins; the directory holds no secrets", async () => {
    const invited = await callApi(ws.hub, "POST", "/api/v1/members", {
      jar: admin,
      body: { email: "carl@clinic.example", name: "Carl", role: "agent", departmentIds: [ws.billing.id] },
    });
    assert.equal(invited.status, 201);
    const { member } = (await invited.json()) as { member: { id: string; status: string } };
    assert.equal(member.status, "invited");
    const unknownRole = await callApi(ws.hub, "POST", "/api/v1/members", {
      jar: admin,
      body: { email: "dan@clinic.example", name: "Dan", role: "owner" },
    });
    assert.equal(unknownRole.status, 400);
    const withPassword = await callApi(ws.hub, "POST", "/api/v1/members", {
      jar: admin,
      body: { email: "eve@clinic.example", name: "Eve", role: "agent", password: "chosen for her" },
    });
    assert.equal(withPassword.status, 400, "an invitation never carries a password");
    const promoted = await callApi(ws.hub, "PATCH", `/api/v1/members/${member.id}`, {
      jar: admin,
      body: { role: "manager" },
    });
    assert.equal(((await promoted.json()) as { member: { role: string } }).member.role, "manager");
    const empty = await callApi(ws.hub, "PATCH", `/api/v1/members/${member.id}`, { jar: admin, body: {} });
    assert.equal(empty.status, 400);
    const deactivated = await callApi(ws.hub, "POST", `/api/v1/members/${member.id}/deactivate`, {
      jar: admin,
    });
    assert.equal(((await deactivated.json()) as { member: { status: string } }).member.status, "deactivated");
    const directory = await callApi(ws.hub, "GET", "/api/v1/members", { jar: alice });
    const text = await directory.text();
    assert.equal(directory.status, 200);
    assert.doesNotMatch(text, /argon2|passwordHash|totp/i);
    const byAgent = await callApi(ws.hub, "POST", "/api/v1/members", {
      jar: alice,
      body: { email: "x@clinic.example", name: "X", role: "admin" },
    });
    assert.equal(byAgent.status, 403);
  });

  it("sites: created with key, snippet and secret once; listed without secrets; reveal and rotate audited", async () => {
    const created = await callApi(ws.hub, "POST", "/api/v1/sites", {
      jar: admin,
      body: { name: "Blog", allowedDomains: ["blog.example.com", "*.example.org"] },
    });
    assert.equal(created.status, 201);
    const site = (await created.json()) as {
      site: { id: string };
      siteKey: string;
      embedSnippet: string;
      identitySecret: string;
    };
    assert.match(site.siteKey, /^site_[A-Za-z0-9]{20,40}$/);
    assert.equal(
      site.embedSnippet,
      `<script src="http://127.0.0.1:3000/widget.js" data-site="${site.siteKey}" async></script>`,
    );
    assert.ok(site.identitySecret.length >= 40);
    const listed = await (await callApi(ws.hub, "GET", "/api/v1/sites", { jar: admin })).text();
    assert.doesNotMatch(listed, new RegExp(site.identitySecret));
    const revealed = await callApi(ws.hub, "POST", `/api/v1/sites/${site.site.id}/secret/reveal`, {
      jar: admin,
    });
    assert.deepEqual(await revealed.json(), { identitySecret: site.identitySecret });
    const rotated = (await (
      await callApi(ws.hub, "POST", `/api/v1/sites/${site.site.id}/secret/rotate`, { jar: admin })
    ).json()) as {
      identitySecret: string;
    };
    assert.notEqual(rotated.identitySecret, site.identitySecret);
    const patched = await callApi(ws.hub, "PATCH", `/api/v1/sites/${site.site.id}`, {
      jar: admin,
      body: { allowedDomains: ["blog.example.com"] },
    });
    assert.deepEqual(((await patched.json()) as { site: { allowedDomains: string[] } }).site.allowedDomains, [
      "blog.example.com",
    ]);
    const badDomain = await callApi(ws.hub, "POST", "/api/v1/sites", {
      jar: admin,
      body: { name: "X", allowedDomains: ["a b"] },
    });
    assert.equal(badDomain.status, 400);
    const byManager = await callApi(ws.hub, "GET", "/api/v1/sites", { jar: maria });
    assert.equal(byManager.status, 403);
    const audit = (await (
      await callApi(ws.hub, "GET", "/api/v1/audit?action=site.secret.reveal", { jar: admin })
    ).json()) as {
      events: { resource: { id: string } }[];
    };
    assert.deepEqual(
      audit.events.map((e) => e.resource.id),
      [site.site.id],
    );
  });

  it("policies: read by managers, set by admins per scope, previewed resolved", async () => {
    const put = await callApi(ws.hub, "PUT", `/api/v1/policies/department/${ws.billing.id}`, {
      jar: admin,
      body: { retention: { conversationDays: 30 }, redaction: { mode: "mask-before-storage" } },
    });
    assert.equal(put.status, 200);
    const misspelt = await callApi(ws.hub, "PUT", "/api/v1/policies/workspace", {
      jar: admin,
      body: { legalhold: true },
    });
    assert.equal(misspelt.status, 400, "an unknown setting is refused, not dropped");
    const badScope = await callApi(ws.hub, "PUT", "/api/v1/policies/team/x", { jar: admin, body: {} });
    assert.equal(badScope.status, 400);
    const noId = await callApi(ws.hub, "PUT", "/api/v1/policies/department", { jar: admin, body: {} });
    assert.equal(noId.status, 400);
    const byManager = await callApi(ws.hub, "PUT", "/api/v1/policies/workspace", { jar: maria, body: {} });
    assert.equal(byManager.status, 403);
    const listed = (await (await callApi(ws.hub, "GET", "/api/v1/policies", { jar: maria })).json()) as {
      policies: unknown[];
    };
    assert.ok(listed.policies.length >= 2);
    const resolved = (await (
      await callApi(ws.hub, "GET", `/api/v1/policies/resolved?departmentId=${ws.billing.id}`, { jar: maria })
    ).json()) as { policy: { retention: { conversationDays: number }; redaction: { mode: string } } };
    assert.equal(resolved.policy.retention.conversationDays, 30);
    assert.equal(resolved.policy.redaction.mode, "mask-before-storage");
    const byAgent = await callApi(ws.hub, "GET", "/api/v1/policies", { jar: alice });
    assert.equal(byAgent.status, 403);
  });

  it("audit: filtered reads with a cursor, and verification that names a tampered event", async () => {
    const page = (await (await callApi(ws.hub, "GET", "/api/v1/audit?limit=2", { jar: admin })).json()) as {
      events: { seq: number; at: string }[];
      nextAfterSeq: number;
    };
    assert.deepEqual(
      page.events.map((e) => e.seq),
      [1, 2],
    );
    assert.equal(page.nextAfterSeq, 2);
    const next = (await (
      await callApi(ws.hub, "GET", `/api/v1/audit?afterSeq=2&limit=1`, { jar: admin })
    ).json()) as {
      events: { seq: number }[];
    };
    assert.deepEqual(
      next.events.map((e) => e.seq),
      [3],
    );
    const byActor = (await (
      await callApi(
        ws.hub,
        "GET",
        `/api/v1/audit?actorId=${ws.admin.actor.memberId}&action=department.create`,
        { jar: admin },
      )
    ).json()) as { events: { action: string }[] };
    assert.ok(byActor.events.length >= 1 && byActor.events.every((e) => e.action === "department.create"));
    const verified = await callApi(ws.hub, "GET", "/api/v1/audit/verify", { jar: admin });
    assert.equal(((await verified.json()) as { ok: boolean }).ok, true);
    assert.equal((await callApi(ws.hub, "GET", "/api/v1/audit", { jar: maria })).status, 403);
    // Someone with the database file edits an event: the chain names it.
    const path = ws.hub.config.database.kind === "sqlite" ? ws.hub.config.database.path : "";
    const db = new Database(path);
    db.prepare("UPDATE audit_events SET details = ? WHERE workspace_id = ? AND seq = 3").run(
      '{"edited":true}',
      ws.workspaceId,
    );
    db.close();
    const broken = await callApi(ws.hub, "GET", "/api/v1/audit/verify", { jar: admin });
    assert.deepEqual(await broken.json(), { ok: false, problem: "tampered", seq: 3, firstSeq: 1 });
    assert.equal(
      await codeOf(await callApi(ws.hub, "GET", "/api/v1/audit?afterSeq=x", { jar: admin })),
      "request.invalid",
    );
  });
});
