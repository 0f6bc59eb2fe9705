import { parseAllowedDomain, type TAllowedDomain } from "./allowed-domain";
import { defaultPortOf, isLoopbackHost, type TWidgetScheme } from "./host";

// What a source expression built here may contain. CSP separates directives with `;`, sources
// with whitespace, and quotes keywords; none of those can ever pass this.
const SAFE_SOURCE = /^https?:\/\/(?:\*\.)?(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?:\d{1,5}|\*))?$/;

/**
 * The `frame-ancestors` directive for the widget frame of a site: one source per allowed scheme
 * of each valid entry, in punycode, or `'none'` when no entry is valid. Invalid entries are
 * skipped (the schema should have refused them already), and every source is checked again
 * against a strict pattern so no entry can inject CSP syntax.
 *
 * @example
 * buildFrameAncestors(["shop.example.com", "*.example.com", "http://localhost:3001"]);
 * // "frame-ancestors https://shop.example.com https://*.example.com http://localhost:3001"
 */
export function buildFrameAncestors(allowedDomains: readonly string[]): string {
  const sources = new Set<string>();
  for (const entry of Array.isArray(allowedDomains) ? allowedDomains : []) {
    const domain = parseAllowedDomain(entry);
    if (domain === null) continue;
    for (const source of toSources(domain)) {
      if (SAFE_SOURCE.test(source)) sources.add(source);
    }
  }
  return sources.size === 0 ? "frame-ancestors 'none'" : `frame-ancestors ${[...sources].join(" ")}`;
}

function toSources(domain: TAllowedDomain): string[] {
  const isLoopback = isLoopbackHost(domain.host);
  const schemes: TWidgetScheme[] =
    domain.scheme !== null ? [domain.scheme] : isLoopback ? ["http", "https"] : ["https"];
  const host = domain.isWildcard ? `*.${domain.host}` : domain.host;
  return schemes.map((scheme) => `${scheme}://${host}${portSuffix(domain, scheme, isLoopback)}`);
}

function portSuffix(domain: TAllowedDomain, scheme: TWidgetScheme, isLoopback: boolean): string {
  if (domain.port === null) return isLoopback ? ":*" : "";
  return domain.port === defaultPortOf(scheme) ? "" : `:${domain.port}`;
}
