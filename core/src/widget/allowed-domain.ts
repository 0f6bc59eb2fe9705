import { isIpHost, isLoopbackHost, normalizeHost, parsePort, type TWidgetScheme } from "./host";

/**
 * One entry of a site's allowed domains, parsed and normalized.
 * - `scheme` null: https, or for a loopback host http and https.
 * - `port` null: the scheme's default port, or for a loopback host any port.
 */
export type TAllowedDomain = {
  scheme: TWidgetScheme | null;
  /** `*.example.com`: subdomains of `host` at any depth, never `host` itself. */
  isWildcard: boolean;
  /** Normalized: punycode, lower case, no trailing dot. */
  host: string;
  port: number | null;
};

const ENTRY_SHAPE = /^(?:(https?):\/\/)?(\*\.)?(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/i;

/**
 * Parses an allowed-domain entry (`shop.example.com`, `*.example.com`, `http://localhost:3001`,
 * `https://shop.example.com:8443`, `bücher.example`). Answers null for anything invalid,
 * including plain http to a host other than localhost, 127.0.0.1 and [::1], a wildcard over an IP
 * or over a single label (`*.com`), and a bare `*`. Never throws.
 */
export function parseAllowedDomain(entry: string): TAllowedDomain | null {
  if (typeof entry !== "string") return null;
  const text = entry.trim();
  if (text.length === 0 || text.length > 300) return null;
  const shape = ENTRY_SHAPE.exec(text);
  if (!shape?.[3]) return null;
  const scheme = shape[1] === undefined ? null : (shape[1].toLowerCase() as TWidgetScheme);
  const isWildcard = shape[2] !== undefined;
  const host = normalizeHost(shape[3]);
  if (host === null) return null;
  let port: number | null = null;
  if (shape[4] !== undefined) {
    port = parsePort(shape[4]);
    if (port === null) return null;
  }
  if (isWildcard && (isIpHost(host) || !host.includes("."))) return null;
  if (scheme === "http" && (isWildcard || !isLoopbackHost(host))) return null;
  return { scheme, isWildcard, host, port };
}
