import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { rejectsWithCode } from "../chat/test-harness";
import {
  listOwnSessions,
  revokeMemberSessions,
  revokeOtherOwnSessions,
  revokeOwnSession,
  signOutSession,
} from "./manage-sessions";
import {
  beginTotpEnrollment,
  confirmTotpEnrollment,
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
} from "./manage-two-factor";
import { toMemberActor } from "./member-actor";
import { resolveSession } from "./resolve-session";
import { hashSessionSecret } from "./session-secret";
import { signIn, signInSubjectOf, type TSignInResult } from "./sign-in";
import { ADMIN_PASSWORD, createAuthHarness, type TAuthHarness } from "./test-harness";
import { computeTotp } from "./totp";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
const context = { ip: "203.0.113.77", userAgent: CHROME };

function assertOk(result: TSignInResult): asserts result is Extract<TSignInResult, { ok: true }> {
  assert.equal(result.ok, true, `sign-in failed: ${JSON.stringify(result)}`);
}

/** Enrols TOTP for a member through the real operations; returns the secret and recovery codes. */
async function enroll(h: TAuthHarness, memberId: string) {
  const member = await h.store.scoped(h.workspaceId).members.get(memberId);
  assert.ok(member);
  const actor = toMemberActor(member);
  const started = await beginTotpEnrollment(h.deps, actor, {});
  const { recoveryCodes } = await confirmTotpEnrollment(h.deps, actor, {
    enrollmentToken: started.enrollmentToken,
    code: computeTotp(started.secret, h.now()),
  });
  return { secret: started.secret, recoveryCodes, actor };
}

describe("signIn", () => {
  let h: TAuthHarness;
  beforeEach(async () => {
    h = await createAuthHarness();
  });
  afterEach(async () => h.dispose());

  it("creates a session row keyed by the secret's hash, records the time, audits, and upgrades the hash", async () => {
    const agent = await h.addMember("agent");
    const result = await signIn(
      h.deps,
      { email: ` ${agent.email.toUpperCase()} `, password: ADMIN_PASSWORD },
      context,
    );
    assertOk(result);
    assert.equal(result.mustEnrollTwoFactor, false);
    assert.equal(result.session.tokenHash, hashSessionSecret(result.sessionSecret));
    assert.equal(result.session.ip, "203.0.113.0/24");
    assert.equal(result.session.expiresAt.getTime() - h.now().getTime(), 12 * 3_600_000);
    const scope = h.store.scoped(h.workspaceId);
    const stored = await scope.members.get(agent.id);
    assert.deepEqual(stored?.lastSignInAt, h.now());
    assert.match(
      stored?.passwordHash ?? "",
      /m=65536,t=8,p=4/,
      "the cheap hash was re-done at today's parameters",
    );
    const events = await scope.audit.list();
    const last = events[events.length - 1];
    assert.equal(last?.action, "auth.sign_in");
    assert.equal(last?.outcome, "success");
    assert.deepEqual(last?.actor, { type: "member", id: agent.id });
    assert.doesNotMatch(JSON.stringify(events), new RegExp(`${agent.email}|${ADMIN_PASSWORD}`));
  });

  it("marks an admin without a second factor as having to enrol (policy: admins by default)", async () => {
    const result = await signIn(h.deps, { email: h.admin.email, password: ADMIN_PASSWORD }, context);
    assertOk(result);
    assert.equal(result.mustEnrollTwoFactor, true);
    await h.putPolicy({ twoFactor: { requiredRoles: [] } });
    const relaxed = await signIn(h.deps, { email: h.admin.email, password: ADMIN_PASSWORD }, context);
    assertOk(relaxed);
    assert.equal(relaxed.mustEnrollTwoFactor, false);
  });

  // Attack: account enumeration — telling from the answer which emails have accounts.
  it("answers unknown emails, wrong passwords and malformed input alike, and audits each without the email", async () => {
    const agent = await h.addMember("agent");
    const answers = [
      await signIn(h.deps, { email: "nobody@clinic.example", password: ADMIN_PASSWORD }, context),
      await signIn(h.deps, { email: agent.email, password: "wrong password!!" }, context),
      await signIn(h.deps, { email: ["x"], password: 7 }, context),
      await signIn(h.deps, {}, context),
    ];
    assert.deepEqual(answers, Array(4).fill({ ok: false, reason: "invalid" }));
    const failures = (await h.store.scoped(h.workspaceId).audit.list()).filter(
      (e) => e.action === "auth.sign_in",
    );
    assert.deepEqual(
      failures.map((e) => [e.outcome, e.actor.id, e.details.reason]),
      [
        ["failure", null, "bad-credentials"],
        ["failure", agent.id, "bad-credentials"],
        ["failure", null, "malformed"],
        ["failure", null, "malformed"],
      ],
    );
    assert.doesNotMatch(JSON.stringify(failures), /nobody|clinic\.example/);
  });

  // Attack: online password guessing against one account.
  it("locks an email after five failures, refusing even the right password until the lock passes", async () => {
    const agent = await h.addMember("agent");
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(await signIn(h.deps, { email: agent.email, password: `guess ${i} wrong!` }, context), {
        ok: false,
        reason: "invalid",
      });
    }
    h.advance(1000);
    assert.deepEqual(await signIn(h.deps, { email: agent.email, password: ADMIN_PASSWORD }, context), {
      ok: false,
      reason: "locked",
      retryAfterSeconds: 29,
    });
    const actions = (await h.store.scoped(h.workspaceId).audit.list()).map((e) => `${e.action}:${e.outcome}`);
    assert.ok(actions.includes("auth.lockout:denied"));
    assert.equal(actions[actions.length - 1], "auth.sign_in:denied");
    h.advance(29_000);
    assertOk(await signIn(h.deps, { email: agent.email, password: ADMIN_PASSWORD }, context));
    assert.equal(
      await h.store.signInThrottle.get(signInSubjectOf(agent.email)),
      null,
      "success resets the count",
    );
  });

  it("serializes parallel guesses for one email, so no more than five get checked before the lock", async () => {
    const agent = await h.addMember("agent");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        signIn(h.deps, { email: agent.email, password: `parallel ${i}!!!` }, context),
      ),
    );
    assert.equal(results.filter((r) => !r.ok && r.reason === "invalid").length, 5);
    assert.equal(results.filter((r) => !r.ok && r.reason === "locked").length, 7);
  });

  it("counts unknown emails towards a lockout too, so locking does not reveal which emails exist", async () => {
    for (let i = 0; i < 5; i++)
      await signIn(h.deps, { email: "ghost@clinic.example", password: `x${i}` }, context);
    const locked = await signIn(h.deps, { email: "ghost@clinic.example", password: "x" }, context);
    assert.equal(!locked.ok && locked.reason, "locked");
  });

  it("keeps no IP when the policy says none", async () => {
    await h.putPolicy({ ipHandling: "none" });
    const agent = await h.addMember("agent");
    const result = await signIn(h.deps, { email: agent.email, password: ADMIN_PASSWORD }, context);
    assertOk(result);
    assert.equal(result.session.ip, null);
  });

  it("refuses a deactivated member with the same generic answer", async () => {
    const agent = await h.addMember("agent");
    await h.store.scoped(h.workspaceId).members.update(agent.id, { status: "deactivated" });
    assert.deepEqual(await signIn(h.deps, { email: agent.email, password: ADMIN_PASSWORD }, context), {
      ok: false,
      reason: "invalid",
    });
  });
});

describe("two-factor sign-in", () => {
  let h: TAuthHarness;
  beforeEach(async () => {
    h = await createAuthHarness();
  });
  afterEach(async () => h.dispose());

  it("asks for the code after the right password without counting a failure, then accepts the next step once", async () => {
    const { secret } = await enroll(h, h.admin.id);
    const credentials = { email: h.admin.email, password: ADMIN_PASSWORD };
    assert.deepEqual(await signIn(h.deps, credentials, context), {
      ok: false,
      reason: "second-factor-required",
    });
    assert.equal(await h.store.signInThrottle.get(signInSubjectOf(h.admin.email)), null);
    // The enrolment used this step's code: only the next step's code is fresh.
    const replayed = computeTotp(secret, h.now());
    assert.deepEqual(await signIn(h.deps, { ...credentials, code: replayed }, context), {
      ok: false,
      reason: "invalid",
    });
    const next = computeTotp(secret, new Date(h.now().getTime() + 30_000));
    const result = await signIn(h.deps, { ...credentials, code: next }, context);
    assertOk(result);
    assert.equal(result.mustEnrollTwoFactor, false);
    assert.deepEqual(await signIn(h.deps, { ...credentials, code: next }, context), {
      ok: false,
      reason: "invalid",
    });
    const last = (await h.store.scoped(h.workspaceId).audit.list())
      .filter((e) => e.outcome === "success")
      .pop();
    assert.equal(last?.details.method, "password+totp");
  });

  it("refuses a wrong code and counts it towards the lockout", async () => {
    await enroll(h, h.admin.id);
    const result = await signIn(
      h.deps,
      { email: h.admin.email, password: ADMIN_PASSWORD, code: "000000" },
      context,
    );
    assert.deepEqual(result, { ok: false, reason: "invalid" });
    assert.equal((await h.store.signInThrottle.get(signInSubjectOf(h.admin.email)))?.failures, 1);
  });

  it("accepts each recovery code exactly once, whatever its case and hyphens", async () => {
    const { recoveryCodes } = await enroll(h, h.admin.id);
    const code = recoveryCodes[3] ?? "";
    const credentials = { email: h.admin.email, password: ADMIN_PASSWORD };
    assertOk(await signIn(h.deps, { ...credentials, code: code.toUpperCase().replace(/-/g, " ") }, context));
    assert.deepEqual(await signIn(h.deps, { ...credentials, code }, context), {
      ok: false,
      reason: "invalid",
    });
    const status = await getTwoFactorStatus(h.deps, toMemberActor(h.admin));
    assert.equal(status.recoveryCodesLeft, 9);
  });

  it("lets a racing pair of sign-ins with one recovery code succeed only once", async () => {
    const { recoveryCodes } = await enroll(h, h.admin.id);
    const credentials = { email: h.admin.email, password: ADMIN_PASSWORD, code: recoveryCodes[0] };
    const results = await Promise.all([
      signIn(h.deps, credentials, context),
      signIn(h.deps, credentials, context),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
  });
});

describe("managing second factors", () => {
  let h: TAuthHarness;
  beforeEach(async () => {
    h = await createAuthHarness();
  });
  afterEach(async () => h.dispose());

  it("stores nothing until the first code confirms, and refuses a token sealed for someone else", async () => {
    const agent = await h.addMember("agent");
    const started = await beginTotpEnrollment(h.deps, toMemberActor(h.admin), {});
    assert.match(started.otpauthUri, /^otpauth:\/\/totp\/Tawkster:admin%40clinic\.example\?secret=/);
    assert.equal((await h.store.scoped(h.workspaceId).members.get(h.admin.id))?.twoFactorEnabled, false);
    await rejectsWithCode(
      confirmTotpEnrollment(h.deps, toMemberActor(agent), {
        enrollmentToken: started.enrollmentToken,
        code: computeTotp(started.secret, h.now()),
      }),
      "request.invalid",
    );
    await rejectsWithCode(
      confirmTotpEnrollment(h.deps, toMemberActor(h.admin), {
        enrollmentToken: started.enrollmentToken,
        code: "000000",
      }),
      "request.invalid",
    );
    h.advance(11 * 60_000);
    await rejectsWithCode(
      confirmTotpEnrollment(h.deps, toMemberActor(h.admin), {
        enrollmentToken: started.enrollmentToken,
        code: computeTotp(started.secret, h.now()),
      }),
      "request.invalid",
    );
  });

  it("seals the secret in the member row and needs a current code to replace it or mint new recovery codes", async () => {
    const { secret, actor, recoveryCodes } = await enroll(h, h.admin.id);
    const row = await h.store.scoped(h.workspaceId).members.get(h.admin.id);
    assert.ok(row?.totpSecretCipher);
    assert.ok(!Buffer.from(row.totpSecretCipher).toString("latin1").includes(secret));
    await rejectsWithCode(beginTotpEnrollment(h.deps, actor, {}), "request.invalid");
    await rejectsWithCode(regenerateRecoveryCodes(h.deps, actor, { code: "123456" }), "request.invalid");
    const fresh = await regenerateRecoveryCodes(h.deps, actor, { code: recoveryCodes[0] ?? "" });
    assert.equal(fresh.recoveryCodes.length, 10);
    const credentials = { email: h.admin.email, password: ADMIN_PASSWORD };
    assert.deepEqual(await signIn(h.deps, { ...credentials, code: recoveryCodes[1] }, context), {
      ok: false,
      reason: "invalid",
    });
    assertOk(await signIn(h.deps, { ...credentials, code: fresh.recoveryCodes[1] }, context));
  });

  it("refuses to turn 2FA off where the policy requires it, and allows it elsewhere with a code", async () => {
    const admin = await enroll(h, h.admin.id);
    await rejectsWithCode(
      disableTwoFactor(h.deps, admin.actor, { code: admin.recoveryCodes[0] ?? "" }),
      "access.denied",
    );
    const agentRow = await h.addMember("agent");
    const agent = await enroll(h, agentRow.id);
    assert.equal((await getTwoFactorStatus(h.deps, agent.actor)).canDisable, true);
    await disableTwoFactor(h.deps, agent.actor, { code: agent.recoveryCodes[0] ?? "" });
    const status = await getTwoFactorStatus(h.deps, agent.actor);
    assert.deepEqual(status, {
      enabled: false,
      required: false,
      mustEnroll: false,
      recoveryCodesLeft: 0,
      canDisable: false,
    });
  });
});

describe("sessions", () => {
  let h: TAuthHarness;
  beforeEach(async () => {
    h = await createAuthHarness();
  });
  afterEach(async () => h.dispose());

  async function signInAgent(email: string) {
    const result = await signIn(h.deps, { email, password: ADMIN_PASSWORD }, context);
    assertOk(result);
    return result;
  }

  it("resolves a live session, times it out after the idle minutes, and ends it for good", async () => {
    const agent = await h.addMember("agent");
    const { sessionSecret, session } = await signInAgent(agent.email);
    const claims = { workspaceId: h.workspaceId, memberId: agent.id, sessionSecret };
    assert.equal((await resolveSession(h.deps, claims))?.actor.memberId, agent.id);
    h.advance(29 * 60_000);
    assert.ok(await resolveSession(h.deps, claims), "activity keeps it alive");
    h.advance(30 * 60_000);
    assert.equal(await resolveSession(h.deps, claims), null);
    assert.ok((await h.store.scoped(h.workspaceId).sessions.get(session.id))?.revokedAt);
    await h.putPolicy({ sessions: { idleMinutes: 120 } });
    assert.equal(await resolveSession(h.deps, claims), null, "a relaxed policy does not revive it");
  });

  it("applies a shorter maximum age on the very next request, and refuses deactivated members", async () => {
    await h.putPolicy({ sessions: { idleMinutes: 1440 } });
    const agent = await h.addMember("agent");
    const { sessionSecret } = await signInAgent(agent.email);
    const claims = { workspaceId: h.workspaceId, memberId: agent.id, sessionSecret };
    h.advance(2 * 3_600_000);
    assert.ok(await resolveSession(h.deps, claims));
    await h.putPolicy({ sessions: { idleMinutes: 1440, maxAgeHours: 2 } });
    assert.equal(await resolveSession(h.deps, claims), null);

    const other = await signInAgent(agent.email);
    await h.store.scoped(h.workspaceId).members.update(agent.id, { status: "deactivated" });
    assert.equal(await resolveSession(h.deps, { ...claims, sessionSecret: other.sessionSecret }), null);
  });

  // Attack: a cookie minted for one member or workspace replayed as another.
  it("refuses a secret presented with another member's id or in another workspace", async () => {
    const agent = await h.addMember("agent");
    const { sessionSecret } = await signInAgent(agent.email);
    assert.equal(
      await resolveSession(h.deps, { workspaceId: h.workspaceId, memberId: h.admin.id, sessionSecret }),
      null,
    );
    assert.equal(
      await resolveSession(h.deps, { workspaceId: crypto.randomUUID(), memberId: agent.id, sessionSecret }),
      null,
    );
  });

  it("lists own devices, revokes one or all others, and an admin can wipe a member's sessions", async () => {
    const agentRow = await h.addMember("agent");
    const a = await signInAgent(agentRow.email);
    h.advance(61_000);
    const b = await signInAgent(agentRow.email);
    const c = await signInAgent(agentRow.email);
    const actor = toMemberActor(agentRow);
    const list = await listOwnSessions(h.deps, actor, b.session.id);
    assert.equal(list.length, 3);
    assert.deepEqual(
      list.filter((s) => s.isCurrent).map((s) => s.id),
      [b.session.id],
    );
    for (const s of list) assert.deepEqual([s.device, s.network], ["Chrome on Linux", "203.0.113.0/24"]);
    assert.equal(list[list.length - 1]?.id, a.session.id, "the least recently seen comes last");
    const adminSession = await signIn(h.deps, { email: h.admin.email, password: ADMIN_PASSWORD }, context);
    assertOk(adminSession);
    await rejectsWithCode(revokeOwnSession(h.deps, actor, adminSession.session.id), "resource.not_found");
    await revokeOwnSession(h.deps, actor, a.session.id);
    assert.equal(
      await resolveSession(h.deps, {
        workspaceId: h.workspaceId,
        memberId: agentRow.id,
        sessionSecret: a.sessionSecret,
      }),
      null,
    );
    assert.equal(await revokeOtherOwnSessions(h.deps, actor, b.session.id), 1);
    assert.ok(
      await resolveSession(h.deps, {
        workspaceId: h.workspaceId,
        memberId: agentRow.id,
        sessionSecret: b.sessionSecret,
      }),
    );
    assert.equal(
      await resolveSession(h.deps, {
        workspaceId: h.workspaceId,
        memberId: agentRow.id,
        sessionSecret: c.sessionSecret,
      }),
      null,
    );

    await rejectsWithCode(revokeMemberSessions(h.deps, actor, h.admin.id), "access.denied");
    assert.equal(await revokeMemberSessions(h.deps, toMemberActor(h.admin), agentRow.id), 1);
    assert.equal(
      await resolveSession(h.deps, {
        workspaceId: h.workspaceId,
        memberId: agentRow.id,
        sessionSecret: b.sessionSecret,
      }),
      null,
    );
    assert.deepEqual(h.events[h.events.length - 1], {
      type: "session.revoked",
      workspaceId: h.workspaceId,
      memberId: agentRow.id,
      sessionId: null,
    });
    const audit = (await h.store.scoped(h.workspaceId).audit.list()).map((e) => e.action);
    assert.ok(audit.includes("member.sessions.revoke") && audit.includes("session.revoke_others"));
    await rejectsWithCode(
      revokeMemberSessions(h.deps, toMemberActor(h.admin), crypto.randomUUID()),
      "resource.not_found",
    );
  });

  it("signs a session out once, audited", async () => {
    const agent = await h.addMember("agent");
    const { session, sessionSecret } = await signInAgent(agent.email);
    await signOutSession(h.deps, { workspaceId: h.workspaceId, memberId: agent.id, sessionId: session.id });
    await signOutSession(h.deps, { workspaceId: h.workspaceId, memberId: agent.id, sessionId: session.id });
    assert.equal(
      await resolveSession(h.deps, { workspaceId: h.workspaceId, memberId: agent.id, sessionSecret }),
      null,
    );
    const outs = (await h.store.scoped(h.workspaceId).audit.list()).filter(
      (e) => e.action === "auth.sign_out",
    );
    assert.equal(outs.length, 1);
  });
});
