import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { SECURITY_HEADERS } from "../../next.config";
import { callWidget, createWidgetTestHub, HUB_ORIGIN, type TWidgetTestHub } from "./test-hub";
import { createWidgetAssets, WIDGET_ASSET_FILES } from "./widget-assets";
import { baseHeadersFor, createWidgetPageRoutes, LOCKED_CSP } from "./widget-pages";

describe("widget pages: loader, frame page and frame bundles", () => {
  let t: TWidgetTestHub;
  let buildDir: string;
  let routes: ReturnType<typeof createWidgetPageRoutes>;

  const get = (path: string, headers: Record<string, string> = {}) =>
    callWidget(t.hub, routes, "GET", path, { widgetOrigin: null, headers });
  const framePath = (siteKey: string, origin: string) =>
    `/widget/frame?site=${encodeURIComponent(siteKey)}&origin=${encodeURIComponent(origin)}`;

  beforeEach(async () => {
    t = await createWidgetTestHub();
    buildDir = mkdtempSync(join(tmpdir(), "tawkster-widget-build-"));
    writeFileSync(join(buildDir, WIDGET_ASSET_FILES.loader), "/* loader */");
    writeFileSync(join(buildDir, WIDGET_ASSET_FILES.frameScript), "/* frame */");
    writeFileSync(join(buildDir, WIDGET_ASSET_FILES.frameStyle), "/* style */");
    routes = createWidgetPageRoutes(createWidgetAssets(buildDir));
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(buildDir, { recursive: true, force: true });
  });

  it("renders the frame for an allowed origin with a nonce'd CSP framing it for that origin only", async () => {
    const response = await get(framePath(t.shop.siteKey, "https://shop.example.com"));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.equal(response.headers.get("x-frame-options"), null);
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /; frame-ancestors https:\/\/shop\.example\.com$/);
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9_-]{22,}'; /);
    assert.match(csp, /connect-src http:\/\/127\.0\.0\.1:3000 ws:\/\/127\.0\.0\.1:3000/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
    const html = await response.text();
    assert.match(
      html,
      new RegExp(`<script src="${HUB_ORIGIN}/widget/frame\\.js\\?v=[0-9a-f]{16}" nonce="${nonce}" defer>`),
    );
    assert.match(html, /data-parent-origin="https:\/\/shop\.example\.com"/);
    assert.match(html, new RegExp(`data-site-key="${t.shop.siteKey}"`));

    const again = await get(framePath(t.shop.siteKey, "https://shop.example.com"));
    const otherNonce = /'nonce-([^']+)'/.exec(again.headers.get("content-security-policy") ?? "")?.[1];
    assert.notEqual(otherNonce, nonce, "a fresh nonce per response");

    const www = await get(framePath(t.shop.siteKey, "https://WWW.example.com:443"));
    assert.equal(www.status, 200);
    assert.match(
      www.headers.get("content-security-policy") ?? "",
      /frame-ancestors https:\/\/www\.example\.com$/,
    );
  });

  // Attack: a hostile page embedding a site's widget to chat (and collect data) in its name.
  it("refuses an origin the site does not allow with 403, frame-ancestors 'none' and no session material", async () => {
    for (const origin of [
      "https://evil.example",
      "http://shop.example.com",
      "null",
      "",
      "https://shop.example.com/path",
    ]) {
      const response = await get(framePath(t.shop.siteKey, origin));
      assert.equal(response.status, 403, `origin ${JSON.stringify(origin)}`);
      assert.equal(response.headers.get("content-security-policy"), LOCKED_CSP);
      assert.match(LOCKED_CSP, /frame-ancestors 'none'/);
      assert.equal(response.headers.get("cache-control"), "no-store");
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain/);
      const body = await response.text();
      assert.equal(body.includes(t.shop.siteKey), false);
      assert.equal(/nonce|script|token/i.test(body), false);
    }
    assert.equal(await t.countVisitors(), 0);
  });

  it("answers an unknown or malformed site key with a plain 404 page", async () => {
    for (const key of [`site_${"Z".repeat(24)}`, "site_", "<script>", ""]) {
      const response = await get(framePath(key, "https://shop.example.com"));
      assert.equal(response.status, 404, `key ${key}`);
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain/);
      assert.equal(response.headers.get("content-security-policy"), LOCKED_CSP);
    }
  });

  it("names the hub origin the request reached when it is one of the hub's own, else the configured one", async () => {
    const local = await get(framePath(t.shop.siteKey, "https://shop.example.com"), {
      host: "localhost:3000",
    });
    assert.match(await local.text(), /data-hub-origin="http:\/\/localhost:3000"/);
    const spoofed = await get(framePath(t.shop.siteKey, "https://shop.example.com"), {
      host: "evil.example",
    });
    const html = await spoofed.text();
    assert.match(html, /data-hub-origin="http:\/\/127\.0\.0\.1:3000"/);
    assert.equal(html.includes("evil.example"), false);
  });

  it("serves the loader as a short-cached cross-origin script, with ETag revalidation", async () => {
    const response = await get("/widget.js");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.equal(response.headers.get("cache-control"), "public, max-age=300");
    assert.equal(response.headers.get("cross-origin-resource-policy"), "cross-origin");
    assert.equal(await response.text(), "/* loader */");
    const etag = response.headers.get("etag") ?? "";
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const revalidated = await get("/widget.js", { "if-none-match": etag });
    assert.equal(revalidated.status, 304);
  });

  it("caches the frame's bundles for a year only under their current version", async () => {
    const page = await (await get(framePath(t.shop.siteKey, "https://shop.example.com"))).text();
    const version = /frame\.css\?v=([0-9a-f]{16})/.exec(page)?.[1];
    assert.ok(version);
    const current = await get(`/widget/frame.css?v=${version}`);
    assert.equal(current.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(current.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(current.headers.get("cross-origin-resource-policy"), "same-origin");
    const stale = await get("/widget/frame.js?v=0000000000000000");
    assert.equal(stale.headers.get("cache-control"), "public, max-age=300");
    assert.equal(await stale.text(), "/* frame */");

    // A rebuild while the hub runs is served at once, under a new version.
    writeFileSync(join(buildDir, WIDGET_ASSET_FILES.frameScript), "/* frame, rebuilt */");
    const rebuilt = await (await get(framePath(t.shop.siteKey, "https://shop.example.com"))).text();
    assert.notEqual(/frame\.js\?v=([0-9a-f]{16})/.exec(rebuilt)?.[1], version);
    assert.equal(await (await get("/widget/frame.js")).text(), "/* frame, rebuilt */");
  });

  it("answers a missing build in the error shape, naming the fix", async () => {
    rmSync(join(buildDir, WIDGET_ASSET_FILES.loader));
    const response = await get("/widget.js");
    assert.equal(response.status, 500);
    const body = (await response.json()) as { error: { message: string } };
    assert.match(body.error.message, /npm start/);
  });

  it("starts widget responses from headers without X-Frame-Options and with exactly one CSP", () => {
    for (const path of ["/widget.js", "/widget/frame", "/widget/frame.js", "/widget/x"]) {
      const headers = baseHeadersFor(path);
      assert.equal(headers.filter(({ key }) => /^x-frame-options$/i.test(key)).length, 0, path);
      assert.deepEqual(
        headers.filter(({ key }) => /^content-security-policy$/i.test(key)).map(({ value }) => value),
        [LOCKED_CSP],
      );
      assert.ok(headers.some(({ key }) => key === "X-Content-Type-Options"));
    }
    assert.equal(baseHeadersFor("/api/v1/widget/session"), SECURITY_HEADERS, "the API keeps the hub's");
    assert.equal(baseHeadersFor("/widgets"), SECURITY_HEADERS);
  });
});
