// Attack: widget hijacking. A hostile website copies a customer's embed snippet (the site key is
// public) to show "their" chat on its own pages, collect what visitors type and act in the
// customer's name. The hub must give such a page no widget and no session: the frame page is
// refused (or, if the page lies about its origin, blocked by CSP frame-ancestors), no visitor is
// created, no token is issued, and direct API calls naming another origin are refused.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ZErrorBody } from "@tawkster/core/errors";
import { isOriginAllowed, WIDGET_API_PATHS, WIDGET_ORIGIN_HEADER } from "@tawkster/core/widget";
import type { Browser, Page, Request as PwRequest, Response as PwResponse } from "playwright-core";
import { servePages, type TPageServer } from "../fixtures/hosts";
import { spawnHub, type THub } from "../fixtures/spawn-hub";
import { launchWidgetBrowser, WidgetOnPage } from "../fixtures/widget-page";
import { openWidgetData, seedWidgetWorkspace, type TWidgetData } from "../fixtures/widget-seed";

/** What a page did with the widget: requests and answers to the hub, and console messages. */
type TTrace = { requests: PwRequest[]; responses: PwResponse[]; console: string[] };

function trace(page: Page, hubUrl: string): TTrace {
  const result: TTrace = { requests: [], responses: [], console: [] };
  page.on("request", (request) => {
    if (request.url().startsWith(hubUrl)) result.requests.push(request);
  });
  page.on("response", (response) => {
    if (response.url().startsWith(hubUrl)) result.responses.push(response);
  });
  page.on("console", (message) => result.console.push(message.text()));
  return result;
}

function paths(list: readonly { url(): string }[]): string[] {
  return list.map((item) => new URL(item.url()).pathname);
}

describe("widget hijacking: the snippet on a website the site does not allow", () => {
  const parent = mkdtempSync(join(tmpdir(), "tawkster-widget-hijack-"));
  const dataDir = join(parent, "data");
  let hub: THub;
  let data: TWidgetData;
  let browser: Browser;
  let hostile: TPageServer;
  let siteKey: string;

  before(async () => {
    const seed = await seedWidgetWorkspace(dataDir);
    hub = await spawnHub({ dataDir, env: seed.env });
    data = await openWidgetData(dataDir, seed);
    // The hub added its demo site at start-up: allowed on the demo origin only.
    const demoSite = (await data.sites()).find((site) => site.name === "Demo site");
    assert.ok(demoSite, "npm start created the demo site");
    assert.deepEqual(demoSite.allowedDomains, [hub.demoUrl]);
    siteKey = demoSite.siteKey;
    const snippet = `<script src="${hub.url}/widget.js" data-site="${siteKey}" async></script>`;
    const frameUrl = `${hub.url}/widget/frame?site=${siteKey}&origin=${encodeURIComponent(hub.demoUrl)}`;
    hostile = await servePages({
      "/": `<!doctype html><html lang="en"><head><title>Totally the shop</title></head><body><h1>Shop</h1>${snippet}</body></html>`,
      // A page that skips the loader and frames the chat directly, claiming to be the demo origin.
      "/forged": `<!doctype html><html lang="en"><head><title>Forged</title></head><body><iframe title="Chat" src="${frameUrl}"></iframe></body></html>`,
    });
    browser = await launchWidgetBrowser();
  });

  after(async () => {
    await browser?.close();
    await hostile?.close();
    await data?.close();
    await hub?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  for (const host of ["evil.example.test", "127.0.0.1"]) {
    test(`on http://${host}:PORT the frame is refused: no launcher, no chat UI, no session`, async () => {
      const origin = hostile.originFor(host);
      assert.equal(isOriginAllowed([hub.demoUrl], origin), false, "the test page is on a foreign origin");
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const seen = trace(page, hub.url);
        const framed = page.waitForResponse((r) => new URL(r.url()).pathname === "/widget/frame");
        await page.goto(`${origin}/`);
        const widget = new WidgetOnPage(page);
        const frameResponse = await framed;
        assert.equal(frameResponse.status(), 403);
        const csp = (await frameResponse.allHeaders())["content-security-policy"] ?? "";
        assert.match(csp, /frame-ancestors 'none'/);
        // The loader gives up on a frame that never says it is ready and removes what it added.
        await widget.frameElement().waitFor({ state: "detached", timeout: 25_000 });
        assert.equal(await widget.launcher().count(), 0, "no launcher");
        assert.deepEqual(paths(seen.requests), ["/widget.js", "/widget/frame"], "nothing else was loaded");
        const storage = await page.evaluate(() => [localStorage.length, sessionStorage.length]);
        assert.deepEqual(storage, [0, 0]);
      } finally {
        await context.close();
      }
      assert.equal(await data.visitorCount(), 0, "no visitor row was created");
    });
  }

  test("a page lying about its origin gets a frame the browser refuses to render (frame-ancestors)", async () => {
    const origin = hostile.originFor("evil.example.test");
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const seen = trace(page, hub.url);
      const framed = page.waitForResponse((r) => new URL(r.url()).pathname === "/widget/frame");
      await page.goto(`${origin}/forged`);
      const response = await framed;
      // The hub believed the query string; the browser checks the real ancestor against it.
      assert.equal(response.status(), 200);
      const csp = (await response.allHeaders())["content-security-policy"] ?? "";
      assert.match(csp, new RegExp(`frame-ancestors ${hub.demoUrl.replace(/[.]/g, "\\.")}$`));
      await page.waitForLoadState("load");
      await page.waitForTimeout(1_500);
      const frame = await new WidgetOnPage(page).frame();
      assert.equal(
        frame.url().startsWith(hub.url),
        false,
        `the frame did not render the hub's page (${frame.url()})`,
      );
      assert.equal(await frame.locator(".tw-app").count(), 0, "the chat UI never loaded");
      assert.deepEqual(paths(seen.requests), ["/widget/frame"], "no frame script, no API call");
      assert.ok(
        seen.console.some((line) => /frame-ancestors/.test(line)),
        `Chromium reported the frame-ancestors violation: ${seen.console.join(" | ")}`,
      );
    } finally {
      await context.close();
    }
    assert.equal(await data.visitorCount(), 0, "no visitor row was created");
  });

  test("API calls naming a foreign origin are refused with 403 in the one error shape", async () => {
    const evil = hostile.originFor("evil.example.test");
    const attempts: { origin: string; widgetOrigin: string | null }[] = [
      { origin: evil, widgetOrigin: evil },
      { origin: evil, widgetOrigin: hub.demoUrl },
      { origin: hub.url, widgetOrigin: evil },
      { origin: hub.url, widgetOrigin: null },
    ];
    for (const { origin, widgetOrigin } of attempts) {
      const response = await fetch(`${hub.url}${WIDGET_API_PATHS.session}`, {
        method: "POST",
        headers: {
          Origin: origin,
          "Content-Type": "application/json",
          ...(widgetOrigin !== null && { [WIDGET_ORIGIN_HEADER]: widgetOrigin }),
        },
        body: JSON.stringify({ siteKey }),
      });
      assert.equal(response.status, 403, `Origin ${origin}, widget origin ${widgetOrigin}`);
      const body = ZErrorBody.parse(await response.json());
      assert.equal(body.error.code, "access.origin_not_allowed");
      assert.equal(JSON.stringify(body).includes("visitorToken"), false);
    }

    // The same call from the hostile page's own script: the browser sends its real Origin.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${evil}/`);
      const result = await page.evaluate(
        async ({ url, siteKey: key, header, claimed }) => {
          try {
            const response = await fetch(url, {
              method: "POST",
              headers: { "Content-Type": "application/json", [header]: claimed },
              body: JSON.stringify({ siteKey: key }),
            });
            return `answered ${response.status}`;
          } catch {
            return "blocked";
          }
        },
        {
          url: `${hub.url}${WIDGET_API_PATHS.session}`,
          siteKey,
          header: WIDGET_ORIGIN_HEADER,
          claimed: hub.demoUrl,
        },
      );
      // The hub grants no CORS, so the page cannot even read the refusal.
      assert.equal(result, "blocked");
    } finally {
      await context.close();
    }
    assert.equal(await data.visitorCount(), 0, "no visitor row was created");
  });

  // Legitimate use: the same snippet on the allowed origin works, so the refusals above are real.
  test("the same site on its allowed origin (the demo page) shows the widget and starts a session", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(hub.demoUrl);
      assert.equal(await page.locator("script[data-site]").getAttribute("data-site"), siteKey);
      const widget = new WidgetOnPage(page);
      await widget.waitUntilReady();
      await widget.waitForSession("Demo site");
    } finally {
      await context.close();
    }
    assert.equal(await data.visitorCount(), 1);
  });
});
