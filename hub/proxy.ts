import { type NextRequest, NextResponse } from "next/server";

// Next 16's request proxy (the former middleware): it gives every page response a Content
// Security Policy with a fresh nonce. Next reads the nonce from the request's CSP header and puts
// it on its own scripts and styles, which a static `script-src 'self'` would block (they are
// inline). Pages must therefore be rendered per request. The hub's own API handlers (custom
// server) and Next's /api routes keep the static policy from next.config.ts.

/** The page policy for one nonce: our origin only, scripts and styles only with the nonce. */
export function buildPageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const RUNTIME_KEY = Symbol.for("tawkster.hub.runtime");

/**
 * Whether the hub's public URL is https (read from the runtime server.ts set up, in this same
 * process; if it cannot be read, no HSTS, which is the safe side for a plain-http hub).
 */
function isHttpsHub(): boolean {
  const runtime = (globalThis as { [RUNTIME_KEY]?: { config?: { publicUrl?: string | null } } })[RUNTIME_KEY];
  return runtime?.config?.publicUrl?.startsWith("https://") ?? false;
}

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** Adds the per-request CSP (and the other security headers) to page responses. */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = buildPageCsp(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  response.headers.set("X-Frame-Options", "DENY");
  if (isHttpsHub()) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not API routes, not Next's static files (they carry no inline code).
      source: "/((?!api/|_next/static|_next/image|favicon.ico|widget).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
