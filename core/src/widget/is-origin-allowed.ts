import { parseAllowedDomain, type TAllowedDomain } from "./allowed-domain";
import { defaultPortOf, isLoopbackHost } from "./host";
import { parseOrigin, type TParsedOrigin } from "./origin";

/**
 * Whether a page at `origin` may embed the widget of a site with these allowed domains.
 *
 * Rules: an entry is an exact host or `*.example.com` (subdomains at any depth; the apex only if
 * listed itself). Only https, except localhost, 127.0.0.1 and [::1], which may also use http. An
 * entry with a scheme or port must match them exactly; an entry without a port matches only the
 * scheme's default port, except a loopback entry without a port, which matches any port (local
 * development servers pick their ports freely). Hosts compare in punycode and case-insensitively,
 * trailing dots ignored. `null`, origins with a path or userinfo, and malformed input are refused.
 * Never throws.
 *
 * @example
 * isOriginAllowed(["*.example.com"], "https://shop.example.com"); // true
 * isOriginAllowed(["*.example.com"], "https://example.com"); // false: the apex is not listed
 * isOriginAllowed(["bücher.example"], "https://xn--bcher-kva.example"); // true
 */
export function isOriginAllowed(allowedDomains: readonly string[], origin: string): boolean {
  try {
    if (!Array.isArray(allowedDomains)) return false;
    const parsed = parseOrigin(origin);
    if (parsed === null) return false;
    return allowedDomains.some((entry) => {
      const domain = parseAllowedDomain(entry);
      return domain !== null && isOriginMatching(domain, parsed);
    });
  } catch {
    // Unreachable by design; the promise "never throws" must hold even if a parser regresses.
    return false;
  }
}

function isOriginMatching(domain: TAllowedDomain, origin: TParsedOrigin): boolean {
  const isLoopback = isLoopbackHost(origin.host);
  if (origin.scheme === "http" && !isLoopback) return false;
  if (domain.scheme !== null && domain.scheme !== origin.scheme) return false;
  if (!isHostMatching(domain, origin.host)) return false;
  if (domain.port !== null) return domain.port === origin.port;
  return isLoopbackHost(domain.host) || origin.port === defaultPortOf(origin.scheme);
}

function isHostMatching(domain: TAllowedDomain, host: string): boolean {
  if (!domain.isWildcard) return host === domain.host;
  return host.length > domain.host.length + 1 && host.endsWith(`.${domain.host}`);
}
