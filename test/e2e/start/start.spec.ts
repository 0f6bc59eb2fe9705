import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runHubToExit, spawnHub, type THub } from "../fixtures/spawn-hub";

const SECURITY_HEADERS: Record<string, RegExp> = {
  "content-security-policy": /default-src 'self'.*frame-ancestors 'none'/,
  "x-content-type-options": /^nosniff$/,
  "referrer-policy": /^strict-origin-when-cross-origin$/,
  "permissions-policy": /camera=\(\).*microphone=\(\).*geolocation=\(\)/,
  "x-frame-options": /^DENY$/,
};

function assertSecurityHeaders(response: Response): void {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    assert.match(response.headers.get(name) ?? "(missing)", pattern, name);
  }
  assert.equal(response.headers.get("x-powered-by"), null);
}

describe("npm start with an empty configuration", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-start-"));
  const dataDir = join(parent, "data");
  let hub: THub | undefined;

  before(async () => {
    hub = await spawnHub({ dataDir });
  });

  after(async () => {
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test("GET /api/health answers 200 JSON, uncached, with the security headers", async () => {
    const response = await fetch(`${hub?.url}/api/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assertSecurityHeaders(response);
    // Plain http on loopback: pinning https here would be wrong.
    assert.equal(response.headers.get("strict-transport-security"), null);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ["status", "storage", "version"]);
    assert.equal(body.status, "ok");
    assert.equal(body.storage, "sqlite");
    assert.match(String(body.version), /^\d+\.\d+\.\d+/);
  });

  test("an unknown /api/* path answers 404 in the error shape", async () => {
    for (const [method, path] of [
      ["GET", "/api/x"],
      ["POST", "/api/x/y"],
    ] as const) {
      const response = await fetch(`${hub?.url}${path}`, { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
      assertSecurityHeaders(response);
      const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
      assert.equal(body.error?.code, "resource.not_found");
      assert.equal(typeof body.error?.message, "string");
    }
  });

  test("the home page and the demo site answer, with the security headers", async () => {
    const home = await fetch(`${hub?.url}/`);
    assert.equal(home.status, 200);
    assertSecurityHeaders(home);
    // A fresh hub has no workspace yet: the home page leads to first-run setup.
    assert.equal(new URL(home.url).pathname, "/setup");
    assert.match(await home.text(), /Set up Tawkster/);
    const demo = await fetch(`${hub?.demoUrl}/`);
    assert.equal(demo.status, 200);
    assertSecurityHeaders(demo);
    assert.match(await demo.text(), /widget/);
  });

  test("a master key was generated with mode 0600, and a loud warning printed", () => {
    const keyFile = join(dataDir, "master.key");
    const stat = statSync(keyFile);
    assert.equal(stat.mode & 0o777, 0o600);
    assert.equal(stat.size, 32);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    const stderr = hub?.stderr() ?? "";
    assert.match(stderr, /generated a new master key/);
    assert.ok(stderr.includes(keyFile), "the warning names the key file");
    assert.match(stderr, /TAWKSTER_MASTER_KEY/);
  });
});

describe("a wrong configuration stops start-up", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-bad-config-"));
  after(() => rmSync(parent, { recursive: true, force: true }));

  const cases: [string, Record<string, string>, string][] = [
    [
      "a 16-byte master key",
      { TAWKSTER_MASTER_KEY: Buffer.alloc(16, 7).toString("base64") },
      "TAWKSTER_MASTER_KEY",
    ],
    ["a MySQL database URL", { TAWKSTER_DATABASE_URL: "mysql://x" }, "TAWKSTER_DATABASE_URL"],
  ];

  for (const [what, env, variable] of cases) {
    test(`${what}: exits non-zero at once, one stderr line naming ${variable}, nothing written`, async () => {
      const dataDir = join(parent, variable, "data");
      const result = await runHubToExit({ TAWKSTER_DATA_DIR: dataDir, ...env });
      assert.notEqual(result.code, 0);
      assert.equal(result.signal, null);
      const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
      assert.equal(lines.length, 1, `stderr:\n${result.stderr}`);
      assert.ok(lines[0]?.startsWith(`${variable}: `), lines[0]);
      for (const secret of Object.values(env))
        assert.ok(!lines[0]?.includes(secret), "does not echo the value");
      assert.ok(result.durationMs < 10_000, `took ${result.durationMs} ms`);
      assert.equal(existsSync(dataDir), false, "no data directory was created");
      assert.deepEqual(
        readdirSync(parent).filter((name) => name === variable),
        [],
      );
    });
  }
});

describe("a hub whose public address is https", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-start-https-"));
  let hub: THub | undefined;

  before(async () => {
    hub = await spawnHub({
      dataDir: join(parent, "data"),
      env: { TAWKSTER_PUBLIC_URL: "https://chat.example.test" },
    });
  });

  after(async () => {
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  test("sends HSTS on API answers and on pages", async () => {
    for (const path of ["/api/health", "/api/v1/nothing-here", "/setup"]) {
      const response = await fetch(`${hub?.url}${path}`);
      assert.match(
        response.headers.get("strict-transport-security") ?? "(missing)",
        /^max-age=31536000; includeSubDomains$/,
        path,
      );
    }
  });
});
