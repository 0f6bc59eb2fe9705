import { AppError } from "@tawkster/core/errors";
import { ZSiteKey } from "@tawkster/core/schemas";
import { normalizeOrigin } from "@tawkster/core/widget";
import { FRAME_PATH } from "./loader-config";

/** Where the hub serves the loader, the frame page and the frame's assets (hub/.widget-build/). */
export const WIDGET_ROUTES = {
  loader: "/widget.js",
  frame: FRAME_PATH,
  frameScript: "/widget/frame.js",
  frameStyle: "/widget/frame.css",
} as const;

// A CSP nonce: base64 or base64url, at least 128 bits.
const NONCE = /^[A-Za-z0-9+/_-]{22,128}={0,2}$/;

/** Escapes text for a double-quoted HTML attribute (and for text content). */
export function escapeHtmlAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function requireOrigin(value: string, name: string): string {
  const origin = normalizeOrigin(value);
  if (origin === null) throw new AppError("request.invalid", `${name} must be an http(s) origin.`);
  return origin;
}

/**
 * The HTML page of the widget frame (`GET /widget/frame?site=KEY&origin=ORIGIN`). The hub must
 * check first that `parentOrigin` is allowed for the site (isOriginAllowed), then send this with
 * the CSP from buildFrameCsp using the same nonce. Contract read by frame/main.ts: `<body
 * data-site-key data-parent-origin data-hub-origin>`, origins normalized. Every attribute is
 * escaped, the nonce is on the script and stylesheet tags, and there is no inline script, style
 * or event handler. Throws AppError on malformed input rather than render it.
 */
export function renderFrameHtml(input: {
  nonce: string;
  siteKey: string;
  parentOrigin: string;
  hubOrigin: string;
  /** Appended to asset URLs (`?v=`) to bust caches when the build changes; optional. */
  assetVersion?: string;
}): string {
  if (!NONCE.test(input.nonce)) throw new AppError("internal.error", "The CSP nonce is malformed.");
  const siteKey = ZSiteKey.safeParse(input.siteKey);
  if (!siteKey.success) throw new AppError("request.invalid", "site must be a site key.");
  const parentOrigin = requireOrigin(input.parentOrigin, "origin");
  const hubOrigin = requireOrigin(input.hubOrigin, "The hub origin");
  const version =
    input.assetVersion === undefined ? "" : `?v=${encodeURIComponent(input.assetVersion.slice(0, 64))}`;
  const attr = escapeHtmlAttribute;
  const nonce = attr(input.nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Chat</title>
<link rel="stylesheet" href="${attr(`${hubOrigin}${WIDGET_ROUTES.frameStyle}${version}`)}" nonce="${nonce}">
<script src="${attr(`${hubOrigin}${WIDGET_ROUTES.frameScript}${version}`)}" nonce="${nonce}" defer></script>
</head>
<body data-site-key="${attr(siteKey.data)}" data-parent-origin="${attr(parentOrigin)}" data-hub-origin="${attr(hubOrigin)}">
</body>
</html>
`;
}

/**
 * The Content-Security-Policy of the frame page: nothing but our nonce'd script and stylesheet,
 * API calls and the WebSocket to the hub, no DOM-XSS sinks (Trusted Types), embeddable only by
 * the site's allowed origins (`frameAncestors` from core's buildFrameAncestors).
 */
export function buildFrameCsp(input: { nonce: string; hubOrigin: string; frameAncestors: string }): string {
  if (!NONCE.test(input.nonce)) throw new AppError("internal.error", "The CSP nonce is malformed.");
  const hubOrigin = requireOrigin(input.hubOrigin, "The hub origin");
  if (!/^frame-ancestors [^;,\r\n]+$/.test(input.frameAncestors)) {
    throw new AppError("internal.error", "frameAncestors must come from buildFrameAncestors.");
  }
  const socketOrigin = hubOrigin.replace(/^http/, "ws");
  return [
    "default-src 'none'",
    `script-src 'nonce-${input.nonce}'`,
    `style-src 'nonce-${input.nonce}'`,
    `connect-src ${hubOrigin} ${socketOrigin}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    input.frameAncestors,
  ].join("; ");
}
