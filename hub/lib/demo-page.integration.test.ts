import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { loadConfig } from "@tawkster/core/config";
import { generateMasterKey } from "@tawkster/core/crypto";
import { setupWorkspace } from "@tawkster/core/workspace";
import { createDemoServer } from "./demo-page";
import { createHub, type THub } from "./hub-context";
import { DEMO_SITE_NAME, demoOriginOf, ensureDemoSite } from "./widget/demo-site";

const HUB_URL = "http://127.0.0.1:3000";
const DEMO_ORIGIN = "http://127.0.0.1:3001";

describe("the demo site", () => {
  let dir: string;
  let hub: THub;
  let server: Server | null = null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "tawkster-demo-"));
    const config = loadConfig({ TAWKSTER_DATA_DIR: dir }, { cwd: dir });
    hub = await createHub(config, { current: generateMasterKey(), previous: [], source: "env" });
  });
  afterEach(async () => {
    if (server !== null) await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function setUp() {
    return setupWorkspace(
      { store: hub.store, vault: hub.vault, bus: hub.bus },
      {
        workspaceName: "Acme",
        admin: { email: "ada@acme.example", name: "Ada", passwordHash: "$argon2id$fake" },
      },
    );
  }

  async function serve(): Promise<string> {
    server = createDemoServer({ hub, hubBaseUrl: HUB_URL, demoOrigin: DEMO_ORIGIN });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("waits for first-run setup, then creates one site for the demo origin, audited as the first admin", async () => {
    assert.deepEqual(await ensureDemoSite(hub, DEMO_ORIGIN), { status: "needs-setup" });
    const { workspace, admin } = await setUp();
    const [a, b] = await Promise.all([ensureDemoSite(hub, DEMO_ORIGIN), ensureDemoSite(hub, DEMO_ORIGIN)]);
    assert.equal(a.status, "ready");
    assert.deepEqual(b, a, "two requests at once create one site");
    assert.equal(a.status === "ready" && a.created, true);
    const again = await ensureDemoSite(hub, DEMO_ORIGIN);
    assert.equal(again.status === "ready" && again.created, false);

    const sites = await hub.store.scoped(workspace.id).sites.list();
    assert.equal(sites.length, 1);
    assert.equal(sites[0]?.name, DEMO_SITE_NAME);
    assert.deepEqual(sites[0]?.allowedDomains, [DEMO_ORIGIN]);
    assert.equal(sites[0]?.consentMode, "functional-with-consent");
    const created = (await hub.store.scoped(workspace.id).audit.list()).find(
      (e) => e.action === "site.create",
    );
    assert.deepEqual(created?.actor, { type: "member", id: admin.id });
    assert.equal(created?.details.via, "demo");
  });

  it("serves the setup hint before setup and the snippet after, with a CSP allowing only the hub", async () => {
    const url = await serve();
    const before = await fetch(url);
    assert.equal(before.status, 200);
    const hint = await before.text();
    assert.match(hint, /There is no workspace yet/);
    assert.match(hint, new RegExp(`href="${HUB_URL}/setup"`));
    assert.equal(hint.includes("widget.js"), false);
    const csp = before.headers.get("content-security-policy") ?? "";
    assert.match(csp, /^default-src 'self'; script-src 'self' http:\/\/127\.0\.0\.1:3000; /);
    assert.match(csp, /frame-src http:\/\/127\.0\.0\.1:3000; .*frame-ancestors 'none'$/);
    assert.equal(before.headers.get("x-frame-options"), "DENY");

    await setUp();
    const after = await (await fetch(url)).text();
    const key = /data-site="(site_[A-Za-z0-9]+)"/.exec(after)?.[1];
    assert.ok(key, "the page embeds the demo site after setup, without a restart");
    assert.ok(after.includes(`<script src="${HUB_URL}/widget.js" data-site="${key}" async></script>`));
    assert.match(after, /Allow functional storage/);
    assert.match(after, /Privacy note/);
    assert.equal(/<script>|<style>| on[a-z]+="/i.test(after), false, "nothing inline");

    const script = await fetch(`${url}/demo.js`);
    assert.equal(script.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.match(await script.text(), /Tawkster\.consent\(\{ functional: value === "yes" \}\)/);
    assert.equal((await fetch(`${url}/nope`)).status, 404);
    assert.equal((await fetch(url, { method: "POST" })).status, 405);
  });

  it("reaches an unspecified listening address as 127.0.0.1", () => {
    assert.equal(demoOriginOf({ host: "0.0.0.0", demoPort: 3001 }), "http://127.0.0.1:3001");
    assert.equal(demoOriginOf({ host: "localhost", demoPort: 4001 }), "http://localhost:4001");
    assert.equal(demoOriginOf({ host: "::1", demoPort: 3001 }), "http://[::1]:3001");
  });
});
