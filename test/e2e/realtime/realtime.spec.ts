import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createMemoryBus } from "@tawkster/core/bus";
import { resolveVisitor, startConversation } from "@tawkster/core/chat";
import { createKeyring, createVault } from "@tawkster/core/crypto";
import { CLOSE_SIGNED_OUT } from "@tawkster/core/schemas";
import { openSqliteStore } from "@tawkster/core/store/sqlite";
import { deriveWidgetTokenKey, signVisitorToken } from "@tawkster/core/widget";
import WebSocket from "ws";
import { REPO_ROOT, spawnHub, type THub } from "../fixtures/spawn-hub";

const MASTER_KEY = Buffer.alloc(32, 42);
const PASSWORD = "copper window meadow 17";
const SITE_ORIGIN = "https://shop.e2e.example";

type TFrame = { type: string; [key: string]: unknown };

/** Runs the CLI against the hub's data directory (before the hub starts). */
function tawkster(dataDir: string, args: string[], stdin = ""): void {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith("TAWKSTER_")) env[name] = value;
  const run = spawnSync(process.execPath, ["scripts/tawkster.mjs", ...args], {
    cwd: REPO_ROOT,
    input: stdin,
    encoding: "utf8",
    env: { ...env, TAWKSTER_DATA_DIR: dataDir, TAWKSTER_MASTER_KEY: MASTER_KEY.toString("base64") },
  });
  assert.equal(run.status, 0, run.stderr);
}

/** Opens a WebSocket that records frames; rejects with `HTTP <status>` when the upgrade is refused. */
function connect(url: string, headers: Record<string, string>) {
  const frames: TFrame[] = [];
  const socket = new WebSocket(url, { headers });
  socket.on("message", (data) => frames.push(JSON.parse(String(data)) as TFrame));
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once("error", reject);
  });
  const waitFor = async (predicate: (frame: TFrame) => boolean, timeoutMs = 10_000): Promise<TFrame> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = frames.find(predicate);
      if (frame) return frame;
      if (Date.now() > deadline)
        throw new Error(`no such frame; got ${JSON.stringify(frames.map((f) => f.type))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const send = (frame: unknown) => socket.send(JSON.stringify(frame));
  return { socket, frames, closed, opened, waitFor, send };
}

describe("realtime on a running hub", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-realtime-"));
  const dataDir = join(parent, "data");
  let hub: THub;
  let conversationId = "";
  let visitorToken = "";
  let cookie = "";
  let realtimeUrl = "";

  before(async () => {
    tawkster(
      dataDir,
      [
        "setup",
        "--workspace",
        "E2E",
        "--name",
        "Ada Admin",
        "--email",
        "ada@e2e.example",
        "--password-stdin",
      ],
      PASSWORD,
    );
    tawkster(dataDir, ["site", "add", "--name", "Shop", "--domain", "shop.e2e.example"]);
    tawkster(dataDir, [
      "member",
      "add",
      "--email",
      "alice@e2e.example",
      "--name",
      "Alice Agent",
      "--role",
      "agent",
      "--department",
      "General",
    ]);
    tawkster(
      dataDir,
      ["member", "set-password", "--email", "alice@e2e.example", "--password-stdin"],
      PASSWORD,
    );

    // A visitor and their conversation, written straight into the store the hub will open.
    const store = await openSqliteStore(join(dataDir, "tawkster.db"));
    try {
      const deps = {
        store,
        vault: createVault({ keyring: createKeyring(MASTER_KEY), keys: store.keys }),
        bus: createMemoryBus(),
      };
      const [workspace] = await store.workspaces.list();
      const [site] = await store.scoped(workspace?.id ?? "").sites.list();
      assert.ok(workspace && site);
      const { actor } = await resolveVisitor(deps, {
        site,
        visitorId: null,
        identity: null,
        ip: null,
        consentFunctional: false,
      });
      conversationId = (await startConversation(deps, actor)).id;
      const now = new Date();
      visitorToken = signVisitorToken(deriveWidgetTokenKey(MASTER_KEY), {
        workspaceId: workspace.id,
        siteId: site.id,
        visitorId: actor.visitorId,
        origin: SITE_ORIGIN,
        persistent: false,
        issuedAt: now,
        expiresAt: new Date(now.getTime() + 3_600_000),
      });
    } finally {
      await store.close();
    }

    hub = await spawnHub({ dataDir, env: { TAWKSTER_MASTER_KEY: MASTER_KEY.toString("base64") } });
    realtimeUrl = `${hub.url.replace(/^http/, "ws")}/api/v1/realtime`;
    const csrf = await fetch(`${hub.url}/api/auth/csrf`);
    const csrfCookies = csrf.headers.getSetCookie().map((line) => line.split(";")[0]);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await fetch(`${hub.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        origin: hub.url,
        cookie: csrfCookies.join("; "),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ email: "alice@e2e.example", password: PASSWORD, csrfToken }),
    });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    cookie = [...csrfCookies, ...signIn.headers.getSetCookie().map((line) => line.split(";")[0])].join("; ");
  });

  after(async () => {
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it("delivers an agent's reply, posted through the API, live to the console and to the visitor's widget", async () => {
    const console = connect(realtimeUrl, { Origin: hub.url, Cookie: cookie });
    await console.opened;
    console.send({ type: "watch-inbox" });
    console.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await console.waitFor((f) => f.type === "conversation");
    const widget = connect(realtimeUrl, { Origin: hub.url });
    await widget.opened;
    widget.send({ type: "auth", visitorToken, origin: SITE_ORIGIN });
    widget.send({ type: "subscribe", conversationId, afterSeq: 0 });
    await widget.waitFor((f) => f.type === "conversation");

    const reply = await fetch(`${hub.url}/api/v1/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: { origin: hub.url, cookie, "content-type": "application/json" },
      body: JSON.stringify({ body: "Hello from the console" }),
    });
    assert.equal(reply.status, 201);
    const live = await console.waitFor((f) => f.type === "message");
    assert.equal((live.message as { seq: number }).seq, 1);
    await console.waitFor((f) => f.type === "inbox-changed");
    const toVisitor = await widget.waitFor((f) => f.type === "message");
    assert.deepEqual(
      {
        author: (toVisitor.message as { author: string }).author,
        agentName: (toVisitor.message as { agentName: string }).agentName,
      },
      { author: "agent", agentName: "Alice Agent" },
    );
    widget.socket.close();
    console.socket.close();
  });

  // Attack: Cross-Site WebSocket Hijacking from a page on another site, riding the agent's cookie.
  it("refuses the agent's cookie from another origin at the upgrade", async () => {
    const hijack = connect(realtimeUrl, { Origin: "https://evil.example", Cookie: cookie });
    await assert.rejects(hijack.opened, /HTTP 403/);
  });

  it("answers 413 to a body over the limit and serves the OpenAPI document", async () => {
    const huge = await fetch(`${hub.url}/api/v1/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: { origin: hub.url, cookie, "content-type": "application/json" },
      body: JSON.stringify({ body: "x".repeat(70 * 1024) }),
    });
    assert.equal(huge.status, 413);
    const openapi = await fetch(`${hub.url}/api/v1/openapi.json`);
    assert.equal(openapi.status, 200);
    assert.ok(
      ((await openapi.json()) as { paths: Record<string, unknown> }).paths[
        "/api/v1/conversations/{id}/claim"
      ],
    );
  });

  it("sends signed-out and closes when the agent signs out elsewhere", async () => {
    const console = connect(realtimeUrl, { Origin: hub.url, Cookie: cookie });
    await console.opened;
    console.send({ type: "ping" });
    await console.waitFor((f) => f.type === "pong");
    const csrf = await fetch(`${hub.url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signOut = await fetch(`${hub.url}/api/auth/signout`, {
      method: "POST",
      headers: { origin: hub.url, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }),
    });
    assert.equal(signOut.status, 200);
    await console.waitFor((f) => f.type === "signed-out");
    assert.equal(await console.closed, CLOSE_SIGNED_OUT);
  });
});
