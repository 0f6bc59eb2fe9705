// The local demo site (TAWKSTER_DEMO_PORT): a stand-in for a customer's website that embeds the
// real widget snippet, on the hub's host so the frame's storage is same-site. Before first-run
// setup it says what to do; afterwards it embeds the "Demo site" (created on demand, see
// widget/demo-site.ts) and offers the consent buttons a real site's consent manager would.
import { createServer, type Server } from "node:http";
import { buildEmbedSnippet } from "../api/routes/embed-snippet";
import { SECURITY_HEADERS } from "../next.config";
import type { THub } from "./hub-context";
import { ensureDemoSite, type TDemoSite } from "./widget/demo-site";

/** Escapes text for HTML text and double-quoted attributes. */
function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * The demo page's CSP: its own files, plus the hub for the loader script and the chat frame.
 * Nothing inline, and nobody may frame the demo page itself.
 */
export function buildDemoCsp(hubOrigin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${hubOrigin}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${hubOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function layout(body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tawkster demo site</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo.css">
</head>
<body>
<main>
<h1>Tawkster demo site</h1>
${body}
</main>
</body>
</html>
`;
}

/** The page before first-run setup: there is no workspace, so no site and no widget yet. */
export function renderSetupFirstPage(hubBaseUrl: string): string {
  const setupUrl = escapeHtml(`${hubBaseUrl}/setup`);
  return layout(`<p>This page stands in for a customer's website and will show the Tawkster chat widget.</p>
<p><strong>There is no workspace yet.</strong> Open <a href="${setupUrl}">${setupUrl}</a> to create your
workspace and its first admin, then reload this page: the hub adds a site called “Demo site” for this
page by itself, and the widget appears in the bottom right corner.</p>`);
}

/** The page once the demo site exists: the real embed snippet, consent buttons and a privacy note. */
export function renderDemoPage(input: { hubBaseUrl: string; siteKey: string; siteName: string }): string {
  const hub = escapeHtml(new URL(input.hubBaseUrl).host);
  return layout(`<p>This page stands in for a customer's website. It embeds the chat widget of the site
“${escapeHtml(input.siteName)}” with the same snippet a customer pastes into their pages. Open the chat
with the button in the bottom right corner, or with Tab and Enter, and answer from the
console of the hub.</p>
<section aria-labelledby="consent-title">
<h2 id="consent-title">Cookie consent</h2>
<p>A real website asks its consent manager and tells the widget the answer with
<code>Tawkster.consent({ functional: true })</code>. These buttons do the same, and this page
remembers your choice so it can tell the widget again on your next visit.</p>
<p class="buttons">
<button type="button" id="consent-allow">Allow functional storage</button>
<button type="button" id="consent-deny">Essential only</button>
<button type="button" id="chat-open">Open the chat</button>
</p>
<p id="consent-status" role="status"></p>
</section>
<section aria-labelledby="privacy-title">
<h2 id="privacy-title">Privacy note</h2>
<p>The chat is served by the Tawkster hub at ${hub}. Until you allow functional storage, it keeps
your chat session only in this browser tab (sessionStorage) and forgets it when the tab is closed.
If you allow it, the chat keeps a sign-in token for 30 days (localStorage of the hub's frame), so you
can come back to your conversation; choosing “Essential only” deletes that token at once. What you
write is stored encrypted by the hub and read by this site's agents; your IP address is stored only
shortened, as the site's policy says.</p>
</section>
${buildEmbedSnippet(input.hubBaseUrl, input.siteKey)}
<script src="/demo.js" defer></script>`);
}

/** The demo page's script: consent buttons, and the remembered choice passed on at every load. */
export const DEMO_SCRIPT = `"use strict";
(function () {
  var KEY = "tawkster-demo:consent";
  var status = document.getElementById("consent-status");
  function saved() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function remember(value) {
    try {
      if (value === null) window.localStorage.removeItem(KEY); else window.localStorage.setItem(KEY, value);
    } catch (e) { /* storage blocked: the choice holds for this page load only */ }
  }
  function describe(value) {
    if (!status) return;
    status.textContent = value === "yes"
      ? "Functional storage allowed: the chat remembers you on this browser."
      : value === "no" ? "Essential only: the chat forgets you when this tab closes." : "";
  }
  function tell() {
    var value = saved();
    describe(value);
    if (value !== null && window.Tawkster) window.Tawkster.consent({ functional: value === "yes" });
  }
  // Tell the widget before its frame is ready: the loader passes the choice on at start-up.
  var loader = document.querySelector("script[data-site]");
  if (window.Tawkster) tell();
  else if (loader) loader.addEventListener("load", tell);
  function choose(value) {
    remember(value);
    describe(value);
    if (window.Tawkster) window.Tawkster.consent({ functional: value === "yes" });
    else if (status) status.textContent = "The chat is still loading; your choice is kept for it.";
  }
  var allow = document.getElementById("consent-allow");
  var deny = document.getElementById("consent-deny");
  var open = document.getElementById("chat-open");
  if (allow) allow.addEventListener("click", function () { choose("yes"); });
  if (deny) deny.addEventListener("click", function () { choose("no"); });
  if (open) open.addEventListener("click", function () { if (window.Tawkster) window.Tawkster.open(); });
})();
`;

const DEMO_STYLE = `body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #111827; background: #f8fafc; }
main { max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem 6rem; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
a { color: #1d4ed8; }
code { font-size: .9em; background: #e5e7eb; padding: 0 .25em; border-radius: 3px; }
.buttons { display: flex; flex-wrap: wrap; gap: .5rem; }
button { font: inherit; padding: .5rem .9rem; border-radius: 6px; border: 1px solid #1d4ed8; background: #fff; color: #1d4ed8; cursor: pointer; }
button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
`;

type TDemoResponse = { status: number; type: string; body: string };

async function answer(path: string, options: TDemoServerOptions): Promise<TDemoResponse> {
  if (path === "/demo.js") return { status: 200, type: "text/javascript; charset=utf-8", body: DEMO_SCRIPT };
  if (path === "/demo.css") return { status: 200, type: "text/css; charset=utf-8", body: DEMO_STYLE };
  if (path !== "/") return { status: 404, type: "text/plain; charset=utf-8", body: "Not found.\n" };
  let demo: TDemoSite;
  try {
    // Lazily too, not only at start-up: the workspace may have been set up since.
    demo = await ensureDemoSite(options.hub, options.demoOrigin);
  } catch (error) {
    console.error(`demo page failed: ${error instanceof Error ? error.name : "unknown"}`);
    return { status: 500, type: "text/plain; charset=utf-8", body: "The demo is not available right now.\n" };
  }
  const body =
    demo.status === "ready"
      ? renderDemoPage({ hubBaseUrl: options.hubBaseUrl, siteKey: demo.siteKey, siteName: demo.siteName })
      : renderSetupFirstPage(options.hubBaseUrl);
  return { status: 200, type: "text/html; charset=utf-8", body };
}

export type TDemoServerOptions = {
  hub: THub;
  /** The hub's base URL as visitors reach it (the loader's and the frame's origin). */
  hubBaseUrl: string;
  /** The demo page's own origin, which the demo site allows. */
  demoOrigin: string;
};

/** The demo HTTP server: the page at `/`, its script and stylesheet, 404 for everything else. */
export function createDemoServer(options: TDemoServerOptions): Server {
  const csp = buildDemoCsp(new URL(options.hubBaseUrl).origin);
  return createServer((request, response) => {
    for (const { key, value } of SECURITY_HEADERS) response.setHeader(key, value);
    response.setHeader("Content-Security-Policy", csp);
    response.setHeader("Cache-Control", "no-store");
    const isRead = request.method === "GET" || request.method === "HEAD";
    const path = new URL(request.url ?? "/", "http://demo.invalid").pathname;
    const result: Promise<TDemoResponse> = isRead
      ? answer(path, options)
      : Promise.resolve({ status: 405, type: "text/plain; charset=utf-8", body: "Method not allowed.\n" });
    void result.then(({ status, type, body }) => {
      response.statusCode = status;
      response.setHeader("Content-Type", type);
      if (status === 405) response.setHeader("Allow", "GET, HEAD");
      response.end(request.method === "HEAD" ? undefined : body);
    });
  });
}
