// The widget where it belongs: on the demo site (an allowed origin) a visitor opens the chat,
// reads the privacy notice and writes; the message is stored, nothing is kept in localStorage
// without consent, and with consent the visitor comes back to the same conversation.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { listMessages } from "@tawkster/core/chat";
import type { Browser } from "playwright-core";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { DemoSitePage, launchWidgetBrowser, type WidgetOnPage } from "../fixtures/widget-page";
import {
  openWidgetData,
  seedWidgetWorkspace,
  type TWidgetData,
  type TWidgetSeed,
} from "../fixtures/widget-seed";

/** The visitor id inside a visitor token (its claims are signed, not encrypted). */
function visitorIdOf(token: string | undefined): string {
  const payload = token?.split(".")[1];
  assert.ok(payload, "a visitor token");
  return (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { visitorId: string }).visitorId;
}

/** Raw response headers (name → every value), so duplicates are seen as such. */
function rawHeaders(url: string): Promise<{ status: number; headers: Map<string, string[]> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      const headers = new Map<string, string[]>();
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        const name = (res.rawHeaders[i] ?? "").toLowerCase();
        headers.set(name, [...(headers.get(name) ?? []), res.rawHeaders[i + 1] ?? ""]);
      }
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the widget on an allowed website (the demo site)", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-widget-allowed-"));
  const dataDir = join(parent, "data");
  let seed: TWidgetSeed;
  let hub: THub;
  let data: TWidgetData;
  let browser: Browser;

  before(async () => {
    seed = await seedWidgetWorkspace(dataDir);
    hub = await spawnHub({ dataDir, env: seed.env });
    data = await openWidgetData(dataDir, seed);
    browser = await launchWidgetBrowser();
  });

  after(async () => {
    await browser?.close();
    await data?.close();
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  async function storedBodies(token: string | undefined): Promise<string[]> {
    const conversations = await data.deps.store
      .scoped(seed.workspaceId)
      .conversations.list({ visitorId: visitorIdOf(token) });
    const bodies: string[] = [];
    for (const conversation of conversations) {
      const { messages } = await listMessages(data.deps, data.admin, { conversationId: conversation.id });
      bodies.push(...messages.map((message) => message.body));
    }
    return bodies;
  }

  async function tokenIn(widget: WidgetOnPage, siteKey: string) {
    const { local, session } = await widget.frameStorage();
    const key = `tawkster:visitor-token:${siteKey}`;
    return { local: local[key], session: session[key], localKeys: Object.keys(local) };
  }

  test("start-up printed both URLs and the demo page embeds the real snippet", async () => {
    assert.match(hub.stdout(), new RegExp(`Tawkster hub listening on ${hub.url}`));
    assert.match(hub.stdout(), new RegExp(`Demo site on ${hub.demoUrl}`));
    const html = await (await fetch(hub.demoUrl)).text();
    const [site] = (await data.sites()).filter((s) => s.name === "Demo site");
    assert.ok(site);
    assert.ok(
      html.includes(`<script src="${hub.url}/widget.js" data-site="${site.siteKey}" async></script>`),
      "the snippet a customer pastes",
    );
    assert.match(html, /Privacy note/);
    const csp = (await fetch(hub.demoUrl)).headers.get("content-security-policy") ?? "";
    assert.match(csp, new RegExp(`script-src 'self' ${hub.url}`));
    assert.match(csp, new RegExp(`frame-src ${hub.url}`));
  });

  test("one CSP and no X-Frame-Options on the widget's paths; the hub's own pages keep theirs", async () => {
    const [site] = (await data.sites()).filter((s) => s.name === "Demo site");
    assert.ok(site);
    const frame = await rawHeaders(
      `${hub.url}/widget/frame?site=${site.siteKey}&origin=${encodeURIComponent(hub.demoUrl)}`,
    );
    assert.equal(frame.status, 200);
    assert.equal(frame.headers.get("content-security-policy")?.length, 1, "exactly one CSP header");
    assert.match(
      frame.headers.get("content-security-policy")?.[0] ?? "",
      new RegExp(`frame-ancestors ${hub.demoUrl}$`),
    );
    assert.equal(frame.headers.has("x-frame-options"), false);
    assert.deepEqual(frame.headers.get("cache-control"), ["no-store"]);
    for (const path of ["/widget.js", "/widget/frame.js", "/widget/frame.css", "/widget/nothing"]) {
      const response = await rawHeaders(`${hub.url}${path}`);
      assert.equal(response.headers.get("content-security-policy")?.length, 1, path);
      assert.equal(response.headers.has("x-frame-options"), false, path);
      assert.deepEqual(response.headers.get("x-content-type-options"), ["nosniff"], path);
    }
    const loader = await rawHeaders(`${hub.url}/widget.js`);
    assert.deepEqual(loader.headers.get("content-type"), ["text/javascript; charset=utf-8"]);
    assert.deepEqual(loader.headers.get("cross-origin-resource-policy"), ["cross-origin"]);
    assert.match(loader.headers.get("cache-control")?.[0] ?? "", /^public, max-age=\d+$/);
    const health = await rawHeaders(`${hub.url}/api/health`);
    assert.deepEqual(health.headers.get("x-frame-options"), ["DENY"]);
  });

  test("a visitor opens the chat with the keyboard, sees the privacy notice, and their message is stored", async () => {
    const context = await browser.newContext();
    try {
      const demo = new DemoSitePage(await context.newPage());
      await demo.open(hub.demoUrl);
      const siteKey = await demo.siteKey();
      const { widget } = demo;
      await widget.waitUntilReady();
      await widget.openWithKeyboard();
      await widget.waitForSession("Demo site");
      const notice = (await widget.notice().textContent()) ?? "";
      assert.match(notice, /By chatting you agree that Demo site receives and stores your messages/);

      await widget.sendByKeyboard("Hello from the demo page");
      const { local, session, localKeys } = await tokenIn(widget, siteKey);
      assert.deepEqual(localKeys, [], "essential mode keeps nothing in the frame's localStorage");
      assert.equal(local, undefined);
      assert.ok(session, "the tab-session token is in sessionStorage");
      assert.equal(await demo.page.evaluate(() => localStorage.length), 0, "nor in the page's");
      assert.deepEqual(
        await storedBodies(session),
        ["Hello from the demo page"],
        "stored, read back as the admin",
      );
    } finally {
      await context.close();
    }
  });

  test("after Tawkster.consent({ functional: true }) the token is in localStorage and a reload resumes the chat", async () => {
    const context = await browser.newContext();
    try {
      const demo = new DemoSitePage(await context.newPage());
      await demo.open(hub.demoUrl);
      const siteKey = await demo.siteKey();
      const { widget } = demo;
      await widget.waitUntilReady();
      await widget.launcher().click();
      await widget.waitForSession("Demo site");
      await widget.composer().fill("Please remember me");
      await widget.composer().press("Enter");
      await widget.waitForStored("Please remember me");
      const before = await tokenIn(widget, siteKey);
      assert.equal(before.local, undefined);

      await demo.allowFunctionalStorage();
      await demo.page.waitForFunction(() => document.getElementById("consent-status")?.textContent !== "");
      let after = await tokenIn(widget, siteKey);
      for (let i = 0; i < 50 && after.local === undefined; i++) {
        await demo.page.waitForTimeout(100);
        after = await tokenIn(widget, siteKey);
      }
      assert.ok(after.local, "a returning-visitor token in the frame's localStorage");
      assert.equal(after.session, undefined, "moved out of sessionStorage");
      assert.equal(visitorIdOf(after.local), visitorIdOf(before.session), "the same visitor");
      const claims = JSON.parse(Buffer.from(after.local.split(".")[1] ?? "", "base64url").toString()) as {
        persistent: boolean;
        expiresAt: number;
        issuedAt: number;
      };
      assert.equal(claims.persistent, true);
      assert.ok(claims.expiresAt - claims.issuedAt > 7 * 24 * 3600 * 1000, "it outlives the browser session");

      await demo.page.reload();
      await widget.waitUntilReady();
      await widget.launcher().click();
      // A reload re-runs the session call and the history fetch; on a loaded 2-core CI box that can
      // take well over the default, and the point here is that it comes back, not how fast.
      await widget.log().getByText("Please remember me").waitFor({ timeout: 30_000 });
      const resumed = await tokenIn(widget, siteKey);
      assert.equal(visitorIdOf(resumed.local), visitorIdOf(before.session), "resumed as the same visitor");
      await widget.composer().fill("I am back");
      await widget.composer().press("Enter");
      await widget.waitForStored("I am back");
      assert.deepEqual(
        await storedBodies(resumed.local),
        ["Please remember me", "I am back"],
        "one conversation",
      );

      // Withdrawing consent deletes the persistent token at once.
      await demo.essentialOnly();
      let withdrawn = await tokenIn(widget, siteKey);
      for (let i = 0; i < 50 && withdrawn.local !== undefined; i++) {
        await demo.page.waitForTimeout(100);
        withdrawn = await tokenIn(widget, siteKey);
      }
      assert.equal(withdrawn.local, undefined);
    } finally {
      await context.close();
    }
  });
});
