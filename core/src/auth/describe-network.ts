import { isIP } from "node:net";
import { anonymizeIp } from "../privacy/anonymize-ip";

/**
 * The network a client address belongs to, as stored for a session and shown in the session list
 * ("203.0.113.0/24", "2001:db8:abcd::/48"): the anonymized address with its prefix length. There
 * is no offline geolocation database, so this is the most "place" the hub can tell. Null for
 * anything that is not an IP address.
 */
export function describeNetwork(ip: string | null | undefined): string | null {
  if (typeof ip !== "string" || isIP(ip) === 0) return null;
  const anonymized = anonymizeIp(ip);
  return `${anonymized}/${isIP(anonymized) === 4 ? 24 : 48}`;
}
