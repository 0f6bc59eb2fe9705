import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isOriginAllowed } from "./is-origin-allowed";

type TCase = [entries: string[], origin: string, allowed: boolean, why: string];

// Widget hijacking: a page on a domain the site never listed must not get the widget or a
// session. Each refused case below is a way to make a foreign origin look like an allowed one.
const hostileCases: TCase[] = [
  [["example.com"], "https://example.com.evil.test", false, "allowed name as a prefix of a foreign host"],
  [["*.example.com"], "https://example.com.evil.test", false, "wildcard base as a prefix"],
  [["*.example.com"], "https://evilexample.com", false, "suffix without the dot boundary"],
  [["*.example.com"], "https://evil-example.com", false, "look-alike suffix"],
  [["example.com"], "https://example.com@evil.test", false, "userinfo pointing elsewhere"],
  [["example.com"], "https://user@example.com", false, "userinfo at all"],
  [["example.com"], "https://evil.test#@example.com", false, "fragment trick"],
  [["example.com"], "https://evil.test/?x=https://example.com", false, "path/query trick"],
  [["example.com"], "https://example.com/", false, "trailing slash is a path"],
  [["example.com"], "https://example.com/path", false, "path"],
  [["example.com"], "https://example.com?x", false, "query"],
  [["example.com"], "https://example.com\\@evil.test", false, "backslash"],
  [["example.com"], "https://ex%61mple.com", false, "percent-encoded host"],
  [["example.com"], "https://exаmple.com", false, "Cyrillic а homograph"],
  [["exаmple.com"], "https://example.com", false, "homograph entry does not allow the ASCII name"],
  [["example.com"], "https://xn--exmple-4nf.com", false, "punycode of the homograph"],
  [["shop.example.com"], "http://shop.example.com", false, "http on a non-loopback host"],
  [["http://shop.example.com"], "http://shop.example.com", false, "http entry for a public host is invalid"],
  [["*.example.com"], "http://a.example.com", false, "http under a wildcard"],
  [["*.example.com"], "https://example.com", false, "wildcard does not cover the apex"],
  [["*.example.com"], "https://.example.com", false, "empty label"],
  [["example.com"], "https://example.com:8443", false, "non-default port without a listed port"],
  [["https://shop.example.com:8443"], "https://shop.example.com", false, "listed port, origin on default"],
  [["https://shop.example.com:8443"], "https://shop.example.com:8444", false, "other port"],
  [["http://localhost:3001"], "http://localhost:3002", false, "loopback with a listed port"],
  [["http://localhost:3001"], "https://localhost:3001", false, "listed scheme must match"],
  [["https://localhost"], "http://localhost:3000", false, "listed https, origin http"],
  [["localhost"], "http://localhost.evil.test", false, "loopback name as prefix"],
  [["127.0.0.1"], "http://127.0.0.2", false, "other loopback address not listed"],
  [["localhost"], "http://127.0.0.1", false, "localhost does not imply 127.0.0.1"],
  [["example.com"], "null", false, "opaque origin"],
  [["example.com"], "", false, "empty"],
  [["example.com"], "example.com", false, "no scheme"],
  [["example.com"], "ftp://example.com", false, "other scheme"],
  [["example.com"], "javascript://example.com", false, "javascript scheme"],
  [["example.com"], "https://example.com:0", false, "port zero"],
  [["example.com"], "https://example.com:65536", false, "port out of range"],
  [["example.com"], "https://example.com:", false, "empty port"],
  [["example.com"], " https://example.com", false, "leading whitespace"],
  [["example.com"], "https://example.com\n", false, "trailing newline"],
  [["example.com"], "https://exa mple.com", false, "inner space"],
  [["example.com"], "https://example.com..", false, "two trailing dots"],
  [["example.com"], "https://[::1]", false, "IPv6 not listed"],
  [["*"], "https://example.com", false, "bare wildcard entry is invalid"],
  [["*.com"], "https://example.com", false, "wildcard over a single label is invalid"],
  [["*.127.0.0.1"], "https://a.127.0.0.1", false, "wildcard over an IP is invalid"],
  [["example.com/"], "https://example.com", false, "entry with a path is invalid"],
  [["user@example.com"], "https://example.com", false, "entry with userinfo is invalid"],
  [[""], "https://example.com", false, "empty entry"],
  [[], "https://example.com", false, "empty list"],
  [["a_b.example.com"], "https://a_b.example.com", false, "underscore is not a host character"],
];

const legitimateCases: TCase[] = [
  [["example.com"], "https://example.com", true, "exact host"],
  [["example.com"], "https://example.com:443", true, "explicit default port"],
  [["shop.example.com", "example.com"], "https://example.com", true, "second entry"],
  [["*.example.com"], "https://shop.example.com", true, "one level below the wildcard"],
  [["*.example.com"], "https://a.b.c.example.com", true, "any depth"],
  [["*.example.com", "example.com"], "https://example.com", true, "apex listed itself"],
  [["Example.COM"], "https://EXAMPLE.com", true, "case-insensitive on both sides"],
  [["example.com"], "HTTPS://example.com", true, "scheme case"],
  [["example.com."], "https://example.com", true, "trailing dot on the entry"],
  [["example.com"], "https://example.com.", true, "trailing dot on the origin"],
  [["  example.com  "], "https://example.com", true, "entry whitespace trimmed"],
  [["bücher.example"], "https://xn--bcher-kva.example", true, "IDN entry, punycode origin"],
  [["xn--bcher-kva.example"], "https://bücher.example", true, "punycode entry, IDN origin"],
  [["*.bücher.example"], "https://shop.xn--bcher-kva.example", true, "IDN wildcard"],
  [["BÜCHER.example"], "https://xn--bcher-kva.example", true, "IDN case-folded"],
  [["https://shop.example.com:8443"], "https://shop.example.com:8443", true, "listed scheme and port"],
  [["shop.example.com:8443"], "https://shop.example.com:8443", true, "listed port without scheme"],
  [["https://*.example.com:8443"], "https://a.example.com:8443", true, "wildcard with port"],
  [["http://localhost:3001"], "http://localhost:3001", true, "loopback with scheme and port"],
  [["localhost"], "http://localhost:5173", true, "loopback without port: any port"],
  [["localhost"], "https://localhost:8443", true, "loopback without scheme: https too"],
  [["localhost"], "http://localhost", true, "loopback default port"],
  [["http://localhost"], "http://localhost:3000", true, "loopback with scheme, no port: any port"],
  [["127.0.0.1"], "http://127.0.0.1:8080", true, "IPv4 loopback"],
  [["[::1]"], "http://[::1]:3000", true, "IPv6 loopback"],
  [["http://[::1]:3000"], "http://[::1]:3000", true, "IPv6 loopback with port"],
  [["[0:0:0:0:0:0:0:1]"], "http://[::1]:3000", true, "IPv6 written long"],
  [["localhost:3001"], "https://localhost:3001", true, "loopback port without scheme"],
  [["203.0.113.7"], "https://203.0.113.7", true, "public IPv4 over https"],
];

describe("isOriginAllowed", () => {
  for (const [entries, origin, allowed, why] of hostileCases) {
    it(`refuses ${JSON.stringify(origin)} for ${JSON.stringify(entries)}: ${why}`, () => {
      assert.equal(isOriginAllowed(entries, origin), allowed);
    });
  }

  for (const [entries, origin, allowed, why] of legitimateCases) {
    it(`allows ${JSON.stringify(origin)} for ${JSON.stringify(entries)}: ${why}`, () => {
      assert.equal(isOriginAllowed(entries, origin), allowed);
    });
  }

  it("never throws, whatever it is given", () => {
    const junk: unknown[] = [null, undefined, 42, {}, [], "\u0000", "https://\ud800.com", "x".repeat(10_000)];
    for (const origin of junk) {
      for (const entries of [junk, ["example.com"], null, "example.com"]) {
        assert.doesNotThrow(() => isOriginAllowed(entries as string[], origin as string));
        assert.equal(isOriginAllowed(entries as string[], origin as string), false);
      }
    }
  });
});
