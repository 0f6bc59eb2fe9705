import type { TConfig } from "@tawkster/core/config";
import { isHttpsHub } from "./hub-origin";

/** The names of the agent session cookies: `__Host-` prefixed (no Domain, Secure, path /) over https. */
export function authCookieNames(config: Pick<TConfig, "publicUrl">): {
  session: string;
  csrf: string;
  callbackUrl: string;
} {
  const prefix = isHttpsHub(config) ? "__Host-" : "";
  return {
    session: `${prefix}tawkster.session`,
    csrf: `${prefix}tawkster.csrf`,
    callbackUrl: `${prefix}tawkster.callback-url`,
  };
}

/** Reads one cookie from a `Cookie` header (no dependency: the format is `a=b; c=d`). */
export function readCookie(header: string | null, name: string): string | null {
  if (header === null) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

/** Every cookie of a `Cookie` header as an object (what next-auth reads). */
export function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    try {
      if (name !== "" && !(name in cookies)) cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      // A malformed value is ignored, as browsers do.
    }
  }
  return cookies;
}
