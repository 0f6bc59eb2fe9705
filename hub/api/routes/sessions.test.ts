import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { computeTotp } from "@tawkster/core/auth";
import { ZErrorBody } from "@tawkster/core/errors";
import { CookieJar, callApi, callAuth, createTestHub, signInThroughHandler } from "../../lib/auth/test-hub";
import type { THub } from "../../lib/hub-context";

const ADMIN = { email: "ada@clinic.example", password: "violet tractor umbrella 42", name: "Ada Admin" };

async function errorCode(response: Response): Promise<string> {
  const body = ZErrorBody.parse(await response.json());
  return body.error.code;
}

async function setUp(hub: THub): Promise<Response> {
  return callApi(hub, "POST", "/api/v1/setup", {
    body: { workspaceName: "Clinic", name: ADMIN.name, email: ADMIN.email, password: ADMIN.password },
  });
}

/** Signs the admin in and enrols TOTP through the API; returns the jar, secret and recovery codes. */
async function signInAndEnroll(hub: THub, now: () => Date) {
  const { response, jar } = await signInThroughHandler(hub, ADMIN);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { ok: true, url: "/account/security" });
  const started = await callApi(hub, "POST", "/api/v1/me/two-factor/totp", { jar, body: {} });
  assert.equal(started.status, 200);
  const { secret, enrollmentToken, secretGroups } = (await started.json()) as Record<string, string>;
  assert.equal(secretGroups?.replace(/ /g, ""), secret);
  const confirmed = await callApi(hub, "POST", "/api/v1/me/two-factor/totp/confirm", {
    jar,
    body: { enrollmentToken, code: computeTotp(secret ?? "", now()) },
  });
  assert.equal(confirmed.status, 200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  return { jar, secret: secret ?? "", recoveryCodes };
}

describe("setup and sign-in handlers", () => {
  let hub: THub;
  let dispose: () => Promise<void>;
  let clock = Date.parse("2026-05-04T09:00:00Z");
  beforeEach(async () => {
    clock = Date.parse("2026-05-04T09:00:00Z");
    ({ hub, dispose } = await createTestHub({ now: () => new Date(clock) }));
  });
  afterEach(async () => dispose());

  it("sets the hub up once, then answers 404; refuses weak passwords and other origins", async () => {
    const weak = await callApi(hub, "POST", "/api/v1/setup", {
      body: { workspaceName: "Clinic", name: "Ada", email: ADMIN.email, password: "Qwerty123456" },
    });
    assert.equal(weak.status, 400);
    // Attack: a page on another site setting up a fresh hub on the admin's machine (setup CSRF).
    const crossSite = await callApi(hub, "POST", "/api/v1/setup", {
      origin: "https://evil.example",
      body: { workspaceName: "Evil", name: "Eve", email: "eve@evil.example", password: ADMIN.password },
    });
    assert.equal(crossSite.status, 403);
    assert.equal(await errorCode(crossSite), "access.origin_not_allowed");
    assert.equal((await hub.store.workspaces.list()).length, 0, "nothing was created");
    const created = await setUp(hub);
    assert.equal(created.status, 201);
    assert.equal(((await created.json()) as { admin: { email: string } }).admin.email, ADMIN.email);
    const again = await setUp(hub);
    assert.equal(again.status, 404);
    const [workspace] = await hub.store.workspaces.list();
    const admin = await hub.store.scoped(workspace?.id ?? "").members.findByEmail(ADMIN.email);
    assert.match(admin?.passwordHash ?? "", /^\$argon2id\$v=19\$m=65536,t=8,p=4\$/);
  });

  it("answers every failed sign-in alike, then locks with 429 and Retry-After without checking the password", async () => {
    await setUp(hub);
    const unknown = await signInThroughHandler(hub, {
      email: "nobody@clinic.example",
      password: ADMIN.password,
    });
    const wrong = await signInThroughHandler(hub, { email: ADMIN.email, password: "not the password" });
    assert.equal(unknown.response.status, 401);
    assert.equal(wrong.response.status, 401);
    assert.deepEqual(await unknown.response.json(), await wrong.response.json());
    for (let i = 0; i < 4; i++)
      await signInThroughHandler(hub, { email: ADMIN.email, password: `wrong ${i}` });
    clock += 2000;
    const locked = await signInThroughHandler(hub, ADMIN);
    assert.equal(locked.response.status, 429);
    assert.equal(locked.response.headers.get("retry-after"), "28");
    const body = ZErrorBody.parse(await locked.response.json());
    assert.equal(body.error.code, "auth.locked");
    assert.equal(body.error.message, "Too many attempts — try again in 28 seconds.");
    assert.equal(locked.jar.cookies.has("tawkster.session"), false);
    clock += 28_000;
    const after = await signInThroughHandler(hub, ADMIN);
    assert.equal(after.response.status, 200);
    assert.ok(after.jar.cookies.has("tawkster.session"));
  });

  it("sets an HttpOnly, SameSite=Lax session cookie that holds no name or email", async () => {
    await setUp(hub);
    const { response, jar } = await signInThroughHandler(hub, ADMIN);
    const line = response.headers.getSetCookie().find((c) => c.startsWith("tawkster.session="));
    assert.ok(line);
    assert.match(line, /HttpOnly/i);
    assert.match(line, /SameSite=Lax/i);
    assert.doesNotMatch(line, /Secure/i, "plain http on localhost: no Secure flag");
    assert.doesNotMatch(jar.cookies.get("tawkster.session") ?? "", /ada|clinic/i);
  });

  // Attack: password spraying from one address across many accounts (the per-email lock never trips).
  it("limits sign-in attempts to 20 a minute per client address", async () => {
    await setUp(hub);
    for (let i = 0; i < 20; i++) {
      const { response } = await signInThroughHandler(
        hub,
        { email: `user${i}@clinic.example`, password: "x" },
        { clientIp: "198.51.100.7" },
      );
      assert.equal(response.status, 401);
    }
    const limited = await signInThroughHandler(hub, ADMIN, { clientIp: "198.51.100.7" });
    assert.equal(limited.response.status, 429);
    assert.equal(await errorCode(limited.response), "rate.limited");
    assert.ok(Number(limited.response.headers.get("retry-after")) > 0);
    const elsewhere = await signInThroughHandler(hub, ADMIN, { clientIp: "198.51.100.8" });
    assert.equal(elsewhere.response.status, 200, "another address is not affected");
  });

  it("refuses a sign-in without next-auth's CSRF token, or from another origin", async () => {
    await setUp(hub);
    const noToken = await callAuth(hub, "POST", "/api/auth/callback/credentials", { form: { ...ADMIN } });
    assert.equal(noToken.status, 403);
    const jar = new CookieJar();
    const csrf = await callAuth(hub, "GET", "/api/auth/csrf", { jar });
    jar.store(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const crossSite = await callAuth(hub, "POST", "/api/auth/callback/credentials", {
      jar,
      origin: "https://evil.example",
      form: { ...ADMIN, csrfToken },
    });
    assert.equal(crossSite.status, 403);
    assert.equal((await callAuth(hub, "POST", "/api/auth/_log", { jar, form: { csrfToken } })).status, 404);
    assert.equal((await callAuth(hub, "GET", "/api/auth/signin")).headers.get("location"), "/signin");
  });
});

describe("session and second-factor API", () => {
  let hub: THub;
  let dispose: () => Promise<void>;
  let clock = Date.parse("2026-05-04T09:00:00Z");
  const now = () => new Date(clock);
  beforeEach(async () => {
    clock = Date.parse("2026-05-04T09:00:00Z");
    ({ hub, dispose } = await createTestHub({ now }));
    await setUp(hub);
  });
  afterEach(async () => dispose());

  it("lets an admin without a second factor reach only enrolment until it is done", async () => {
    const { jar } = await signInThroughHandler(hub, ADMIN);
    const me = await callApi(hub, "GET", "/api/v1/me", { jar });
    assert.equal(me.status, 200);
    const body = (await me.json()) as { twoFactor: { mustEnroll: boolean }; member: Record<string, unknown> };
    assert.equal(body.twoFactor.mustEnroll, true);
    assert.equal("passwordHash" in body.member, false);
    const sessions = await callApi(hub, "GET", "/api/v1/me/sessions", { jar });
    assert.equal(sessions.status, 403);
    assert.equal((await callApi(hub, "GET", "/api/v1/me")).status, 401, "no cookie, no member");
  });

  it("enrols TOTP, then signs in with a fresh code, refuses a wrong one, and a recovery code works once", async () => {
    const { secret, recoveryCodes } = await signInAndEnroll(hub, now);
    const withoutCode = await signInThroughHandler(hub, ADMIN);
    assert.equal(withoutCode.response.status, 401);
    assert.equal(await errorCode(withoutCode.response), "auth.second_factor_required");
    const wrong = await signInThroughHandler(hub, { ...ADMIN, code: "000000" });
    assert.equal(await errorCode(wrong.response), "auth.invalid_credentials");
    const fresh = computeTotp(secret, new Date(clock + 30_000));
    const ok = await signInThroughHandler(hub, { ...ADMIN, code: fresh });
    assert.equal(ok.response.status, 200);
    assert.deepEqual(await ok.response.json(), { ok: true, url: "/console" });
    const recovery = recoveryCodes[0] ?? "";
    assert.equal((await signInThroughHandler(hub, { ...ADMIN, code: recovery })).response.status, 200);
    assert.equal((await signInThroughHandler(hub, { ...ADMIN, code: recovery })).response.status, 401);
  });

  it("lists devices with the current one marked, and revoking one signs that browser out at once", async () => {
    const { jar: a, recoveryCodes } = await signInAndEnroll(hub, now);
    const { jar: b } = await signInThroughHandler(hub, { ...ADMIN, code: recoveryCodes[0] ?? "" });
    const list = await callApi(hub, "GET", "/api/v1/me/sessions", { jar: b });
    assert.equal(list.status, 200);
    const { sessions } = (await list.json()) as {
      sessions: { id: string; isCurrent: boolean; device: string; network: string }[];
    };
    assert.equal(sessions.length, 2);
    assert.deepEqual(
      sessions.map((s) => [s.device, s.network]),
      [
        ["Chrome on Linux", "127.0.0.0/24"],
        ["Chrome on Linux", "127.0.0.0/24"],
      ],
    );
    const other = sessions.find((s) => !s.isCurrent);
    assert.ok(other);
    // Attack: another site making the agent's browser revoke sessions (CSRF on a cookie-authenticated call).
    const noOrigin = await callApi(hub, "DELETE", `/api/v1/me/sessions/${other.id}`, {
      jar: b,
      origin: null,
    });
    assert.equal(noOrigin.status, 403);
    assert.equal((await callApi(hub, "GET", "/api/v1/me", { jar: a })).status, 200, "nothing changed");
    const revoked = await callApi(hub, "DELETE", `/api/v1/me/sessions/${other.id}`, { jar: b });
    assert.equal(revoked.status, 200);
    assert.equal((await callApi(hub, "GET", "/api/v1/me", { jar: a })).status, 401);
    assert.equal((await callApi(hub, "DELETE", `/api/v1/me/sessions/${other.id}`, { jar: b })).status, 404);
    assert.equal((await callApi(hub, "DELETE", "/api/v1/me/sessions/not-a-uuid", { jar: b })).status, 404);
  });

  it("signs out through next-auth, ending the session row too", async () => {
    const { jar } = await signInAndEnroll(hub, now);
    const csrf = await callAuth(hub, "GET", "/api/auth/csrf", { jar });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const copy = new CookieJar();
    for (const [name, value] of jar.cookies) copy.cookies.set(name, value);
    const out = await callAuth(hub, "POST", "/api/auth/signout", { jar, form: { csrfToken } });
    assert.equal(out.status, 200);
    // Even a copy of the cookie taken before signing out no longer works.
    assert.equal((await callApi(hub, "GET", "/api/v1/me", { jar: copy })).status, 401);
  });

  it("lets an admin wipe another member's sessions, and not an agent", async () => {
    const { jar: admin } = await signInAndEnroll(hub, now);
    const me = (await (await callApi(hub, "GET", "/api/v1/me", { jar: admin })).json()) as {
      member: { id: string };
    };
    const revoked = await callApi(hub, "POST", `/api/v1/members/${me.member.id}/sessions/revoke`, {
      jar: admin,
    });
    assert.equal(revoked.status, 200);
    assert.deepEqual(await revoked.json(), { revoked: 1 });
    assert.equal((await callApi(hub, "GET", "/api/v1/me", { jar: admin })).status, 401);
  });
});
