import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readLoaderConfig } from "./loader-config";

const siteKey = "site_abcdefghijklmnopqrst";

describe("readLoaderConfig", () => {
  it("derives the hub origin from the script src and builds the frame URL", () => {
    assert.deepEqual(
      readLoaderConfig({
        scriptSrc: "https://chat.example.net/widget.js?v=3",
        siteKey,
        pageOrigin: "https://shop.example.com",
      }),
      {
        siteKey,
        hubOrigin: "https://chat.example.net",
        frameUrl: `https://chat.example.net/widget/frame?site=${siteKey}&origin=https%3A%2F%2Fshop.example.com`,
      },
    );
  });

  it("refuses a missing or bad key, a bad src, and pages without an origin", () => {
    const ok = {
      scriptSrc: "https://chat.example.net/widget.js",
      siteKey,
      pageOrigin: "https://shop.example.com",
    };
    for (const input of [
      { ...ok, siteKey: undefined },
      { ...ok, siteKey: "site_<script>" },
      { ...ok, scriptSrc: "" },
      { ...ok, scriptSrc: "data:text/javascript,1" },
      { ...ok, scriptSrc: "javascript:alert(1)" },
      { ...ok, pageOrigin: "null" },
      { ...ok, pageOrigin: "file://" },
    ]) {
      assert.equal(readLoaderConfig(input), null, JSON.stringify(input));
    }
  });
});
