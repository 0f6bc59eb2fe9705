import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ZAllowedDomain } from "../schemas/site";
import { parseAllowedDomain } from "./allowed-domain";

describe("parseAllowedDomain", () => {
  it("normalizes host, scheme and port", () => {
    assert.deepEqual(parseAllowedDomain("Shop.Example.COM."), {
      scheme: null,
      isWildcard: false,
      host: "shop.example.com",
      port: null,
    });
    assert.deepEqual(parseAllowedDomain("HTTPS://*.Bücher.example:8443"), {
      scheme: "https",
      isWildcard: true,
      host: "xn--bcher-kva.example",
      port: 8443,
    });
    assert.deepEqual(parseAllowedDomain("http://localhost:3001"), {
      scheme: "http",
      isWildcard: false,
      host: "localhost",
      port: 3001,
    });
  });

  it("refuses invalid entries", () => {
    for (const entry of [
      "",
      "*",
      "*.",
      "*.com",
      "**.example.com",
      "a.*.example.com",
      "*.10.0.0.1",
      "http://example.com",
      "http://*.localhost",
      "ftp://example.com",
      "example.com/path",
      "example.com:0",
      "example.com:99999",
      "user@example.com",
      "example.com;script-src *",
      "example.com 'unsafe-inline'",
      "exa'mple.com",
      "-example.com",
      "xn--zz.example",
      "[::1",
    ]) {
      assert.equal(parseAllowedDomain(entry), null, entry);
    }
  });

  it("accepts every valid entry the site schema accepts, and the schema refuses what CSP could not carry", () => {
    for (const entry of ["shop.example.com", "*.example.com", "http://localhost:3001", "bücher.example"]) {
      assert.ok(ZAllowedDomain.safeParse(entry).success, entry);
      assert.notEqual(parseAllowedDomain(entry), null, entry);
    }
    for (const entry of ["example.com;x", "a b", "example.com/x"]) {
      const isSchemaValid = ZAllowedDomain.safeParse(entry).success;
      assert.ok(!isSchemaValid || parseAllowedDomain(entry) === null, entry);
    }
  });
});
