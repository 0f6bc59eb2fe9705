import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ZErrorBody } from "@tawkster/core/errors";
import { ZVisitorExport } from "@tawkster/core/lifecycle";
import { verifyAuditLog } from "@tawkster/core/workspace";
import { authDepsOf } from "../../lib/auth/auth-deps";
import { type CookieJar, callApi } from "../../lib/auth/test-hub";
import { ZExportStreamLine } from "../../lib/lifecycle/export-stream-line";
import type { TApiErasurePreview, TApiErasureReceipt } from "../../lib/lifecycle/privacy-schemas";
import { daysAgo, seedVisitorChats } from "../../lib/lifecycle/test-seed";
import { createTestWorkspace, type TTestWorkspace } from "./test-workspace";

const EMAIL = "ana.lopez@example.org";

describe("/api/v1/privacy erasure and export", () => {
  let ws: TTestWorkspace;
  let admin: CookieJar;
  let alice: CookieJar;
  let maria: CookieJar;
  let verified: { visitorId: string; conversationIds: string[] };
  let claimed: { visitorId: string };
  let other: { visitorId: string; conversationIds: string[] };
  before(async () => {
    ws = await createTestWorkspace();
    [admin, alice, maria] = await Promise.all([
      ws.signIn(ws.admin),
      ws.signIn(ws.alice),
      ws.signIn(ws.manager),
    ]);
    const seed = (identity: { email: string; name: string; verified: boolean }, conversations: string[][]) =>
      seedVisitorChats(ws.hub, {
        workspaceId: ws.workspaceId,
        siteId: ws.siteId,
        departmentId: ws.general.id,
        at: daysAgo(1),
        identity,
        conversations,
      });
    const a = await seed({ email: EMAIL, name: "Ana Lopez", verified: true }, [
      ["ana says one", "ana says two"],
      ["ana says three"],
    ]);
    verified = { visitorId: a.visitor.visitorId, conversationIds: a.conversationIds };
    const b = await seed({ email: EMAIL, name: "Someone Else", verified: false }, [["claimed text"]]);
    claimed = { visitorId: b.visitor.visitorId };
    const c = await seed({ email: "olga@example.org", name: "Olga Other", verified: true }, [
      ["olga first", "olga second"],
      ["olga third"],
      ["olga fourth"],
    ]);
    other = { visitorId: c.visitor.visitorId, conversationIds: c.conversationIds };
  });
  after(async () => ws.dispose());

  it("previews by email: every matching visitor, flagged verified or claimed, with counts; no email or content", async () => {
    const response = await callApi(ws.hub, "POST", "/api/v1/privacy/erasure/preview", {
      jar: admin,
      body: { email: EMAIL.toUpperCase() },
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.doesNotMatch(text, /ana\.lopez|says|claimed text/i);
    const preview = JSON.parse(text) as TApiErasurePreview;
    const byId = new Map(preview.visitors.map((v) => [v.visitorId, v]));
    assert.equal(byId.size, 2);
    assert.equal(byId.get(verified.visitorId)?.match, "email-verified");
    assert.equal(byId.get(verified.visitorId)?.conversationCount, 2);
    assert.equal(byId.get(verified.visitorId)?.messageCount, 3);
    assert.equal(byId.get(verified.visitorId)?.siteName, "Shop");
    assert.equal(byId.get(claimed.visitorId)?.match, "email-unverified");
    const byVisitor = (await (
      await callApi(ws.hub, "POST", "/api/v1/privacy/erasure/preview", {
        jar: admin,
        body: { visitorId: other.visitorId },
      })
    ).json()) as TApiErasurePreview;
    assert.deepEqual(
      byVisitor.visitors.map((v) => [v.visitorId, v.match]),
      [[other.visitorId, "visitor-id"]],
    );
  });

  it("finds whom to export by email with the same answer, audited as a lookup for an export, not for an erasure", async () => {
    const scope = ws.hub.store.scoped(ws.workspaceId);
    const before = (await scope.audit.list({ limit: 1000 })).length;
    const response = await callApi(ws.hub, "POST", "/api/v1/privacy/export/preview", {
      jar: admin,
      body: { email: EMAIL },
    });
    assert.equal(response.status, 200);
    const found = (await response.json()) as TApiErasurePreview;
    assert.deepEqual(
      found.visitors.map((v) => [v.visitorId, v.match]).sort(),
      [
        [verified.visitorId, "email-verified"],
        [claimed.visitorId, "email-unverified"],
      ].sort(),
    );
    const erasurePreview = await callApi(ws.hub, "POST", "/api/v1/privacy/erasure/preview", {
      jar: admin,
      body: { visitorId: other.visitorId },
    });
    assert.equal(erasurePreview.status, 200);
    const written = (await scope.audit.list({ limit: 1000 })).slice(before);
    assert.deepEqual(
      written.map((e) => [e.action, e.details.purpose, e.details.lookup, e.details.matchCount]),
      [
        ["privacy.lookup", "export", "emailIndex", 2],
        ["privacy.lookup", "erasure", "visitorId", 1],
      ],
    );
    assert.doesNotMatch(JSON.stringify(written), /ana\.lopez|erase\.lookup/i);
  });

  // Attack: an agent or a manager looking up whether someone chatted, or erasing them.
  it("answers agents and managers 404 and erases nothing", async () => {
    for (const jar of [alice, maria]) {
      const preview = await callApi(ws.hub, "POST", "/api/v1/privacy/erasure/preview", {
        jar,
        body: { email: EMAIL },
      });
      assert.equal(preview.status, 404);
      const exportPreview = await callApi(ws.hub, "POST", "/api/v1/privacy/export/preview", {
        jar,
        body: { email: EMAIL },
      });
      assert.equal(exportPreview.status, 404);
      const erase = await callApi(ws.hub, "POST", "/api/v1/privacy/erasure", {
        jar,
        body: { visitorIds: [verified.visitorId] },
      });
      assert.equal(erase.status, 404);
      assert.ok(ZErrorBody.safeParse(await erase.json()).success);
      const exported = await callApi(ws.hub, "POST", "/api/v1/privacy/export", {
        jar,
        body: { visitorId: other.visitorId },
      });
      assert.equal(exported.status, 404);
    }
    assert.ok(await ws.hub.store.scoped(ws.workspaceId).visitors.get(verified.visitorId));
  });

  it("exports one visitor as JSON and as HTML that runs no script, as attachments, with nothing of anyone else", async () => {
    const json = await callApi(ws.hub, "POST", "/api/v1/privacy/export", {
      jar: admin,
      body: { visitorId: other.visitorId },
    });
    assert.equal(json.status, 200);
    assert.match(
      json.headers.get("content-disposition") ?? "",
      /^attachment; filename="tawkster-export-[0-9a-f-]+\.json"$/,
    );
    const document = ZVisitorExport.parse(await json.json());
    assert.equal(document.visitor.email, "olga@example.org");
    assert.deepEqual(document.conversations.flatMap((c) => c.messages.map((m) => m.body)).sort(), [
      "olga first",
      "olga fourth",
      "olga second",
      "olga third",
    ]);
    assert.doesNotMatch(JSON.stringify(document), /ana|claimed/i);

    const html = await callApi(ws.hub, "POST", "/api/v1/privacy/export?format=html", {
      jar: admin,
      body: { visitorId: other.visitorId },
    });
    assert.equal(html.status, 200);
    assert.match(html.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html.headers.get("content-disposition") ?? "", /^attachment; .*\.html"$/);
    const csp = html.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);
    const page = await html.text();
    assert.match(page, /olga third/);
    assert.doesNotMatch(page, /<script/i);
  });

  it("streams export progress as NDJSON, then the export downloads (for its creator only) as JSON and HTML", async () => {
    const response = await callApi(ws.hub, "POST", "/api/v1/privacy/export/stream", {
      jar: admin,
      body: { visitorId: other.visitorId },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => ZExportStreamLine.parse(JSON.parse(line)));
    assert.deepEqual(
      lines.filter((l) => l.type === "progress").map((l) => (l.type === "progress" ? [l.done, l.total] : [])),
      [
        [0, 3],
        [1, 3],
        [2, 3],
        [3, 3],
      ],
    );
    const done = lines.at(-1);
    assert.ok(done?.type === "done", JSON.stringify(done));
    assert.equal(done.messageCount, 4);
    const path = `/api/v1/privacy/export/${done.exportId}`;
    const json = await callApi(ws.hub, "GET", path, { jar: admin });
    assert.equal(json.status, 200);
    assert.equal(ZVisitorExport.parse(await json.json()).visitor.id, other.visitorId);
    const html = await callApi(ws.hub, "GET", `${path}?format=html`, { jar: admin });
    assert.match(html.headers.get("content-security-policy") ?? "", /sandbox/);
    // Attack: another member fetching a finished export by its id.
    const stolen = await callApi(ws.hub, "GET", path, { jar: maria });
    assert.equal(stolen.status, 404);
  });

  it("a refused or unknown export is an ordinary error response, not a stream", async () => {
    const unknown = await callApi(ws.hub, "POST", "/api/v1/privacy/export/stream", {
      jar: admin,
      body: { visitorId: "00000000-0000-4000-8000-000000000000" },
    });
    assert.equal(unknown.status, 404);
    assert.ok(ZErrorBody.safeParse(await unknown.json()).success);
    const byAgent = await callApi(ws.hub, "POST", "/api/v1/privacy/export/stream", {
      jar: alice,
      body: { visitorId: other.visitorId },
    });
    assert.equal(byAgent.status, 404);
  });

  it("erases the verified visitor key first; the receipt has counts and no content; a repeat answers the same receipt", async () => {
    const response = await callApi(ws.hub, "POST", "/api/v1/privacy/erasure", {
      jar: admin,
      body: { visitorIds: [verified.visitorId], requestId: "wp-request-17" },
    });
    assert.equal(response.status, 201);
    const receipt = (await response.json()) as TApiErasureReceipt;
    assert.equal(receipt.source, "api");
    assert.deepEqual(receipt.counts, {
      visitors: 1,
      conversations: 2,
      messages: 3,
      readMarkers: receipt.counts.readMarkers,
      keysDestroyed: 1,
      outboxQueued: 0,
    });
    const scope = ws.hub.store.scoped(ws.workspaceId);
    assert.equal(await scope.visitors.get(verified.visitorId), null);
    assert.ok(await scope.visitors.get(claimed.visitorId), "the unverified claimant was not chosen");
    for (const id of verified.conversationIds) assert.equal(await scope.conversations.get(id), null);

    const repeat = (await (
      await callApi(ws.hub, "POST", "/api/v1/privacy/erasure", {
        jar: admin,
        body: { visitorIds: [verified.visitorId], requestId: "wp-request-17" },
      })
    ).json()) as TApiErasureReceipt;
    assert.equal(repeat.id, receipt.id);

    const fetched = await callApi(ws.hub, "GET", `/api/v1/privacy/erasure/${receipt.id}?download=1`, {
      jar: admin,
    });
    assert.equal(fetched.status, 200);
    assert.match(
      fetched.headers.get("content-disposition") ?? "",
      /^attachment; filename="tawkster-erasure-/,
    );
    const text = await fetched.text();
    assert.doesNotMatch(text, /ana|says/i);
    assert.equal((JSON.parse(text) as TApiErasureReceipt).id, receipt.id);
    const forManager = await callApi(ws.hub, "GET", `/api/v1/privacy/erasure/${receipt.id}`, { jar: maria });
    assert.equal(forManager.status, 404);

    const gone = await callApi(ws.hub, "POST", "/api/v1/privacy/export", {
      jar: admin,
      body: { visitorId: verified.visitorId },
    });
    assert.equal(gone.status, 404);
    const audit = await scope.audit.list({ limit: 1000 });
    for (const action of [
      "privacy.lookup",
      "privacy.erase.request",
      "privacy.erase.complete",
      "privacy.export",
    ]) {
      assert.ok(
        audit.some((e) => e.action === action),
        action,
      );
    }
    assert.doesNotMatch(JSON.stringify(audit), /ana\.lopez/i);
    assert.equal((await verifyAuditLog(authDepsOf(ws.hub), ws.admin.actor)).ok, true);
  });
});
