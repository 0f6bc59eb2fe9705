import { defaultPortOf, normalizeHost, parsePort, type TWidgetScheme } from "./host";

/** A web origin taken apart: normalized host and the port actually used (default filled in). */
export type TParsedOrigin = { scheme: TWidgetScheme; host: string; port: number };

// scheme://authority and nothing else: an Origin header never has a path, query, fragment or
// userinfo, so any of them means the value is not an origin (or is an attempt to smuggle one).
const ORIGIN_SHAPE = /^(https?):\/\/([^/?#@\\\s%]+)$/i;
const AUTHORITY = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/;

/**
 * Parses a serialized origin such as the `Origin` header (`https://shop.example.com:8443`).
 * Answers null for `null`, anything with a path, userinfo, query or fragment, schemes other than
 * http(s), and malformed hosts or ports. Never throws.
 */
export function parseOrigin(origin: string): TParsedOrigin | null {
  if (typeof origin !== "string" || origin.length > 300) return null;
  const shape = ORIGIN_SHAPE.exec(origin);
  if (!shape?.[1] || !shape[2]) return null;
  const authority = AUTHORITY.exec(shape[2]);
  if (!authority?.[1]) return null;
  const scheme = shape[1].toLowerCase() as TWidgetScheme;
  const host = normalizeHost(authority[1]);
  if (host === null) return null;
  let port = defaultPortOf(scheme);
  if (authority[2] !== undefined) {
    const explicit = parsePort(authority[2]);
    if (explicit === null) return null;
    port = explicit;
  }
  return { scheme, host, port };
}

/** Writes an origin the way browsers serialize it (default port left out). */
export function formatOrigin(origin: TParsedOrigin): string {
  const port = origin.port === defaultPortOf(origin.scheme) ? "" : `:${origin.port}`;
  return `${origin.scheme}://${origin.host}${port}`;
}

/**
 * The canonical form of an origin (punycode, lower case, no default port, no trailing dot), or
 * null when it is not one. Compare origins only in this form.
 *
 * @example
 * normalizeOrigin("HTTPS://Bücher.example:443"); // "https://xn--bcher-kva.example"
 */
export function normalizeOrigin(origin: string): string | null {
  const parsed = parseOrigin(origin);
  return parsed === null ? null : formatOrigin(parsed);
}
