import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildFrameAncestors } from "./build-frame-ancestors";

describe("buildFrameAncestors", () => {
  it("lists each allowed origin as a source", () => {
    assert.equal(
      buildFrameAncestors(["shop.example.com", "*.example.com", "http://localhost:3001"]),
      "frame-ancestors https://shop.example.com https://*.example.com http://localhost:3001",
    );
  });

  it("writes IDN in punycode, keeps listed ports and drops default ones", () => {
    assert.equal(
      buildFrameAncestors(["bücher.example", "https://shop.example.com:8443", "https://a.example.com:443"]),
      "frame-ancestors https://xn--bcher-kva.example https://shop.example.com:8443 https://a.example.com",
    );
  });

  it("gives a loopback entry without scheme or port both schemes and any port", () => {
    assert.equal(
      buildFrameAncestors(["localhost"]),
      "frame-ancestors http://localhost:* https://localhost:*",
    );
  });

  it("deduplicates sources", () => {
    assert.equal(
      buildFrameAncestors(["Example.com", "example.com.", "https://example.com"]),
      "frame-ancestors https://example.com",
    );
  });

  it("is 'none' for an empty list or one with only invalid entries", () => {
    assert.equal(buildFrameAncestors([]), "frame-ancestors 'none'");
    assert.equal(buildFrameAncestors(["http://example.com", "*"]), "frame-ancestors 'none'");
  });

  // CSP injection: an entry that smuggles `;` or whitespace could add a directive (say
  // `script-src *`) or a source (`*`) to the frame's policy. Such entries are dropped.
  it("never lets an entry inject CSP syntax", () => {
    const hostile = [
      "example.com; script-src *",
      "example.com;frame-ancestors *",
      "example.com *",
      "example.com,evil.test",
      "example.com\t*",
      "'unsafe-inline'",
      '"example.com"',
      "example.com\n*",
      "*",
      "https://*",
      "data:",
    ];
    const directive = buildFrameAncestors([...hostile, "shop.example.com"]);
    assert.equal(directive, "frame-ancestors https://shop.example.com");
    for (const entry of hostile) {
      assert.equal(buildFrameAncestors([entry]), "frame-ancestors 'none'", entry);
    }
  });
});
