import { domainToASCII } from "node:url";

/** The scheme a widget origin may use. */
export type TWidgetScheme = "http" | "https";

/** Hosts that never leave the machine, so plain HTTP to them exposes nothing on the network. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

// Letters, digits and inner hyphens, at most 63 per label: what DNS and CSP's host-char accept.
// Underscores are left out on purpose: CSP source expressions cannot carry them.
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

// Anything here would mean a path, userinfo, a port or an escape hidden inside the host part.
const FORBIDDEN_IN_HOST = /[\s\p{Cc}/\\?#@%:[\]*<>^|"'`;,{}]/u;

/**
 * Brings a host to the one form both sides of a comparison use: IDNA to punycode (the same
 * mapping a browser applies before it sends `Origin`), lower case, IPv4/IPv6 in canonical form,
 * one trailing dot dropped. Answers null for anything that is not a plain host name or IP.
 */
export function normalizeHost(raw: string): string | null {
  if (raw.length === 0 || raw.length > 260) return null;
  if (raw.startsWith("[")) return normalizeIpv6(raw);
  if (FORBIDDEN_IN_HOST.test(raw)) return null;
  let host: string;
  try {
    // The URL parser is WHATWG's host parser: IDNA, lower-casing and IPv4 forms like 0x7f.1.
    host = domainToASCII(new URL(`http://${raw}`).hostname);
  } catch {
    return null;
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.length === 0 || host.length > 253 || !HOSTNAME.test(host)) return null;
  // A numeric last label makes the URL parser read the host as IPv4; a valid one is canonical now.
  if (/\.\d+$|^\d+$/.test(host) && !IPV4.test(host)) return null;
  return host;
}

function normalizeIpv6(raw: string): string | null {
  if (!IPV6.test(raw.toLowerCase())) return null;
  try {
    const host = new URL(`http://${raw}`).hostname;
    return IPV6.test(host) ? host : null;
  } catch {
    return null;
  }
}

/** Whether a normalized host is an IP literal (wildcards make no sense under one). */
export function isIpHost(host: string): boolean {
  return IPV4.test(host) || host.startsWith("[");
}

/** Whether a normalized host is localhost, 127.0.0.1 or [::1], the only hosts allowed over HTTP. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

/** The port a URL of this scheme uses when it names none. */
export function defaultPortOf(scheme: TWidgetScheme): number {
  return scheme === "https" ? 443 : 80;
}

/** Parses a port written as 1–5 digits; null unless it is 1–65535. */
export function parsePort(digits: string): number | null {
  if (!/^\d{1,5}$/.test(digits)) return null;
  const port = Number(digits);
  return port >= 1 && port <= 65535 ? port : null;
}
