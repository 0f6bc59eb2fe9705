import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { computeTotp } from "@tawkster/core/auth";
import type { Browser, BrowserContext } from "playwright-core";
import {
  SecurityPage,
  SessionsPage,
  SetupPage,
  SignInPage,
  sessionIdOf,
  waitForPath,
} from "../fixtures/auth-pages";
import { launchBrowser, newDevice } from "../fixtures/browser";
import { spawnHub, type THub } from "../fixtures/spawn-hub";

const ADMIN = {
  workspaceName: "Northwind Clinic",
  name: "Ada Admin",
  email: "ada@northwind.example",
  password: "violet tractor umbrella 42",
};

describe("agents: setup, two-factor sign-in and sessions in a browser", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-e2e-auth-"));
  let hub: THub;
  let browser: Browser;
  const devices: { context: BrowserContext; problems: string[] }[] = [];
  let secret = "";
  let recoveryCodes: string[] = [];
  /** The TOTP step the enrolment used: each later sign-in needs a later step. */
  let enrolledAt = 0;

  async function device() {
    const made = await newDevice(browser);
    devices.push(made);
    return made;
  }

  before(async () => {
    hub = await spawnHub({ dataDir: join(parent, "data") });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test("the first visit leads to /setup, which creates the workspace and admin, then answers 404", async () => {
    const { context } = await device();
    const page = await context.newPage();
    const response = await page.goto(`${hub.url}/`);
    await waitForPath(page, "/setup");
    assert.match(
      response?.headers()["content-security-policy"] ?? "",
      /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
    );
    const setup = new SetupPage(page);
    await setup.fill({ ...ADMIN, password: "qwerty123456" });
    await setup.submit();
    assert.match(await setup.error(), /most common/);
    await setup.fill(ADMIN);
    await setup.submit();
    await waitForPath(page, "/signin");
    assert.match((await page.getByRole("status").textContent()) ?? "", /workspace is ready/);
    const again = await page.goto(`${hub.url}/setup`);
    assert.equal(again?.status(), 404);
  });

  test("the admin must enrol TOTP before anything else, then lands in the console", async () => {
    const { context } = devices[0] ?? (await device());
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(hub.url);
    await signIn.enterPassword(ADMIN.email, ADMIN.password);
    await waitForPath(page, "/account/security");
    await page.goto(`${hub.url}/console`);
    await waitForPath(page, "/account/security");
    assert.equal((await context.request.get(`${hub.url}/api/v1/me/sessions`)).status(), 403);

    const security = new SecurityPage(page);
    secret = await security.startEnrollment();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.match((await page.getByTestId("otpauth-uri").textContent()) ?? "", /^otpauth:\/\/totp\/Tawkster:/);
    enrolledAt = Date.now();
    recoveryCodes = await security.confirm(computeTotp(secret, new Date(enrolledAt)));
    assert.equal(recoveryCodes.length, 10);
    assert.match(recoveryCodes[0] ?? "", /^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    await security.finish();
    await waitForPath(page, "/console");
    assert.equal((await context.request.get(`${hub.url}/api/v1/me/sessions`)).status(), 200);
  });

  test("another browser signs in with a fresh TOTP code; a wrong code is refused", async () => {
    const { context } = await device();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(hub.url);
    await signIn.enterPassword(ADMIN.email, ADMIN.password);
    await signIn.enterCode("000000");
    assert.match(await signIn.error(), /not right/);
    // The enrolment used its step; the next step's code is new (and inside the ±1 step window).
    await page.getByLabel("6-digit code from your authenticator app").fill("");
    await signIn.enterCode(computeTotp(secret, new Date(enrolledAt + 30_000)));
    await waitForPath(page, "/console");
  });

  test("a recovery code signs in exactly once", async () => {
    const code = recoveryCodes[0] ?? "";
    const { context } = await device();
    const page = await context.newPage();
    const first = new SignInPage(page);
    await first.open(hub.url);
    await first.enterPassword(ADMIN.email, ADMIN.password);
    await first.enterCode(code, { recovery: true });
    await waitForPath(page, "/console");

    const { context: other } = await device();
    const otherPage = await other.newPage();
    const second = new SignInPage(otherPage);
    await second.open(hub.url);
    await second.enterPassword(ADMIN.email, ADMIN.password);
    await second.enterCode(code, { recovery: true });
    assert.match(await second.error(), /not right/);
    assert.equal(otherPage.url().endsWith("/signin"), true);
  });

  test("revoking a session from browser A signs browser B out on its next navigation", async () => {
    const a = devices[0];
    const b = devices[1];
    assert.ok(a && b);
    const sessionOfB = await sessionIdOf(b.context, hub.url);
    const page = await a.context.newPage();
    const sessions = new SessionsPage(page);
    await sessions.open(hub.url);
    assert.match((await page.getByRole("heading", { level: 1 }).textContent()) ?? "", /Sessions/);
    assert.match((await page.locator("body").textContent()) ?? "", /This device/);
    assert.match(
      (await sessions.row(sessionOfB).textContent()) ?? "",
      /Chrome on Linux[\s\S]*127\.0\.0\.0\/24/,
    );
    await sessions.revoke(sessionOfB);
    const pageOfB = await b.context.newPage();
    await pageOfB.goto(`${hub.url}/console`);
    await waitForPath(pageOfB, "/signin");
    // A is still signed in.
    await page.goto(`${hub.url}/console`);
    await waitForPath(page, "/console");
  });

  test("no page broke its Content Security Policy or threw", () => {
    assert.deepEqual(
      devices.flatMap((d) => d.problems),
      [],
    );
  });
});
