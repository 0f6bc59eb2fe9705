import type { NextConfig } from "next";

// Keep this file free of relative imports: when the custom server (server.ts) runs with another
// working directory than hub/, Next 16 resolves them against process.cwd() and fails to start.

/**
 * The Content-Security-Policy every hub response carries until a route needs more: only our own
 * origin, no plugins, no <base> tricks, and no framing by anyone (the widget's paths have their own,
 * see lib/widget/widget-pages.ts).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers sent on every response of the hub, and of the demo server (lib/demo-page.ts). */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "X-Frame-Options", value: "DENY" },
];

const nextConfig: NextConfig = {
  // core is consumed from its TypeScript sources (no dist/ to keep in sync).
  transpilePackages: ["@tawkster/core"],
  // A native module: loaded by Node at run time, never bundled.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    // Not on the widget's paths (/widget.js, /widget/*): the hub's own handlers serve them with
    // their own CSP (the frame's `frame-ancestors` lists the site's allowed origins) and without
    // X-Frame-Options, which would forbid the frame everywhere. Two CSP headers would both be
    // enforced, so none may come from here even if such a request ever reached Next.
    return [{ source: "/:path((?!widget/|widget\\.js$).*)", headers: [...SECURITY_HEADERS] }];
  },
};

export default nextConfig;
