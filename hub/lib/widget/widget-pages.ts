// The widget's browser-facing files: the loader (/widget.js) a website embeds, the frame page
// (/widget/frame) the loader puts in its iframe, and the frame's script and stylesheet. Served by
// the hub's own framework-free handlers (not by Next, and not part of the JSON API or its
// OpenAPI document).
import { randomBytes } from "node:crypto";
import { ZSiteKey } from "@tawkster/core/schemas";
import { buildFrameAncestors, isOriginAllowed, normalizeOrigin } from "@tawkster/core/widget";
import { getSiteByKey } from "@tawkster/core/workspace";
import type { TRoute, TRouteContext } from "../../api/route";
import { SECURITY_HEADERS } from "../../next.config";
import { buildFrameCsp, renderFrameHtml, WIDGET_ROUTES as WIDGET_PATHS } from "../../widget/frame-html";
import { hubOriginsOf } from "../auth/hub-origin";
import { resolveHubBaseUrl } from "../hub-context";
import type { TWidgetAssetRole, TWidgetAssets } from "./widget-assets";

/** The CSP of every widget response that is not the chat frame itself: nothing, nowhere. */
export const LOCKED_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Whether a path is the widget's (served here, with the headers below instead of the hub's). */
export function isWidgetPath(pathname: string): boolean {
  return pathname === WIDGET_PATHS.loader || pathname.startsWith("/widget/");
}

/**
 * The headers every widget response starts from: the hub's security headers without
 * `X-Frame-Options` (it would forbid the frame on every website; the frame's CSP
 * `frame-ancestors` decides instead) and with a locked CSP in place of the hub's, which each
 * widget response replaces with its own, so exactly one CSP header reaches the browser.
 */
export const WIDGET_BASE_HEADERS: readonly { key: string; value: string }[] = [
  ...SECURITY_HEADERS.filter(({ key }) => !/^(x-frame-options|content-security-policy)$/i.test(key)),
  { key: "Content-Security-Policy", value: LOCKED_CSP },
];

/** The headers a response of the hub's own handlers starts from, by path. */
export function baseHeadersFor(pathname: string): readonly { key: string; value: string }[] {
  return isWidgetPath(pathname) ? WIDGET_BASE_HEADERS : SECURITY_HEADERS;
}

/** A short text page that no one may frame, cache or run anything in (refusals of the frame page). */
function plainPage(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": LOCKED_CSP,
    },
  });
}

/**
 * The hub origin the frame names as its API base: the one this request reached when it is one of
 * the hub's own (a page may load the loader from localhost or 127.0.0.1), so the frame's API
 * calls stay same-origin; otherwise the configured one.
 */
function frameHubOrigin(ctx: TRouteContext): string {
  const origins = hubOriginsOf(ctx.hub.config);
  const host = ctx.request.headers.get("host");
  const primary = new URL(resolveHubBaseUrl(ctx.hub.config)).origin;
  if (host === null || !/^[A-Za-z0-9.:[\]-]{1,300}$/.test(host)) return primary;
  const candidate = `${new URL(primary).protocol}//${host.toLowerCase()}`;
  return origins.includes(candidate) ? candidate : primary;
}

/**
 * GET /widget/frame?site=KEY&origin=O. An unknown key is a 404 page; an origin not allowed for
 * the site a 403 page with `frame-ancestors 'none'`, and neither carries anything a session could
 * start from. Otherwise the frame page with a fresh nonce and a CSP whose `frame-ancestors` names
 * O alone (already checked against the site's allowed domains): the narrowest list that works,
 * since the frame talks only to the parent it was rendered for.
 */
async function serveFrame(ctx: TRouteContext, assets: TWidgetAssets): Promise<Response> {
  const url = new URL(ctx.request.url);
  const siteKey = url.searchParams.get("site") ?? "";
  if (!ZSiteKey.safeParse(siteKey).success) return plainPage(404, "This chat is not available.");
  const { hub } = ctx;
  const site = await getSiteByKey({ store: hub.store, vault: hub.vault, bus: hub.bus }, siteKey);
  if (site === null) return plainPage(404, "This chat is not available.");
  const origin = normalizeOrigin(url.searchParams.get("origin") ?? "");
  if (origin === null || !isOriginAllowed(site.allowedDomains, origin)) {
    return plainPage(403, "This chat is not available on this website.");
  }
  const hubOrigin = frameHubOrigin(ctx);
  const nonce = randomBytes(18).toString("base64url");
  const html = renderFrameHtml({
    nonce,
    siteKey: site.siteKey,
    parentOrigin: origin,
    hubOrigin,
    assetVersion: await assets.frameVersion(),
  });
  return new Response(html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": buildFrameCsp({
        nonce,
        hubOrigin,
        frameAncestors: buildFrameAncestors([origin]),
      }),
      // The frame's own URL names the embedding origin; nothing it links to needs to learn it.
      "Referrer-Policy": "no-referrer",
    },
  });
}

const CONTENT_TYPES: Record<TWidgetAssetRole, string> = {
  loader: "text/javascript; charset=utf-8",
  frameScript: "text/javascript; charset=utf-8",
  frameStyle: "text/css; charset=utf-8",
};

/**
 * A bundle. The loader is fetched by every website under its own unversioned URL, so it is cached
 * briefly (a fix reaches every site within minutes) and marked `Cross-Origin-Resource-Policy:
 * cross-origin` so pages with COEP may load it too. The frame's files are loaded only by the
 * frame, on the hub's origin, under a URL versioned by their contents: cached for a year when the
 * version matches, briefly otherwise.
 */
async function serveAsset(
  ctx: TRouteContext,
  assets: TWidgetAssets,
  role: TWidgetAssetRole,
): Promise<Response> {
  const asset = await assets.read(role);
  const headers = new Headers({
    "Content-Type": CONTENT_TYPES[role],
    ETag: asset.etag,
    "Content-Security-Policy": LOCKED_CSP,
  });
  if (role === "loader") {
    headers.set("Cache-Control", "public, max-age=300");
    headers.set("Cross-Origin-Resource-Policy", "cross-origin");
  } else {
    const version = new URL(ctx.request.url).searchParams.get("v");
    const isCurrent = version !== null && version === (await assets.frameVersion());
    headers.set("Cache-Control", isCurrent ? "public, max-age=31536000, immutable" : "public, max-age=300");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
  }
  const tags = ctx.request.headers.get("if-none-match");
  if (tags?.split(",").some((tag) => tag.trim() === asset.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(new Uint8Array(asset.body), { status: 200, headers });
}

/** The routes of the widget's browser-facing files, reading the bundles through `assets`. */
export function createWidgetPageRoutes(assets: TWidgetAssets): readonly TRoute[] {
  return [
    {
      method: "GET",
      path: WIDGET_PATHS.loader,
      name: "widget.loader",
      handler: (ctx) => serveAsset(ctx, assets, "loader"),
    },
    {
      method: "GET",
      path: WIDGET_PATHS.frame,
      name: "widget.frame",
      handler: (ctx) => serveFrame(ctx, assets),
    },
    {
      method: "GET",
      path: WIDGET_PATHS.frameScript,
      name: "widget.frame.script",
      handler: (ctx) => serveAsset(ctx, assets, "frameScript"),
    },
    {
      method: "GET",
      path: WIDGET_PATHS.frameStyle,
      name: "widget.frame.style",
      handler: (ctx) => serveAsset(ctx, assets, "frameStyle"),
    },
  ];
}
