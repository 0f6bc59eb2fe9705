import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { SignInPage } from "../fixtures/auth-pages";
import { launchBrowser } from "../fixtures/browser";
import { attemptSignIn, setUpHub } from "../fixtures/hub-api";
import { spawnHub, type THub } from "../fixtures/spawn-hub";

const ADMIN = {
  workspaceName: "Lockout Clinic",
  name: "Lin Admin",
  email: "lin@lockout.example",
  password: "violet tractor umbrella 42",
};

// Attack: online password guessing — an account must lock after repeated failures, and the lock
// must hold even for the right password, without saying whether it was right.
describe("sign-in lockout against a running hub", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-e2e-lockout-"));
  let hub: THub;
  let browser: Browser;

  before(async () => {
    hub = await spawnHub({ dataDir: join(parent, "data") });
    await setUpHub(hub.url, ADMIN);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test("five failures lock the email: the right password then gets 429 with Retry-After", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await attemptSignIn(hub.url, { email: ADMIN.email, password: `wrong guess ${i}` });
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), {
        error: { code: "auth.invalid_credentials", message: "The email, password or code is not right." },
      });
    }
    const locked = await attemptSignIn(hub.url, { email: ADMIN.email, password: ADMIN.password });
    assert.equal(locked.status, 429);
    const retryAfter = Number(locked.headers.get("retry-after"));
    assert.ok(retryAfter > 0 && retryAfter <= 30, `Retry-After: ${retryAfter}`);
    const body = (await locked.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "auth.locked");
    assert.match(body.error.message, /^Too many attempts — try again in \d+ seconds\.$/);
    assert.equal(
      locked.headers.getSetCookie().some((c) => c.startsWith("tawkster.session=")),
      false,
    );
  });

  test("the sign-in page shows the lock message for the right password too", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(hub.url);
    await signIn.enterPassword(ADMIN.email, ADMIN.password);
    assert.match(await signIn.error(), /Too many attempts — try again in \d+ seconds/);
    await context.close();
  });

  test("an unknown email locks the same way, so the lock reveals no account", async () => {
    for (let i = 0; i < 5; i++)
      await attemptSignIn(hub.url, { email: "ghost@lockout.example", password: `x${i}` });
    const response = await attemptSignIn(hub.url, { email: "ghost@lockout.example", password: "x" });
    assert.equal(response.status, 429);
  });
});
