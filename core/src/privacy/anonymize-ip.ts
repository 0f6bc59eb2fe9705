import { isIP } from "node:net";
import { AppError } from "../errors/app-error";
import type { TPolicySettings } from "../schemas/policy";

/** How a visitor's IP address is kept: truncated, or not at all. */
export type TIpHandling = NonNullable<TPolicySettings["ipHandling"]>;

/** IPv6 bits kept by anonymization: the routing prefix most providers assign to a site (/48). */
const KEPT_IPV6_HEXTETS = 3;

/**
 * Truncates an IP address so it no longer identifies one device: the last IPv4 octet and all but the
 * first 48 bits of an IPv6 address become zero. IPv4-mapped IPv6 addresses are answered as IPv4.
 * Throws `request.invalid` (without echoing the input) when `ip` is not an IP address.
 *
 * @example anonymizeIp("2001:db8:abcd:1234::1") // "2001:db8:abcd::"
 */
export function anonymizeIp(ip: string): string {
  const version = isIP(ip);
  if (version === 4) return anonymizeIpv4(ip);
  if (version === 6) {
    const hextets = expandIpv6(ip);
    if (isIpv4Mapped(hextets)) return anonymizeIpv4(formatMappedIpv4(hextets));
    return compressIpv6(hextets.map((hextet, index) => (index < KEPT_IPV6_HEXTETS ? hextet : 0)));
  }
  throw new AppError("request.invalid", "Not a valid IP address.");
}

/**
 * Applies a policy's IP handling: `"anonymize"` truncates the address, `"none"` keeps no address
 * at all (so nothing about the visitor's network is stored).
 */
export function applyIpPolicy(ip: string, mode: TIpHandling): string | null {
  switch (mode) {
    case "anonymize":
      return anonymizeIp(ip);
    case "none":
      return null;
    default:
      throw new AppError("config.invalid", "Unknown IP handling mode.");
  }
}

function anonymizeIpv4(ip: string): string {
  const octets = ip.split(".");
  octets[3] = "0";
  return octets.join(".");
}

/** Eight 16-bit numbers of an address that `isIP` accepted (zone id dropped, dotted tail converted). */
function expandIpv6(ip: string): number[] {
  const address = ip.split("%")[0] ?? "";
  const [head = "", tail] = address.split("::");
  const parse = (part: string): number[] => (part === "" ? [] : part.split(":").flatMap(parsePiece));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function parsePiece(piece: string): number[] {
  if (!piece.includes(".")) return [Number.parseInt(piece, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

function isIpv4Mapped(hextets: number[]): boolean {
  return hextets.slice(0, 5).every((hextet) => hextet === 0) && hextets[5] === 0xffff;
}

function formatMappedIpv4(hextets: number[]): string {
  const high = hextets[6] ?? 0;
  const low = hextets[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/** RFC 5952 text form: lowercase, no leading zeros, the longest run (2+) of zero groups as "::". */
function compressIpv6(hextets: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < hextets.length; ) {
    if (hextets[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < hextets.length && hextets[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const text = hextets.map((hextet) => hextet.toString(16));
  if (bestStart < 0) return text.join(":");
  const head = text.slice(0, bestStart).join(":");
  const tail = text.slice(bestStart + bestLength).join(":");
  return `${head}::${tail}`;
}
