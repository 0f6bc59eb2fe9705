import type { TConfig } from "@tawkster/core/config";
import { AppError } from "@tawkster/core/errors";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * The origins the hub's own pages are served from: the public URL's when one is configured;
 * otherwise the listening address, with its loopback aliases (a browser on the same machine may
 * say localhost or 127.0.0.1).
 */
export function hubOriginsOf(config: Pick<TConfig, "publicUrl" | "host" | "port">): string[] {
  if (config.publicUrl !== null) return [new URL(config.publicUrl).origin];
  const hosts = LOOPBACK_HOSTS.has(config.host) ? ["127.0.0.1", "localhost", "[::1]"] : [config.host];
  return hosts.map(
    (host) => `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${config.port}`,
  );
}

/** Whether the hub is reached over https (cookies get `Secure`, responses get HSTS). */
export function isHttpsHub(config: Pick<TConfig, "publicUrl">): boolean {
  return config.publicUrl?.startsWith("https://") ?? false;
}

/**
 * CSRF defence for cookie-authenticated calls: a state-changing request (anything but GET, HEAD
 * and OPTIONS) must carry an `Origin` header equal to one of the hub's own origins. Browsers send
 * `Origin` on every cross-site and same-site POST, PUT, PATCH and DELETE and scripts cannot forge
 * it, so a page on another site can never make an agent's browser change anything here; a
 * missing header is refused too (old clients and non-browsers must not be the gap). The
 * SameSite=Lax cookie is the second layer.
 *
 * @example assertSameOrigin(request, hubOriginsOf(hub.config));
 */
export function assertSameOrigin(request: Request, hubOrigin: string | readonly string[]): void {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return;
  const allowed = typeof hubOrigin === "string" ? [hubOrigin] : hubOrigin;
  const origin = request.headers.get("origin");
  if (origin === null || !allowed.includes(origin)) {
    throw new AppError("access.origin_not_allowed", "This request must come from a Tawkster page.");
  }
}
