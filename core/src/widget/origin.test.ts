import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeOrigin, parseOrigin } from "./origin";

describe("parseOrigin / normalizeOrigin", () => {
  it("fills in the default port and normalizes the host", () => {
    assert.deepEqual(parseOrigin("https://Shop.Example.com"), {
      scheme: "https",
      host: "shop.example.com",
      port: 443,
    });
    assert.deepEqual(parseOrigin("http://localhost:3001"), { scheme: "http", host: "localhost", port: 3001 });
  });

  it("serializes like a browser", () => {
    assert.equal(normalizeOrigin("HTTPS://Bücher.example:443"), "https://xn--bcher-kva.example");
    assert.equal(normalizeOrigin("https://example.com.:8443"), "https://example.com:8443");
    assert.equal(normalizeOrigin("http://[0:0::1]:3000"), "http://[::1]:3000");
  });

  it("is null for anything that is not an origin", () => {
    for (const value of [
      "null",
      "https://a.test/",
      "https://u@a.test",
      "a.test",
      "https://",
      "https://:80",
    ]) {
      assert.equal(normalizeOrigin(value), null, value);
    }
  });
});
